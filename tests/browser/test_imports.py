"""Moving old records in, in a real browser at laptop size: a manager uploads a council's file, reads the
dry run row by row (a refused date named with its row and column), imports the good rows, and each page
passes axe."""

import pytest
from playwright.sync_api import expect

from crm.models import Household, ImportedRecord
from tests.browser.conftest import axe_violations, log_in
from tests.crm.test_imports import csv_file
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_manager_uploads_reads_the_dry_run_and_imports(site, laptop, tmp_path):
    staff_member("head.of.service", role="manager", council=None, first_name="Hana", last_name="Head")
    path = tmp_path / "old-bexley-medway.csv"
    path.write_bytes(csv_file())
    page = laptop
    log_in(page, site, "head.of.service")

    page.goto(f"{site}/admin/crm/imports/")
    expect(page.get_by_role("heading", name="The file's columns")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("The old system's file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file (dry run)").click()

    expect(page.get_by_role("heading", name="Dry run of old-bexley-medway.csv")).to_be_visible()
    refused = page.get_by_role("row", name="B-1004")
    expect(refused).to_contain_text("Refused")
    expect(refused).to_contain_text('Enquiry date "31/02/2020" is not a date')
    expect(page.get_by_role("row", name="B-1005")).to_contain_text("runs as a formula")
    assert ImportedRecord.objects.count() == 0
    assert axe_violations(page) == []

    page.get_by_role("button", name="Import the 3 good rows").click()
    expect(page.get_by_role("heading", name="3 rows imported from old-bexley-medway.csv")).to_be_visible()
    baker = Household.objects.get(email="jo.baker@example.com")
    expect(page.get_by_role("row", name="B-1001")).to_contain_text(baker.reference)
    assert ImportedRecord.objects.count() == 3
    assert axe_violations(page) == []

    page.goto(f"{site}/admin/crm/imports/")
    expect(page.locator("#runs-table")).to_contain_text("Imported")

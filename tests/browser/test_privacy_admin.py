"""A manager answers a subject access request and an erasure request in the admin, in a real browser."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm.models import AuditEvent, ClosureReason, Household, Source
from crm.services import enquiry_create, household_close
from tests.browser.conftest import axe_violations, log_in
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]


def test_a_manager_finds_a_person_downloads_their_data_and_erases_them(site, page, crm_reference):
    manager = staff_member(
        "privacy.manager", role="manager", council=None, first_name="Mo", last_name="Manager"
    )
    details = enquiry_details(first_name="Priya", last_name="Shah", email="priya@example.com")
    household = enquiry_create(source=Source.WEB, details=details).household
    household_close(household=household, reason=ClosureReason.WITHDREW_CIRCUMSTANCES, by=manager.user)

    # The manager finds Priya by her email address
    log_in(page, site, "privacy.manager")
    page.goto(site + "/admin/crm/privacy/")
    page.get_by_label("Reference, email address or phone number").fill("priya@example.com")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="Records found")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"{household.reference}: Priya Shah (closed)").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert axe_violations(page) == []

    # They download her subject access file: a ZIP with a summary she can read
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download subject access file").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"subject-access-household-{household.pk}-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    summary = next(name for name in archive.namelist() if name.endswith("summary.html"))
    data = next(name for name in archive.namelist() if name.endswith("data.json"))
    assert "priya@example.com" in archive.read(summary).decode()
    assert json.loads(archive.read(data))["sections"]["Your details"][0]["First name"] == "Priya"

    # They erase her, confirming and giving a reason
    page.get_by_role("link", name="Erase this person's details").click()
    expect(page.get_by_role("heading", name="What happens in each place")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Why are their details being erased?").fill("Asked by email, ticket 5120")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("Erased: 1 record anonymised or removed here")).to_be_visible()

    household.refresh_from_db()
    assert (household.first_name, household.email) == ("Anonymised", "")

    # The retention policy and its dry run are one link away
    page.get_by_role("link", name="See the retention policy and what the next nightly run will do").click()
    expect(page.get_by_role("cell", name="Approved adopters", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    actions = set(AuditEvent.objects.filter(household_id=household.pk).values_list("action", "username"))
    assert {("view", "privacy.manager"), ("subject_access", "privacy.manager")} <= actions
    assert ("anonymise", "privacy.manager") in actions
    assert not Household.objects.filter(email="priya@example.com").exists()

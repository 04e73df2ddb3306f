"""What people see of the privacy rules, in a real browser: a refused record and the managers' panel of
repeated refusals, the subject access summary as the member of the public reads it, and the
newsletter list as marketing and managers see it."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from campaigns.newsletter.subscribers import subscriber_subscribe
from core import consent
from crm.models import Source
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.factories import UserFactory, enquiry_details, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]


def test_a_refused_record_is_a_plain_not_found_and_managers_see_the_repeats(site, page, crm_reference):
    staff_member("manager", role="manager", council=None)
    staff_member("medway.worker", council="medway")
    kent = enquiry_create(source=Source.WEB, details=enquiry_details(postcode="ME14 1XX")).household

    # A Medway worker tries a Kent household three times and is told only that it is not there
    log_in(page, site, "medway.worker")
    for _ in range(3):
        response = page.goto(site + f"/admin/crm/households/{kent.pk}/")
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_text(kent.reference)).to_have_count(0)

    # A manager sees it on the Privacy screen, and in the trail of the household asked about
    page.context.clear_cookies()
    log_in(page, site, "manager")
    page.goto(site + "/admin/crm/privacy/")
    panel = page.get_by_role("table", name=re.compile("Staff refused records 3 or more times"))
    expect(panel.get_by_role("rowheader", name="medway.worker")).to_be_visible()
    expect(panel.get_by_role("cell", name="3", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    panel.get_by_role("link", name=kent.reference).first.click()
    expect(page.get_by_role("cell", name="Denied access", exact=True)).to_have_count(3)
    assert axe_violations(page) == []


def test_the_subject_access_summary_reads_as_plain_english(site, page, crm_reference):
    staff_member("manager", role="manager", council=None)
    household = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Priya", email="priya@example.com", household_type="couple"),
        attribution={"vanity": "radio", "host": "127.0.0.1"},
    ).household
    log_in(page, site, "manager")
    page.goto(site + f"/admin/crm/privacy/household-{household.pk}/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download subject access file").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    summary = archive.read(next(name for name in archive.namelist() if name.endswith("summary.html")))

    # Priya opens the summary
    page.set_content(summary.decode())
    expect(
        page.get_by_role("heading", name="Your personal data held by Adoption Partnership south east")
    ).to_be_visible()
    expect(page.get_by_text("Each time you got in touch with us, exactly as you told us")).to_be_visible()
    received = page.get_by_role("row", name=re.compile("^Received")).first
    expect(received).to_have_text(re.compile(r"Received\s*\d{1,2} [A-Z][a-z]+ 20\d\d, \d{1,2}:\d\d[ap]m"))
    expect(page.get_by_text(re.compile("Adopting: As a couple"))).to_be_visible()
    body = page.locator("body").inner_text()
    for internal in ("None", "household_type", "127.0.0.1", "T0", "+00:00"):
        assert internal not in body, internal
    assert axe_violations(page) == []


def test_the_newsletter_list_for_marketing_and_for_a_manager(site, page, crm_reference):
    staff_member("manager", role="manager", council=None)
    UserFactory(username="marketing").groups.add(roles_sync()[MARKETING_EDITORS])
    for email, source in (
        ("adopter@example.com", "Enquiry: Phone call"),
        ("reader@example.com", "Newsletter page"),
    ):
        subscriber_subscribe(
            email=email,
            first_name="",
            council="kent",
            wording=consent.NEWSLETTER.text,
            wording_version=consent.NEWSLETTER.version,
            source=source,
        )

    log_in(page, site, "marketing")
    page.goto(site + "/admin/newsletter/")
    table = page.get_by_role("table", name="Newsletter subscribers, newest first")
    expect(table.get_by_role("cell", name="adopter@example.com", exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name="reader@example.com", exact=True)).to_be_visible()
    expect(table).not_to_contain_text("Enquiry")
    expect(table).not_to_contain_text("Newsletter page")
    expect(page.get_by_text("Where each one signed up is for managers only")).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    log_in(page, site, "manager")
    page.goto(site + "/admin/newsletter/")
    expect(page.get_by_role("table", name="Newsletter subscribers, newest first")).to_contain_text(
        "Enquiry: Phone call"
    )
    assert axe_violations(page) == []

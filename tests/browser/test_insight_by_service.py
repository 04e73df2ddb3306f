"""A manager reads Workload for adoption support in a real browser: the Service filter is a plain GET
form, so it works without JavaScript, and the support case is counted where recruitment's are not."""

import re

import pytest
from playwright.sync_api import expect

from crm.models import EnquiryType, Source
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_insight import rows, show_figures
from tests.factories import central_team, enquiry_details, staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def support_case(site):
    front_door = central_team()
    staff_member("central.worker", council=None, team=front_door, first_name="Cy", last_name="Central")
    staff_member("manager", role="manager", council=None, first_name="Mel", last_name="Manager")
    details = enquiry_details(
        enquiry_type=EnquiryType.SUPPORT,
        service_details={
            "child_age": 7,
            "order_date": "2024-05-01",
            "placing_council": "other",
            "placing_council_other": "Surrey County Council",
            "needs": ["therapy"],
        },
        first_name="Pat",
        email="pat@example.com",
        phone="",
    )
    household = enquiry_create(source=Source.WEB, details=details).household
    assert household.team == front_door
    return household


def test_a_manager_chooses_adoption_support_on_workload_without_javascript(
    site, no_js_page, page, support_case
):
    log_in(no_js_page, site, "manager")
    no_js_page.goto(site + "/admin/insight/workload/")
    expect(no_js_page.get_by_role("heading", name="Service: Adopting a child (recruitment)")).to_be_visible()
    assert rows(no_js_page.get_by_role("table", name="Open cases by team"))[-1][:6] == [
        "Total",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]
    # Every service's open cases are at the top whichever service is chosen.
    assert rows(no_js_page.get_by_role("table", name="Open cases by service")) == [
        ["Adoption support", "1", "0", "0"],
    ]

    no_js_page.get_by_label("Service", exact=True).select_option(label="Adoption support")
    show_figures(no_js_page)

    expect(no_js_page).to_have_url(re.compile(r"[?&]service=support(&|$)"))
    expect(no_js_page.get_by_role("heading", name="Service: Adoption support")).to_be_visible()
    expect(no_js_page.get_by_label("Service", exact=True)).to_have_value("support")
    teams = rows(no_js_page.get_by_role("table", name="Open cases by team"))
    assert ["Front door team", "1", "0", "0", "1", "1", "0.0"] in teams
    assert teams[-1] == ["Total", "1", "0", "0", "1", "1", "0.0"]
    workers = no_js_page.get_by_role("table", name="Open cases by worker and stage")
    expect(workers.get_by_role("columnheader", name="Assessment of need")).to_be_visible()
    assert ["Cy Central", "Front door team", "1", "0", "0", "1", "0"] in rows(workers)

    # The same screen passes axe-core where scripts run.
    log_in(page, site, "manager")
    page.goto(no_js_page.url)
    expect(page.get_by_role("heading", name="Service: Adoption support")).to_be_visible()
    assert axe_violations(page) == []

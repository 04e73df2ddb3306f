"""A recruitment worker's day in the admin, seen in a real browser on a laptop: the desk on the dashboard,
the triage queue, the household page, and the APSE sign-in."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.crm.test_admin_screens import make_household
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport=LAPTOP, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def worker(site, crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


def test_signing_in_opens_the_workers_desk_one_click_from_each_household(site, laptop, worker):
    import datetime as dt

    from django.utils import timezone

    from crm.models import Clock, EventBooking, Household
    from tests.factories import event_page
    from website.models import EventIndexPage

    first = make_household(first_name="Priya", last_name="Shah")
    stuck = make_household(first_name="Lee", last_name="Stuck", n=1)
    Household.objects.filter(pk=stuck.pk).update(
        stage="initial_conversation",
        clock=Clock.objects.get(code="initial_conversation_stalled"),
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    evening = event_page(EventIndexPage.objects.get(), title="Information evening in Maidstone", days=3)
    EventBooking.objects.create(event=evening, household=first, places=2)
    page = laptop
    log_in(page, site, "kent.worker")

    first_calls = page.get_by_role("region", name="Yours, waiting for a first call")
    expect(first_calls.get_by_role("link", name="Priya Shah")).to_be_visible()
    expect(first_calls.get_by_role("row").filter(has_text="Priya Shah")).to_contain_text("New")
    expect(first_calls).to_contain_text("2 working days left")
    late = page.get_by_role("region", name="Overdue or stalled: your cases")
    expect(late.get_by_role("row").filter(has_text="Lee Stuck")).to_contain_text("Stalled")
    events = page.get_by_role("region", name="This week's events")
    expect(events.get_by_role("row").filter(has_text="Information evening in Maidstone")).to_contain_text(
        "2 of 30 places"
    )
    assert axe_violations(page) == []

    first_calls.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", name="Priya Shah", level=2)).to_be_visible()


def test_a_manager_sees_the_teams_cases_and_who_holds_them(site, laptop, worker):
    staff_member("kent.manager", role="manager", council="kent")
    make_household(first_name="Priya", last_name="Shah")
    page = laptop
    log_in(page, site, "kent.manager")

    first_calls = page.get_by_role("region", name="Waiting for a first call")
    expect(first_calls.get_by_role("row").filter(has_text="Priya Shah")).to_contain_text("Kim Kent")
    assert axe_violations(page) == []


def test_the_household_page_groups_its_actions_with_the_likely_next_one_open(site, laptop, worker):
    from crm.services import household_add_note

    household = make_household(first_name="Priya", last_name="Shah")
    household_add_note(
        household=household, by=worker.user, text="Rang the GP surgery\nThey will send it on Monday"
    )
    page = laptop
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")

    actions = page.get_by_role("region", name="Actions")
    expect(actions.locator("summary")).to_have_text(
        [
            "Contact",
            "Move on",
            "Notes and messages",
            "Documents",
            "Information pack",
            "Timescale",
            "Close or reopen",
            "Merge",
        ]
    )
    # A new enquiry needs its first call: that group is open, the rest folded away.
    expect(page.get_by_role("region", name="Log a call")).to_be_visible()
    expect(page.get_by_role("region", name="Close the case")).to_be_hidden()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text("Rang the GP surgery")).to_have_count(1)
    expect(page.get_by_role("region", name="Details")).not_to_contain_text("Not asked")
    assert axe_violations(page) == []

    actions.locator("summary", has_text="Close or reopen").click()
    expect(page.get_by_role("region", name="Close the case")).to_be_visible()


def test_the_household_page_groups_open_without_javascript(site, no_js_page, worker):
    household = make_household(first_name="Priya", last_name="Shah")
    page = no_js_page
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    expect(page.get_by_role("region", name="Add a note")).to_be_hidden()
    page.locator("summary", has_text="Notes").click()
    note = page.get_by_role("region", name="Add a note")
    note.get_by_label("Note").fill("Left a voicemail")
    note.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()


def rows_in_view(page, rows) -> int:
    """How many of ``rows`` are wholly on screen without scrolling."""
    height = page.viewport_size["height"]
    return sum(1 for row in rows.all() if (box := row.bounding_box()) and box["y"] + box["height"] <= height)


def test_the_queue_shows_ten_rows_with_the_filters_folded_and_marks_new_cases(site, laptop, worker):
    households = [make_household(first_name=f"Person{n}", last_name="Shah", n=n) for n in range(24)]
    opened = households[0]
    page = laptop
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{opened.pk}/")
    expect(page.get_by_role("heading", name=opened.display_name, level=2)).to_be_visible()

    page.goto(site + "/admin/crm/households/")
    rows = page.locator("table.crm-queue tbody tr")
    expect(rows).to_have_count(24)
    # The filters are folded away until wanted: the search box and the list come first.
    expect(page.get_by_label("Council")).to_be_hidden()
    assert rows_in_view(page, rows) >= 10
    # Every case nobody has opened is marked new; the one Kim opened is not.
    expect(rows.filter(has_text=opened.display_name)).not_to_contain_text("New")
    expect(rows.filter(has_text="Person1 Shah")).to_contain_text("New")
    expect(rows.filter(has=page.locator(".crm-badge--new"))).to_have_count(23)
    assert axe_violations(page) == []

    page.get_by_text("Filters", exact=True).click()
    stage, source = page.get_by_label("Stage"), page.get_by_label("Came in by")
    expect(stage).to_be_visible()
    stage_box, source_box = stage.bounding_box(), source.bounding_box()
    side_by_side = stage_box["y"] < source_box["y"] + source_box["height"]
    assert not side_by_side or stage_box["x"] + stage_box["width"] <= source_box["x"], (
        "Stage overlaps Came in by"
    )
    stage.select_option(label="Enquiry")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status").filter(has_text="household")).to_contain_text("24 households match")
    # A filter in use keeps the bar open and says so.
    expect(page.get_by_label("Stage")).to_be_visible()
    expect(page.locator(".crm-filterbar summary")).to_contain_text("1 in use")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Person1 Shah").click()
    expect(page.get_by_role("heading", name="Person1 Shah", level=2)).to_be_visible()
    page.go_back()
    page.reload()
    expect(rows.filter(has_text="Person1 Shah")).not_to_contain_text("New")


def test_the_queue_filters_open_and_work_without_javascript(site, no_js_page, worker):
    make_household(first_name="Priya", last_name="Shah")
    make_household(first_name="Lee", postcode="DA1 4AA", n=1)
    staff_member("manager", role="manager", council=None)
    page = no_js_page
    log_in(page, site, "manager")
    page.goto(site + "/admin/crm/households/?tab=all")
    expect(page.locator("table.crm-queue tbody tr")).to_have_count(2)
    expect(page.get_by_label("Council")).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Council").select_option(label="Kent")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.crm-queue tbody tr")).to_have_count(1)
    expect(page.locator("table.crm-queue")).to_contain_text("Priya Shah")


def test_staff_sign_in_to_the_partnership_not_to_wagtail(site, laptop, worker):
    page = laptop
    page.goto(site + "/admin/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Adoption Partnership south east")
    expect(page).to_have_title(re.compile(r"Adoption Partnership south east$"))
    expect(page.get_by_role("img", name="Adoption Partnership south east")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Wagtail")
    assert axe_violations(page) == []

    log_in(page, site, "kent.worker")
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("link", name="Dashboard").locator("img.apse-sidebar-logo")).to_be_visible()
    # The sidebar wears APSE's deep teal (#073f44), not Wagtail's purple.
    colour = sidebar.locator(".sidebar__inner").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    red, green, blue = (int(part) for part in re.findall(r"\d+", colour)[:3])
    assert abs(red - 7) <= 3 and abs(green - 63) <= 3 and abs(blue - 68) <= 3, colour
    expect(page).to_have_title(re.compile(r"Adoption Partnership south east$"))

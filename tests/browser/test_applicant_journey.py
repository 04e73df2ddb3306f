"""An enquirer registers their interest online in a real browser, over two days.

On a phone they ask for a sign-in link, open it from the email, see their stage and next step, fill in half
of the registration of interest (a date of birth under 18 refused on the way, with what they typed kept),
and sign out. The next day, on a laptop, they ask for a new link, carry on where they left off, finish,
check their answers and send it. Their worker then finds the household in the queue at "Registration of
interest" with its 5-working-day decision clock. The task list, a step with errors and the review page are
checked with axe-core at phone and laptop sizes.

"The next day" is made by moving the saved registration and the first day's sign-in a day back in the
database, since the live server's clock cannot be frozen from the test.
"""

import datetime as dt
import re

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from crm.calendar import add_working_days
from crm.models import ApplicantSession, RegistrationOfInterest, SignInLink, Source, Stage
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_applicant_page import sign_in
from tests.crm.registration_helpers import born_years_ago
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def household(site):
    staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    return enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Priya", last_name="Shah", email="priya@example.com"),
    ).household


def axe_at_both_sizes(page) -> list[str]:
    """axe-core's violations at a phone's size and a laptop's, the page left at the size it was."""
    found = []
    was = page.viewport_size
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        found += [f"{size['width']}px: {violation}" for violation in axe_violations(page)]
    page.set_viewport_size(was)
    return found


def status_of(page, title: str):
    return page.locator(".task-list__item", has=page.get_by_role("link", name=title)).locator(
        ".task-list__status"
    )


def test_an_enquirer_registers_their_interest_over_two_days_and_their_worker_sees_the_clock(
    site, browser, household
):
    # Day one, on a phone
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = phone.new_page()
    sign_in(page, site, "priya@example.com")
    where = page.get_by_role("region", name="Where you are")
    expect(where).to_contain_text("We have your enquiry.")
    expect(where).to_contain_text("Someone from our team will call you")
    page.get_by_role("link", name="Register your interest").click()

    expect(page.get_by_role("heading", name="Your registration of interest", level=1)).to_be_visible()
    expect(status_of(page, "1. About you")).to_have_text("Not started")
    assert axe_at_both_sizes(page) == []
    page.get_by_role("link", name="Start").click()

    expect(page.get_by_text("Part 1 of 7")).to_be_visible()
    page.locator("main").get_by_label("Your full name").fill("Priya Anjali Shah")
    too_young = born_years_ago(17)
    page.locator("main").get_by_label("Day").fill(too_young["date_of_birth_day"])
    page.locator("main").get_by_label("Month").fill(too_young["date_of_birth_month"])
    page.locator("main").get_by_label("Year").fill(too_young["date_of_birth_year"])
    page.locator("main").get_by_label("Address line 1").fill("4 Mill Lane")
    page.locator("main").get_by_label("Town or city").fill("Maidstone")
    page.locator("main").get_by_label("Postcode").fill("ME14 1XX")
    page.locator("main").get_by_label("Phone number").fill("07700 900123")
    expect(page.locator("main").get_by_label("Email address")).to_have_value("priya@example.com")
    page.get_by_role("button", name="Save and continue").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("You must be 18 or over to register an interest in adopting")
    expect(page.locator("main").get_by_label("Your full name")).to_have_value("Priya Anjali Shah")
    expect(page.locator("main").get_by_label("Year")).to_have_value(too_young["date_of_birth_year"])
    assert axe_at_both_sizes(page) == []
    # The error summary's link takes them to the box to put right.
    summary.get_by_role("link").click()
    expect(page.locator("main").get_by_label("Day")).to_be_focused()
    page.locator("main").get_by_label("Year").fill("1988")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Your partner")).to_be_visible()
    page.locator("main").get_by_label("No, I am applying on my own").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Children and other people at home")).to_be_visible()
    page.get_by_role("group", name="Do any children live with you?").get_by_label("No").check()
    page.get_by_role("group", name="Does anyone else aged 18 or over live with you?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Your health")).to_be_visible()
    page.get_by_role("group", name=re.compile("health condition or disability")).get_by_label("Yes").check()
    page.get_by_role("button", name="Save and come back later").click()

    expect(page.get_by_role("status")).to_contain_text("Your health is saved")
    expect(status_of(page, "3. Children and other people at home")).to_have_text("Completed")
    expect(status_of(page, "4. Your health")).to_have_text("In progress")
    expect(status_of(page, "5. Your referees")).to_have_text("Not started")
    page.goto(f"{site}/your-adoption/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    phone.close()

    # The next day
    yesterday = dt.timedelta(days=1)
    registration = RegistrationOfInterest.objects.get(household=household)
    RegistrationOfInterest.objects.filter(pk=registration.pk).update(
        started_at=registration.started_at - yesterday, updated_at=registration.updated_at - yesterday
    )
    for model, fields in (
        (SignInLink, ("created_at", "expires_at", "used_at")),
        (ApplicantSession, ("created_at", "last_seen_at", "ended_at")),
    ):
        for row in model.objects.filter(household=household):
            model.objects.filter(pk=row.pk).update(
                **{name: getattr(row, name) - yesterday for name in fields if getattr(row, name)}
            )

    laptop = browser.new_context(viewport=LAPTOP, locale="en-GB")
    page = laptop.new_page()
    sign_in(page, site, "priya@example.com")
    page.get_by_role("link", name="Continue your registration of interest").click()
    expect(page.get_by_role("heading", name="You have completed 3 of 7 parts")).to_be_visible()
    page.get_by_role("link", name="Continue where you left off").click()

    expect(page.get_by_role("heading", name="Your health")).to_be_visible()
    health = page.get_by_role("group", name=re.compile("health condition or disability"))
    expect(health.get_by_label("Yes")).to_be_checked()
    page.locator("main").get_by_label(re.compile("If yes, tell us about it")).fill(
        "Asthma, mild, no effect on daily life most days"
    )
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Your referees")).to_be_visible()
    for number, (name, who, years, contact) in enumerate(
        [
            ("Grace Adeyemi", "A friend", "15", "07700 900456"),
            ("Tom Shah", "A relative", "30", "tom@example.com"),
            ("Mo Patel", "A colleague or employer", "6", "01622 123456"),
        ],
        start=1,
    ):
        page.locator("main").get_by_label(f"Referee {number}: full name").fill(name)
        page.locator("main").get_by_label(f"Referee {number}: who they are to you").select_option(label=who)
        page.locator("main").get_by_label(f"Referee {number}: how many years you have known them").fill(years)
        kind = "email address" if "@" in contact else "phone number"
        page.locator("main").get_by_label(f"Referee {number}: {kind}").fill(contact)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Agreeing to our checks")).to_be_visible()
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Declarations")).to_be_visible()
    page.get_by_role("group", name=re.compile("convicted of or cautioned")).get_by_label("No").check()
    page.locator("main").get_by_label(re.compile("The information I have given is true")).check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers before you send them")).to_be_visible()
    for answer in (
        "Priya Anjali Shah",
        "4 Mill Lane",
        "I am applying on my own",
        "Asthma, mild",
        "Grace Adeyemi",
    ):
        expect(page.get_by_text(answer).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(
        page.locator(".summary-list__row").count()
    )
    assert axe_at_both_sizes(page) == []
    page.get_by_role("button", name="Send my registration of interest").click()

    expect(page.get_by_role("heading", name="Registration of interest sent")).to_be_visible()
    household.refresh_from_db()
    due = add_working_days(timezone.localdate(), 5)
    assert household.stage == Stage.REGISTRATION_OF_INTEREST
    assert household.clock.code == "roi_decision" and household.due_on == due
    expect(page.get_by_text(f"by {due:%A} {due.day} {due:%B %Y}")).to_be_visible()
    page.goto(f"{site}/your-adoption/")
    expect(page.get_by_role("region", name="Where you are")).to_contain_text(
        "We have your registration of interest."
    )
    expect(page.get_by_role("link", name="View your registration of interest")).to_be_visible()
    laptop.close()

    # Their worker
    staff = browser.new_context(viewport=LAPTOP, locale="en-GB")
    worker = staff.new_page()
    log_in(worker, site, "kent.worker")
    worker.goto(f"{site}/admin/crm/households/?tab=all")
    row = worker.locator("tr", has=worker.get_by_role("link", name="Priya Shah"))
    expect(row).to_contain_text("Registration of interest")
    expect(row).to_contain_text(f"{due.day} {due:%b %Y}")
    row.get_by_role("link", name="Priya Shah").click()
    section = worker.get_by_role("region", name="Registration of interest")
    expect(section).to_contain_text("Sent online on")
    section.get_by_role("link", name="View the answers").click()
    expect(worker.get_by_text("Grace Adeyemi")).to_be_visible()
    assert axe_violations(worker) == []
    staff.close()

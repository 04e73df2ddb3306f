"""The optional equality questions in a real browser: after an enquiry on a phone, as the registration's
optional part, and the manager's Equality of access screen on a laptop; axe on each page."""

import datetime as dt
import time

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from crm.models import EqualityAnswers, Household, Source
from crm.services import enquiry_create
from crm.services.equality import equality_answers_save
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_applicant_page import sign_in
from tests.browser.test_booking_access_needs import shot
from tests.browser.test_enquiry import fill_required
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def test_after_an_enquiry_on_a_phone_the_person_answers_the_optional_questions(site, browser):
    staff_member("kent.worker", council="kent")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    page = context.new_page()
    page.goto(site + "/enquire/")
    fill_required(page)
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your enquiry", use_inner_text=True
    )
    expect(page.get_by_role("region", name="Optional: a few questions about you")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Answer the optional questions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About you: our equality questions")
    shot(page, "equality-phone")
    assert axe_violations(page) == []
    page.get_by_role("group", name="How old are you?").get_by_label("35 to 44").check()
    ethnic = page.get_by_role("group", name="What is your ethnic group?")
    ethnic.get_by_role("group", name="Mixed or Multiple ethnic groups").get_by_label(
        "White and Asian"
    ).check()
    page.get_by_role("group", name="What is your religion?").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")
    assert axe_violations(page) == []
    answers = EqualityAnswers.objects.get()
    assert (answers.age_band, answers.ethnic_group, answers.religion, answers.sex) == (
        "35_44",
        "mixed_white_asian",
        "prefer_not",
        "",
    )
    context.close()


def test_the_registration_has_the_questions_as_an_optional_part(site, page):
    staff_member("kent.worker", council="kent")
    enquiry_create(source=Source.WEB, details=enquiry_details(first_name="Priya", email="priya@example.com"))
    sign_in(page, site, "priya@example.com")
    page.goto(site + "/your-adoption/registration/")
    item = page.locator(
        ".task-list__item", has=page.get_by_role("link", name="About you: our equality questions")
    )
    expect(item.locator(".task-list__status")).to_have_text("Optional")
    item.get_by_role("link").click()

    expect(page.get_by_text("Optional: not needed to send your registration")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("group", name="What is your sex?").get_by_label("Female").check()
    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_text("your answers to the equality questions are saved")).to_be_visible()
    expect(item.locator(".task-list__status")).to_have_text("Answered")
    assert EqualityAnswers.objects.get().sex == "female"


def test_a_manager_sees_the_equality_aggregates_on_a_laptop(site, browser):
    on = timezone.now() - dt.timedelta(days=30)
    for number in range(7):
        household = Household.objects.create(
            first_name=f"Person{number}",
            email=f"p{number}@example.com",
            council="kent",
            stage="approved" if number < 5 else "enquiry",
            household_type="single",
            first_enquiry_at=on,
        )
        equality_answers_save(
            household=household,
            person=EqualityAnswers.Person.APPLICANT,
            answers={"ethnic_group": "white_british" if number < 6 else "asian_indian", "sex": "female"},
            asked=EqualityAnswers.Asked.ENQUIRY,
            replace=False,
        )
    staff_member("head", role="manager", council=None)
    context = browser.new_context(viewport=LAPTOP, locale="en-GB")
    page = context.new_page()
    log_in(page, site, "head")
    page.goto(site + "/admin/insight/equality/")

    expect(page.get_by_role("heading", name="Equality of access")).to_be_visible()
    table = page.locator("table", has=page.get_by_text("Ethnic group: people by the furthest step reached"))
    white = table.get_by_role("row", name="White", exact=False).first
    expect(white).to_contain_text("6")
    asian = table.get_by_role("row").filter(has_text="Asian or Asian British").first
    expect(asian).to_contain_text("fewer than 5")
    expect(page.locator("svg", has=page.locator("#chart-ethnic-group-title"))).to_be_visible()
    shot(page, "equality-laptop")
    assert axe_violations(page) == []
    context.close()

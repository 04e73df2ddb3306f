"""The adopter's voice in a real browser: a survey link from the outbox answered on a phone (a missing answer is
named, with the comment typed kept), a second visit says thank you, and with enough answers the figures appear
on the Insight screen on a laptop. axe on every new page."""

import os
import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from crm.models import SurveyInvitation, SurveyKind, SurveyResponse
from crm.services.surveys import survey_answer, survey_invitations_send, survey_token
from crm.surveys import survey_for
from tests.browser.conftest import axe_violations, log_in
from tests.crm.survey_helpers import contacted, survey_link_from_outbox
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]

FIRST = survey_for(SurveyKind.FIRST_CONTACT)


def shot(page, name: str) -> None:
    """Keep a picture of the page to look at, when SCREENSHOT_DIR names a folder (never in CI)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def on_site(link: str, site: str) -> str:
    return re.sub(r"^https?://[^/]+", site, link)


@pytest.fixture
def invited(site):
    staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    staff_member("manager", role="manager", council=None)
    households = [contacted(f"Person{number}", days_ago=8) for number in range(6)]
    mail.outbox.clear()
    assert survey_invitations_send() == 6
    # Five of them answer by their links (4 on every question); the sixth answers in the browser.
    for household in households[1:]:
        token = survey_token(SurveyInvitation.objects.get(household=household))
        survey_answer(token=token, answers=dict.fromkeys(FIRST.keys, 4), named=False)
    return households[0]


def test_a_survey_link_is_answered_on_a_phone_and_the_answers_appear_in_insight(site, browser, invited):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    link = on_site(survey_link_from_outbox(invited.email), site)

    phone.goto(link)
    expect(phone.get_by_role("heading", name=FIRST.heading)).to_be_visible()
    assert axe_violations(phone) == []
    shot(phone, "survey-phone")
    for question in FIRST.questions[:-1]:
        phone.get_by_role("group", name=re.compile(re.escape(question.text))).get_by_label(
            "5: Strongly agree"
        ).check()
    phone.get_by_label(FIRST.comment_label).fill("Quick and kind.")
    phone.get_by_label(re.compile("Answer anonymously")).check()
    phone.get_by_role("button", name="Send my answers").click()

    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text(f"Choose an answer for question {len(FIRST.questions)}")
    expect(phone.get_by_label(FIRST.comment_label)).to_have_value("Quick and kind.")
    assert axe_violations(phone) == []
    shot(phone, "survey-phone-error")
    last = phone.get_by_role("group", name=re.compile(re.escape(FIRST.questions[-1].text)))
    last.get_by_label("4: Agree").check()
    expect(phone.get_by_label(re.compile("Answer anonymously"))).to_be_checked()
    phone.get_by_role("button", name="Send my answers").click()

    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert axe_violations(phone) == []
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    context.close()
    answer = SurveyResponse.objects.get(comment="Quick and kind.")
    assert answer.household is None
    assert answer.answers == {**dict.fromkeys(FIRST.keys[:-1], 5), FIRST.keys[-1]: 4}

    laptop_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    laptop = laptop_context.new_page()
    log_in(laptop, site, "manager")
    laptop.goto(f"{site}/admin/insight/adopters-voice/")
    table = laptop.get_by_role("table", name=re.compile("After the first contact: how far people agreed"))
    first_row = table.get_by_role("row", name=re.compile(re.escape(FIRST.questions[0].text)))
    expect(first_row).to_contain_text("6")
    expect(first_row).to_contain_text("4.17")
    expect(laptop.locator("#chart-voice-questions-first_contact-title")).to_be_attached()
    assert axe_violations(laptop) == []
    shot(laptop, "voice-insight")
    if folder := os.environ.get("SCREENSHOT_DIR"):
        table.locator("xpath=ancestor::section[1]").screenshot(
            path=os.path.join(folder, "voice-insight-table.png")
        )
    laptop_context.close()

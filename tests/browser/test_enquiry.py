"""A visitor enquires through the website's front door."""

import time

import pytest
from playwright.sync_api import expect

from crm.models import Enquiry
from tests.browser.conftest import axe_violations
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]


def fill_required(page, *, email="sam@example.com", postcode="ME14 1XX"):
    form = page.locator("form.enquiry-form")
    form.get_by_role("textbox", name="First name", exact=True).fill("Sam")
    form.get_by_role("textbox", name="Last name", exact=True).fill("Jones")
    form.get_by_role("group", name="Are you thinking of adopting on your own or as a couple?").get_by_label(
        "On my own"
    ).check()
    form.get_by_label("Email address").fill(email)
    form.get_by_label("Postcode").fill(postcode)
    form.get_by_label("I agree that Adoption Partnership south east can contact me").check()


def test_visitor_enquires_from_the_header_and_sees_the_confirmation(site, page):
    staff_member("kent.worker", council="kent")
    page.goto(site + "/stories/")
    page.get_by_role("link", name="Enquire now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us about adopting", use_inner_text=True)
    assert axe_violations(page) == []
    fill_required(page)
    page.get_by_label("Postcode").press("Tab")
    council = page.get_by_label("Which council area do you live in? (optional)")
    page.get_by_text("From your postcode, we think you live in Kent.").wait_for()
    expect(council).to_have_value("kent")
    page.get_by_label("Brothers and sisters (sibling groups)").check()
    page.get_by_label("Anything you would like to tell us or ask? (optional)").fill(
        "Could we adopt two brothers?"
    )
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your enquiry", use_inner_text=True
    )
    expect(
        page.get_by_text("Someone from our Kent team will contact you within two working days.")
    ).to_be_visible()
    assert axe_violations(page) == []
    enquiry = Enquiry.objects.get()
    assert enquiry.status == "accepted"
    assert enquiry.household.assigned_to.user.username == "kent.worker"
    assert enquiry.household.interests == ["siblings"]


def test_mistakes_are_summarised_and_nothing_typed_is_lost(site, page):
    page.goto(site + "/enquire/")
    page.get_by_role("textbox", name="First name", exact=True).fill("Sam")
    page.get_by_label("Postcode").fill("ME14")
    page.get_by_label("Anything you would like to tell us or ask? (optional)").fill("Hello there")
    page.get_by_role("button", name="Send my enquiry").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a full UK postcode, like ME14 1XX.", use_inner_text=True)
    expect(summary).to_contain_text(
        "Tick the box to agree that we can contact you, so we can reply.", use_inner_text=True
    )
    expect(page.get_by_role("textbox", name="First name", exact=True)).to_have_value("Sam")
    expect(page.get_by_label("Anything you would like to tell us or ask? (optional)")).to_have_value(
        "Hello there"
    )
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Enter a full UK postcode, like ME14 1XX.").click()
    expect(page.locator("#id_postcode")).to_be_focused()
    assert not Enquiry.objects.exists()


def test_enquiry_works_without_javascript(site, no_js_page):
    no_js_page.goto(site + "/enquire/")
    fill_required(no_js_page, postcode="BR1 1AA")
    time.sleep(3)
    no_js_page.get_by_role("button", name="Send my enquiry").click()
    expect(
        no_js_page.get_by_text("You live outside our area. We have emailed you where to go.")
    ).to_be_visible()
    household = Enquiry.objects.get().household
    assert household.council == "elsewhere"


MESSAGE = "Anything you would like to tell us or ask? (optional)"


def test_a_long_pasted_message_is_counted_never_cut_and_kept_when_refused(site, page):
    page.goto(site + "/enquire/")
    message = page.get_by_label(MESSAGE)
    expect(page.get_by_text("You have 2,000 characters remaining")).to_be_visible()
    pasted = "We have so many questions about adopting. " * 120  # 5,040 characters, pasted at once
    message.fill(pasted)
    expect(message).to_have_value(pasted)
    count = page.get_by_text("You have 3,040 characters too many")
    expect(count).to_be_visible()
    expect(message).to_have_attribute("aria-describedby", "id_message_helptext id_message-count")
    # Screen readers hear the count once typing pauses, politely.
    expect(
        page.locator("[aria-live=polite]").filter(has_text="You have 3,040 characters too many")
    ).to_have_count(1)
    fill_required(page)
    page.get_by_role("button", name="Send my enquiry").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Your message must be 2,000 characters or fewer (it has 5039).", use_inner_text=True
    )
    expect(page.get_by_label(MESSAGE)).to_have_value(pasted)
    assert axe_violations(page) == []
    page.get_by_label(MESSAGE).fill(pasted[:1990])
    expect(page.get_by_text("You have 10 characters remaining")).to_be_visible()
    assert not Enquiry.objects.exists()


def test_partner_fields_appear_only_for_a_couple_where_the_first_name_is_required(site, page):
    page.goto(site + "/enquire/")
    household = page.get_by_role("group", name="Are you thinking of adopting on your own or as a couple?")
    partner = page.get_by_role("textbox", name="Your partner's first name", exact=True)
    expect(partner).to_be_hidden()
    household.get_by_label("As a couple").check()
    expect(partner).to_be_visible()
    expect(partner).to_have_attribute("required", "")
    expect(page.get_by_role("textbox", name="Your partner's last name (optional)")).to_be_visible()
    assert axe_violations(page) == []
    household.get_by_label("On my own").check()
    hidden_partner = page.locator("#id_partner_first_name")
    expect(hidden_partner).to_be_hidden()
    expect(hidden_partner).not_to_have_attribute("required", "")


def test_a_couple_who_forget_their_partners_name_are_taken_back_to_it(site, page):
    page.goto(site + "/enquire/")
    fill_required(page)
    page.get_by_role("group", name="Are you thinking of adopting on your own or as a couple?").get_by_label(
        "As a couple"
    ).check()
    page.get_by_role("button", name="Send my enquiry").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter your partner's first name, or choose 'On my own'.").click()
    expect(page.get_by_role("textbox", name="Your partner's first name", exact=True)).to_be_focused()
    assert axe_violations(page) == []


def test_without_javascript_the_partner_fields_show_and_say_when_they_are_needed(site, no_js_page):
    no_js_page.goto(site + "/enquire/")
    expect(
        no_js_page.get_by_role("textbox", name="Your partner's first name (only if applying as a couple)")
    ).to_be_visible()
    expect(no_js_page.get_by_role("textbox", name="Your partner's last name (optional)")).to_be_visible()
    expect(no_js_page.get_by_text("characters remaining")).to_have_count(0)
    expect(no_js_page.get_by_text("You can enter up to 2,000 characters.")).to_be_visible()

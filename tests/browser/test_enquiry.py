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

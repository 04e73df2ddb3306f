"""Peer connection in a real browser, the whole path: an approved adopter volunteers from their own page on a
phone, a worker checks and approves them (refused first without the DBS check date, with what was typed
kept), someone in stage one asks for a peer, the worker matches them on the matching screen, and each side's
introduction email is in the outbox and shown on the match's page. axe runs on every new page, at phone and
laptop sizes; screenshots go to SCREENSHOT_DIR, when it names a folder, for a person to look at."""

import datetime as dt
import os

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from crm.models import PeerMatch, PeerVolunteer, SideEffect, Stage
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_applicant_page import sign_in
from tests.crm.peers_helpers import household_at
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def people(site):
    staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    volunteer = household_at(Stage.APPROVED, email="vic@example.com", first_name="Vic", last_name="Adebayo")
    asker = household_at(Stage.STAGE_ONE, email="robin@example.com", first_name="Robin", last_name="Clarke")
    return {"volunteer": volunteer, "asker": asker}


def check(page, name: str, size: dict) -> None:
    page.set_viewport_size(size)
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"peers-{name}-{size['width']}.png"), full_page=True)
    assert axe_violations(page) == [], name
    # Nothing runs off the side of the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name


def test_volunteer_approved_matched_and_introduced(site, browser, people):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(15_000)

    # An approved adopter volunteers from their own page, on a phone.
    sign_in(phone, site, "vic@example.com")
    phone.get_by_role("link", name="Peer mentors and buddies").click()
    expect(phone.get_by_role("heading", name="Volunteer as a mentor or buddy")).to_be_visible()
    check(phone, "applicant-volunteer", PHONE)
    volunteer_form = phone.locator("form", has=phone.get_by_role("button", name="Offer to volunteer"))
    volunteer_form.get_by_label("Either").check()
    volunteer_form.get_by_label("Adopting (or adopted) on my own").check()
    volunteer_form.get_by_role("button", name="Offer to volunteer").click()
    expect(phone.get_by_role("alert")).to_contain_text("Tick the box to agree to share")
    volunteer_form = phone.locator("form", has=phone.get_by_role("button", name="Offer to volunteer"))
    expect(volunteer_form.get_by_label("Adopting (or adopted) on my own")).to_be_checked()
    volunteer_form.get_by_label("I agree that my first name and email address are shared").check()
    volunteer_form.get_by_role("button", name="Offer to volunteer").click()
    expect(phone.get_by_role("status")).to_contain_text("Thank you for offering to volunteer")
    check(phone, "applicant-volunteered", PHONE)
    volunteer = PeerVolunteer.objects.get()

    # Someone in stage one asks for a peer, on a phone.
    other = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    other.set_default_timeout(15_000)
    sign_in(other, site, "robin@example.com")
    other.goto(f"{site}/your-adoption/peers/")
    ask = other.locator("form", has=other.get_by_role("button", name="Ask for a peer"))
    ask.get_by_label("A buddy").check()
    ask.get_by_label("Adopting (or adopted) on my own").check()
    ask.get_by_label("I agree that my first name and email address are shared").check()
    ask.get_by_role("button", name="Ask for a peer").click()
    expect(other.get_by_role("status")).to_contain_text("We have your request")

    # The worker checks the volunteer: refused without the DBS check date, then approved.
    laptop = browser.new_context(viewport=LAPTOP).new_page()
    laptop.set_default_timeout(15_000)
    log_in(laptop, site, "kent.worker")
    laptop.goto(f"{site}/admin/crm/peers/volunteers/")
    check(laptop, "admin-volunteers", LAPTOP)
    laptop.get_by_role("link", name=f"PV-{volunteer.pk:05d}").click()
    # The volunteer's page has opened before axe reads it, not the list being left.
    expect(laptop.get_by_label("Date of their peer-support training")).to_be_visible()
    check(laptop, "admin-volunteer", LAPTOP)
    trained = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    laptop.get_by_label("Date of their peer-support training").fill(trained)
    laptop.get_by_role("button", name="Approve as a volunteer").click()
    expect(laptop.get_by_role("alert").first).to_contain_text(
        "Record the date of their DBS check before approving"
    )
    expect(laptop.get_by_label("Date of their peer-support training")).to_have_value(trained)
    laptop.get_by_label("Date of their DBS check").fill(
        (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    )
    laptop.get_by_role("button", name="Approve as a volunteer").click()
    expect(laptop.get_by_text("Approved: they can now be matched.")).to_be_visible()

    # The worker matches them on the matching screen; each side is introduced by email.
    mail.outbox.clear()
    laptop.goto(f"{site}/admin/crm/peers/")
    waiting = laptop.get_by_role("region", name=f"Robin Clarke ({people['asker'].reference})")
    expect(waiting).to_contain_text("Single adopter")
    check(laptop, "admin-board", LAPTOP)
    check(laptop, "admin-board", PHONE)
    laptop.set_viewport_size(LAPTOP)
    waiting.get_by_role(
        "button", name=f"Match {people['asker'].reference} with PV-{volunteer.pk:05d}"
    ).click()
    expect(laptop.get_by_text("Matched. Each side has been sent an introduction email.")).to_be_visible()
    introductions = laptop.get_by_role("region", name="Introduction emails")
    expect(introductions).to_contain_text("To the person supported: done")
    expect(introductions).to_contain_text("To the buddy: done")
    check(laptop, "admin-match", LAPTOP)
    check(laptop, "admin-match", PHONE)
    sent = {message.to[0]: message for message in mail.outbox}
    assert "Vic: vic@example.com" in sent["robin@example.com"].body
    assert "Robin: robin@example.com" in sent["vic@example.com"].body
    assert "Adebayo" not in sent["robin@example.com"].body and "Clarke" not in sent["vic@example.com"].body
    assert SideEffect.objects.filter(kind="peer_introduction", status="done").count() == 2

    # The worker logs a contact; the person supported sees their buddy's first name.
    laptop.set_viewport_size(LAPTOP)
    laptop.locator("#id_contact-on").fill(timezone.localdate().isoformat())
    laptop.get_by_label("How").select_option(label="Phone call")
    laptop.get_by_role("button", name="Log the contact").click()
    expect(laptop.get_by_text("Contact logged.")).to_be_visible()
    other.goto(f"{site}/your-adoption/peers/")
    expect(other.get_by_role("region", name="Your matches")).to_contain_text("Your peer buddy is Vic")
    check(other, "applicant-matched", PHONE)
    check(other, "applicant-matched", LAPTOP)
    laptop.goto(f"{site}/admin/crm/households/{people['asker'].pk}/peers/")
    check(laptop, "admin-household-peers", LAPTOP)
    assert PeerMatch.objects.get().is_open


def test_the_public_volunteer_form_at_phone_and_laptop_sizes(site, page):
    page.goto(f"{site}/peers/volunteer/")
    expect(page.get_by_role("heading", name="Volunteer as a peer mentor or buddy")).to_be_visible()
    check(page, "public-volunteer", PHONE)
    check(page, "public-volunteer", LAPTOP)
    page.get_by_role("button", name="Send my offer").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your first name")
    check(page, "public-volunteer-errors", PHONE)

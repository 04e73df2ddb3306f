"""An applicant's own page in a real browser: sign in with the emailed link on a phone, read where they
are, write to their worker, get the reply, and turn off status emails; the worker answers from the admin."""

import re

import pytest
from playwright.sync_api import expect

from crm.models import Source
from crm.services import enquiry_create
from tests.browser.conftest import axe_violations, log_in
from tests.crm.applicant_helpers import link_from_outbox
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def household(site):
    staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    return enquiry_create(
        source=Source.WEB, details=enquiry_details(first_name="Priya", last_name="Shah")
    ).household


def on_site(link: str, site: str) -> str:
    """The emailed address on the test server's own host and port."""
    return re.sub(r"^https?://[^/]+", site, link)


def sign_in(page, site, email):
    from django.core import mail

    mail.outbox.clear()
    page.goto(f"{site}/your-adoption/")
    expect(page.get_by_role("heading", name="Sign in to your adoption journey")).to_be_visible()
    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(on_site(link_from_outbox(email), site))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your adoption journey")).to_be_visible()


def test_an_applicant_signs_in_on_a_phone_writes_to_their_worker_and_reads_the_reply(
    site, browser, household, phone_page
):
    page = phone_page
    page.goto(f"{site}/your-adoption/sign-in/")
    page.get_by_label("Your email address").fill("priya@example")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter an email address in the right format")
    expect(page.get_by_label("Your email address")).to_have_value("priya@example")

    sign_in(page, site, "alex@example.com")
    where = page.get_by_role("region", name="Where you are")
    expect(where).to_contain_text("We have your enquiry.")
    expect(where).to_contain_text("We aim to call you by")
    expect(page.get_by_role("region", name="Who to talk to")).to_contain_text("Kerry Kent")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Messages with your worker").click()
    page.get_by_label("Your message").fill("Can we come to the evening in Medway instead?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message is sent")
    assert axe_violations(page) == []

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    worker = context.new_page()
    log_in(worker, site, "kent.worker")
    worker.goto(f"{site}/admin/crm/households/{household.pk}/")
    messages = worker.get_by_role("region", name="Messages with the applicant")
    expect(messages).to_contain_text("Can we come to the evening in Medway instead?")
    expect(messages).to_contain_text("New")
    worker.get_by_role("link", name="Write a reply").click()
    reply = worker.get_by_role("region", name="Message the applicant")
    reply.get_by_label("Message to the applicant").fill("Yes, of course: I have moved your booking.")
    reply.get_by_role("button").click()
    expect(worker.get_by_text("Message sent.")).to_be_visible()
    context.close()

    page.goto(f"{site}/your-adoption/")
    page.get_by_role("link", name="Messages with your worker (1 new)").click()
    expect(page.get_by_text("Yes, of course: I have moved your booking.")).to_be_visible()

    page.goto(f"{site}/your-adoption/")
    page.get_by_role("radio", name="No, I will look here").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Your choice is saved.")).to_be_visible()
    expect(page.get_by_role("radio", name="No, I will look here")).to_be_checked()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{site}/your-adoption/messages/")
    expect(page.get_by_role("heading", name="Sign in to your adoption journey")).to_be_visible()


def test_an_expired_or_used_link_says_so_and_offers_a_new_one(site, household, page):
    sign_in(page, site, "alex@example.com")
    from django.core import mail

    used = link_from_outbox("alex@example.com")
    other = page.context.browser.new_context()
    second = other.new_page()
    second.goto(on_site(used, site))
    expect(second.get_by_role("alert")).to_contain_text("already been used")
    expect(second.get_by_role("button", name="Email me a link")).to_be_visible()
    assert axe_violations(second) == []
    other.close()
    assert mail.outbox

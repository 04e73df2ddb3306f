"""A visitor signs up to the newsletter from the footer of any page, or on its own page."""

import pytest
from playwright.sync_api import expect

from campaigns.models import MailchimpSync, Subscriber
from core import consent
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser]


def test_visitor_signs_up_from_the_footer_and_sees_the_thank_you(site, page):
    # Given a visitor reading a story
    page.goto(site + "/stories/")
    footer = page.get_by_role("contentinfo")
    assert axe_violations(page) == []

    # When they sign up in the footer
    footer.get_by_label("Email address").fill("sam@example.com")
    footer.get_by_label(consent.NEWSLETTER.text).check()
    footer.get_by_role("button", name="Sign up").click()

    # Then they see the thank-you, and are on the list with the consent they gave
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing up", use_inner_text=True)
    expect(page).to_have_url(site + "/newsletter/thank-you/")
    assert axe_violations(page) == []
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.consent_wording_version, subscriber.consent_source) == (
        "sam@example.com",
        consent.NEWSLETTER.version,
        "Newsletter form in the website footer",
    )
    assert MailchimpSync.objects.get().status == "not_configured"


def test_a_footer_mistake_is_explained_on_the_full_page_without_javascript(site, no_js_page):
    # When a visitor without JavaScript forgets the box in the footer
    no_js_page.goto(site + "/")
    footer = no_js_page.get_by_role("contentinfo")
    footer.get_by_label("Email address").fill("sam@example.com")
    footer.get_by_role("button", name="Sign up").click()

    # Then the sign-up page explains, keeping their address, and ticking the box there signs them up
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text(
        "Sign up to our newsletter", use_inner_text=True
    )
    expect(no_js_page.get_by_role("alert")).to_contain_text(
        "Tick the box to say you would like the newsletter.", use_inner_text=True
    )
    main = no_js_page.get_by_role("main")
    expect(main.get_by_label("Email address")).to_have_value("sam@example.com")
    main.get_by_label(consent.NEWSLETTER.text).check()
    main.get_by_role("button", name="Sign me up").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text(
        "Thank you for signing up", use_inner_text=True
    )
    assert Subscriber.objects.get().email == "sam@example.com"


def test_the_sign_up_page_is_accessible_with_and_without_errors(site, page):
    # Given the sign-up page
    page.goto(site + "/newsletter/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign up to our newsletter", use_inner_text=True
    )
    expect(page.get_by_label(consent.NEWSLETTER.text)).not_to_be_checked()
    assert axe_violations(page) == []

    # When it is sent with a broken address and a name
    page.get_by_label("Email address").fill("sam@example")
    page.get_by_label("First name (optional)").fill("Sam")
    page.get_by_label("Which council area do you live in? (optional)").select_option("medway")
    page.get_by_role("button", name="Sign me up").click()

    # Then the errors are summarised, linked to their fields, and what was typed is kept
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "Enter an email address in the correct format, like name@example.com.", use_inner_text=True
    )
    expect(page.get_by_label("First name (optional)")).to_have_value("Sam")
    expect(page.get_by_label("Which council area do you live in? (optional)")).to_have_value("medway")
    assert axe_violations(page) == []
    summary.get_by_role(
        "link", name="Enter an email address in the correct format, like name@example.com."
    ).click()
    expect(page.locator("#id_email")).to_be_focused()
    assert not Subscriber.objects.exists()


def test_marketing_unsubscribes_someone_and_retries_a_failed_sync_in_the_admin(site, page):
    from playwright.sync_api import expect

    from campaigns.newsletter.subscribers import subscriber_subscribe
    from tests.factories import UserFactory
    from website.roles import MARKETING_EDITORS, roles_sync

    # Given two subscribers, one of whose syncs failed, and a marketing editor
    for email in ("sam@example.com", "jo@example.com"):
        subscriber = subscriber_subscribe(
            email=email,
            first_name="",
            council="kent",
            wording=consent.NEWSLETTER.text,
            wording_version=consent.NEWSLETTER.version,
            source="Newsletter page",
        )
    MailchimpSync.objects.filter(subscriber=subscriber).update(
        status="failed",
        attempts=8,
        last_error="Gave up after 8 attempts. Mailchimp could not take the change.",
    )
    UserFactory(username="marketing").groups.add(roles_sync()[MARKETING_EDITORS])

    # When they log in and open the newsletter's subscribers from the menu
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("marketing")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/admin/")
    page.get_by_role("button", name="Newsletter").click()
    page.get_by_role("link", name="Subscribers").click()
    expect(page.get_by_role("heading", name="Newsletter subscribers")).to_be_visible()
    assert axe_violations(page) == []

    # And search for Sam and unsubscribe him
    page.get_by_label("Search by email address or first name").fill("sam@")
    page.get_by_role("button", name="Search subscribers").click()
    expect(page.get_by_text('1 subscriber matches "sam@"')).to_be_visible()
    page.get_by_role("button", name="Unsubscribe sam@example.com").click()
    expect(page.get_by_text("sam@example.com is unsubscribed. Mailchimp will be told.")).to_be_visible()
    assert Subscriber.objects.get(email="sam@example.com").status == "unsubscribed"

    # Then the failed sync is listed with its error, and trying again puts it back in the queue
    page.goto(site + "/admin/newsletter/syncs/")
    expect(page.get_by_text("Gave up after 8 attempts. Mailchimp could not take the change.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role(
        "button", name="Try again: add or update the member, with merge fields and tags for jo@example.com"
    ).click()
    expect(page.get_by_text("Trying again")).to_be_visible()
    assert MailchimpSync.objects.filter(subscriber__email="jo@example.com", status="failed").count() == 0

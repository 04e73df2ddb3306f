"""axe-core finds no violations on any public page type, and nothing scrolls sideways at 320px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BAR, CONVICTIONS, axe_violations

pytestmark = [pytest.mark.browser]

PAGES = [
    ("home", "/"),
    ("story index", "/stories/"),
    ("story index filtered", "/stories/?tag=sibling-groups"),
    ("story", "/stories/three-sisters-one-home/"),
    ("event index", "/events/"),
    ("event index filtered", "/events/?area=medway&type=information_evening"),
    ("event", "/events/information-evening-in-ashford/"),
    ("past event", "/events/support-group-last-month/"),
    ("FAQ page", "/faqs/"),
    ("FAQ search", "/faqs/?q=rent"),
    ("journey", "/adoption-journey/"),
    ("checker", "/can-i-adopt/"),
    ("standard page", "/contact/"),
    ("enquiry form", "/enquire/"),
    ("support request form", "/enquire/?about=support"),
    ("search results", "/search/?q=adoption"),
    ("not found", "/no-such-page/"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_type_has_no_axe_violations(site, page, name, path):
    page.goto(site + path)
    assert axe_violations(page) == []


def test_checker_errors_and_result_have_no_axe_violations(site, page):
    page.goto(site + "/can-i-adopt/")
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("group", name="Are you 21 or over?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label("Yes").check()
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("#result-heading")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/", "/stories/three-sisters-one-home/", "/events/", "/can-i-adopt/", "/faqs/"]
)
def test_nothing_scrolls_sideways_on_a_320px_phone(site, phone_page, path):
    phone_page.goto(site + path)
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(phone_page) == []


def test_keyboard_user_can_skip_to_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_checker_result_with_a_statutory_bar_has_no_axe_violations(checker_with_a_bar, page):
    page.goto(checker_with_a_bar + "/can-i-adopt/")
    page.get_by_role("group", name="Are you 21 or over?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label("No").check()
    page.get_by_role("group", name=CONVICTIONS).get_by_label("Yes, an offence against a child").check()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=2, name=BAR)).to_be_visible()
    assert axe_violations(page) == []


def test_enquiry_form_with_errors_a_partner_and_a_message_too_long_has_no_axe_violations(site, page):
    page.goto(site + "/enquire/")
    page.get_by_role("group", name="Are you thinking of adopting on your own or as a couple?").get_by_label(
        "As a couple"
    ).check()
    page.get_by_label("Anything you would like to tell us or ask? (optional)").fill("x" * 2100)
    expect(page.get_by_text("You have 100 characters too many")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_text("You have 100 characters too many")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/events/information-evening-in-ashford/", "/enquire/"])
def test_phone_pages_with_the_cookie_banner_have_no_axe_violations(site, phone_page, path):
    phone_page.goto(site + path)
    expect(phone_page.get_by_role("region", name="Cookies on this website")).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(phone_page) == []

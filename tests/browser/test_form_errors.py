"""Every public form moves focus to its error summary, so a person who sent it hears and sees what went wrong."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]

FORMS = [
    ("enquiry", "/enquire/", "Send my enquiry"),
    ("support request", "/enquire/?about=support", "Send my request"),
    ("checker", "/can-i-adopt/", "See my result"),
    ("newsletter", "/newsletter/", "Sign me up"),
    ("booking", "/events/information-evening-in-ashford/", "Book my place"),
    ("cookie settings", "/cookies/", "Save cookie settings"),
]


@pytest.mark.parametrize(("name", "path", "button"), FORMS, ids=[name for name, *_ in FORMS])
def test_sending_a_form_with_mistakes_puts_focus_on_the_summary(site, page, name, path, button):
    page.goto(site + path)
    page.get_by_role("main").get_by_role("button", name=button).click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()


def test_the_summary_takes_focus_without_javascript_too(site, no_js_page):
    no_js_page.goto(site + "/enquire/")
    no_js_page.get_by_role("button", name="Send my enquiry").click()
    expect(no_js_page.get_by_role("alert").filter(has_text="There is a problem")).to_be_focused()

"""A visitor served a kept copy of a page can still use its form, and a publish shows at once."""

import time

import pytest
from playwright.sync_api import expect

from crm.models import Enquiry
from tests.browser.test_enquiry import fill_required
from tests.factories import staff_member
from website.cache import HEADER
from website.models import StoryPage

pytestmark = [pytest.mark.browser]


def test_an_enquiry_sent_from_a_kept_page_arrives(site, page, browser):
    staff_member("kent.worker", council="kent")
    first_visitor = browser.new_page()
    assert first_visitor.goto(site + "/enquire/").headers[HEADER.lower()] == "miss"
    first_visitor.close()

    response = page.goto(site + "/enquire/")
    assert response.headers[HEADER.lower()] == "hit"
    assert "set-cookie" not in response.headers
    fill_required(page)
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your enquiry", use_inner_text=True
    )
    enquiry = Enquiry.objects.get()
    assert enquiry.status == "accepted"
    assert enquiry.data["first_name"] == "Sam"


def test_a_published_change_shows_at_once(site, page):
    story = StoryPage.objects.get(title="Three sisters, one home")
    page.goto(site + story.url)
    assert page.goto(site + story.url).headers[HEADER.lower()] == "hit"
    story.title = "Three sisters, one happy home"
    story.save_revision().publish()
    response = page.goto(site + story.url)
    assert response.headers[HEADER.lower()] == "miss"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Three sisters, one happy home", use_inner_text=True
    )

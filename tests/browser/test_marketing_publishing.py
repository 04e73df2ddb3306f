"""The marketing team publishes content through the Wagtail admin without a developer."""

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from website.models import FAQ
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]


@pytest.fixture
def marketing_user(site):
    groups = roles_sync()
    user = get_user_model().objects.create_user("marketing", password="changeme", is_staff=True)
    user.groups.add(groups[MARKETING_EDITORS])
    return user


def test_marketing_editor_rewrites_an_faq_and_it_is_live(site, page, marketing_user):
    faq = FAQ.objects.get(question="How long does it take?")
    log_in(page, site, "marketing")
    page.goto(f"{site}/admin/snippets/website/faq/edit/{faq.pk}/")
    page.get_by_role("textbox", name="Question").fill("How long does adoption take?")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{site}/admin/snippets/website/faq/")
    page.goto(site + "/faqs/")
    expect(page.get_by_text("How long does adoption take?")).to_be_visible()


def test_marketing_editor_changes_the_phone_number_in_site_settings(site, page, marketing_user):
    log_in(page, site, "marketing")
    page.goto(site + "/admin/settings/website/sitesettings/")
    page.get_by_label("Phone").fill("0300 123 4567")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Site settings updated").wait_for()
    page.goto(site + "/")
    expect(page.get_by_role("contentinfo").get_by_role("link", name="0300 123 4567")).to_be_visible()

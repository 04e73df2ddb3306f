"""Searching in a visitor's own words, and somewhere to go when nothing matches, in a real browser."""

import importlib
import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.factories import FAQFactory
from website.models import FAQCategory

pytestmark = [pytest.mark.browser]


def shot(page, name: str) -> None:
    """Keep a picture of the page to look at, when SCREENSHOT_DIR names a folder (never in CI)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def searchable_site(site):
    """The browser site, with the synonyms the site ships (emptied by the test before) and two more questions."""
    from django.apps import apps

    importlib.import_module("website.migrations.0003_search_synonyms").load(apps, None)
    who = FAQCategory.objects.get(slug="who-can-adopt")
    FAQFactory(
        category=who,
        question="Can LGBTQ+ people adopt?",
        answer="<p>Yes. Lesbian, gay, bisexual, trans and queer people can adopt.</p>",
    )
    FAQFactory(
        category=who,
        question="I've had fertility treatment. When can I start?",
        answer="<p>We usually suggest waiting about six months after your treatment ends.</p>",
    )
    return site


def faq_search(page, query: str) -> None:
    page.get_by_label("Search the questions").fill(query)
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=f"Results for “{query}”")).to_be_visible()


@pytest.mark.parametrize(
    ("query", "question"),
    [
        ("LGBT", "Can LGBTQ+ people adopt?"),
        ("IVF", "I've had fertility treatment. When can I start?"),
        ("renting", "Can I adopt if I rent my home?"),
        ("ages", "Is there an upper age limit?"),
    ],
)
def test_visitor_finds_the_answer_in_their_own_words(searchable_site, page, query, question):
    page.goto(searchable_site + "/faqs/")
    faq_search(page, query)
    expect(page.get_by_role("status")).to_have_text("1 question found", use_inner_text=True)
    expect(page.locator("details summary")).to_have_text([question], use_inner_text=True)

    page.get_by_label("Search this site").fill(query)
    page.get_by_label("Search this site").press("Enter")
    expect(page.get_by_role("heading", name=f"Results for “{query}”")).to_be_visible()
    link = page.get_by_role("link", name=question)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions about adoption", use_inner_text=True)
    expect(page.locator("details summary").first).to_have_text(question, use_inner_text=True)


def test_no_results_offer_the_topics_and_the_enquiry_page(searchable_site, page):
    site = searchable_site
    page.goto(site + "/search/?q=zebra+crossing")
    help_ = page.get_by_role("region", name="We could not find anything for “zebra crossing”")
    expect(help_).to_be_visible()
    expect(help_.get_by_role("link")).to_have_text(
        ["Who can adopt", "The process", "Ask us a question"], use_inner_text=True
    )
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "search-no-results-laptop")
    help_.get_by_role("link", name="The process").click()
    expect(page).to_have_url(site + "/faqs/#the-process")
    expect(page.get_by_role("heading", name="The process", level=2)).to_be_in_viewport()

    faq_search(page, "zebra")
    help_ = page.get_by_role("region", name="We could not find anything for “zebra”")
    assert axe_violations(page) == []
    help_.get_by_role("link", name="Ask us a question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us about adopting", use_inner_text=True)


def test_no_results_work_on_a_phone_without_javascript(searchable_site, browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        phone.goto(searchable_site + "/faqs/?q=zebra")
        help_ = phone.get_by_role("region", name="We could not find anything for “zebra”")
        expect(help_).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        for link in help_.get_by_role("link").all():
            assert link.bounding_box()["height"] >= 24
        shot(phone, "faq-no-results-phone")
        phone.goto(searchable_site + "/faqs/?q=LGBT")
        expect(phone.locator("details summary")).to_have_text(
            ["Can LGBTQ+ people adopt?"], use_inner_text=True
        )
        shot(phone, "faq-lgbt-phone")
    finally:
        context.close()


def test_marketing_edits_a_synonym_and_the_next_search_uses_it(searchable_site, page):
    from tests.browser.conftest import log_in
    from tests.factories import UserFactory
    from website.roles import MARKETING_EDITORS, roles_sync

    site = searchable_site
    marketing = UserFactory(username="marketing.editor")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    page.goto(site + "/faqs/?q=kinship")
    expect(page.get_by_role("status")).to_have_text("0 questions found", use_inner_text=True)

    log_in(page, site, "marketing.editor")
    page.goto(site + "/admin/snippets/website/searchsynonym/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Search synonyms")
    page.get_by_role("link", name="Add search synonym group").first.click()
    words = page.get_by_role("textbox", name="Words that mean the same thing")
    words.fill("kinship, LGBTQ+")
    shot(page, "admin-synonym-laptop")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Search synonym group 'kinship, LGBTQ+' created.")).to_be_visible()

    visitor = page.context.browser.new_context()
    try:
        anonymous = visitor.new_page()
        anonymous.goto(site + "/faqs/?q=kinship")
        expect(anonymous.locator("details summary")).to_have_text(
            ["Can LGBTQ+ people adopt?"], use_inner_text=True
        )
    finally:
        visitor.close()

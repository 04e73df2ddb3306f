"""What a prospective adopter does on the site, in a real browser."""

import re

import pytest
from icalendar import Calendar

pytestmark = [pytest.mark.browser]


def test_visitor_lands_on_home_and_reads_a_story(site, page):
    page.goto(site + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Could you give a child a home?"
    assert page.get_by_text("Children in Kent, Medway and Bexley are waiting for families.").is_visible()
    page.get_by_role("link", name="Read more stories").click()
    page.get_by_role("link", name="Three sisters, one home").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Three sisters, one home"
    assert page.get_by_text("It changed our lives.").is_visible()
    assert page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Stories").is_visible()


def test_visitor_filters_stories_by_topic(site, page):
    page.goto(site + "/stories/")
    page.get_by_role("link", name=re.compile("^Sibling groups")).click()
    assert page.get_by_role("status").inner_text() == "1 story about Sibling groups"
    titles = page.locator(".story-card .card-title").all_inner_texts()
    assert titles == ["Three sisters, one home"]


def test_visitor_filters_events_by_area_and_type(site, page):
    page.goto(site + "/events/")
    assert page.get_by_role("status").inner_text() == "3 events found"
    page.get_by_label("Area").select_option("medway")
    page.get_by_role("button", name="Show events").click()
    assert page.get_by_role("status").inner_text() == "1 event found"
    assert page.locator(".event-card__title").all_inner_texts() == ["Information evening in Chatham"]
    page.get_by_label("Area").select_option("")
    page.get_by_label("Type of event").select_option("preparation_training")
    page.get_by_role("button", name="Show events").click()
    assert page.locator(".event-card__title").all_inner_texts() == ["Preparation training online"]
    page.get_by_label("Past").check()
    page.get_by_label("Type of event").select_option("")
    page.get_by_role("button", name="Show events").click()
    assert page.locator(".event-card__title").all_inner_texts() == ["Support group last month"]


def test_visitor_downloads_an_event_to_their_calendar(site, page):
    page.goto(site + "/events/")
    page.get_by_role("link", name="Information evening in Ashford").click()
    assert page.get_by_text("Oak Hall").first.is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Add to your calendar")).click()
    download = download_info.value
    assert download.suggested_filename == "information-evening-in-ashford.ics"
    with open(download.path(), "rb") as ics:
        [event] = Calendar.from_ical(ics.read()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Information evening in Ashford"


def test_visitor_uses_the_checker_and_fixes_a_missed_question(site, page):
    page.goto(site + "/can-i-adopt/")
    page.get_by_role("group", name="Are you 21 or over?").get_by_label("Yes").check()
    page.get_by_role("button", name="See my result").click()
    summary = page.get_by_role("alert")
    assert "Choose an answer for: Do you have a spare bedroom?" in summary.inner_text()
    assert page.get_by_role("group", name="Are you 21 or over?").get_by_label("Yes").is_checked()
    summary.get_by_role("link").click()
    page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label("No").check()
    page.get_by_role("button", name="See my result").click()
    assert page.get_by_role("heading", level=2, name="Talk to us about your situation").is_visible()
    assert page.get_by_text("Talk to us about your home.").is_visible()
    assert page.get_by_text("We have not kept your answers.").is_visible()
    page.get_by_role("link", name="Talk to us about adopting").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ask us about adopting"


def test_checker_works_without_javascript(site, no_js_page):
    no_js_page.goto(site + "/can-i-adopt/")
    no_js_page.get_by_role("group", name="Are you 21 or over?").get_by_label("No").check()
    no_js_page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label("Yes").check()
    no_js_page.get_by_role("button", name="See my result").click()
    assert no_js_page.get_by_text("You can adopt from the age of 21.").is_visible()


def test_visitor_searches_the_faqs_and_opens_an_answer(site, page):
    page.goto(site + "/faqs/")
    page.get_by_label("Search the questions").fill("rent")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    assert page.get_by_role("status").inner_text() == "1 question found"
    question = page.get_by_text("Can I adopt if I rent my home?")
    answer = page.get_by_text("Yes. Many adopters rent.")
    assert not answer.is_visible()
    question.click()
    assert answer.is_visible()


def test_visitor_searches_the_whole_site_from_the_header(site, page):
    page.goto(site + "/")
    page.get_by_label("Search this site").fill("sisters")
    page.get_by_label("Search this site").press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Search"
    page.get_by_role("link", name="Three sisters, one home").click()
    assert page.url.endswith("/stories/three-sisters-one-home/")


def test_menu_collapses_on_a_phone_and_opens_with_the_button(site, phone_page):
    phone_page.goto(site + "/")
    link = phone_page.get_by_role("navigation", name="Main").get_by_role("link", name="Can I adopt?")
    assert not link.is_visible()
    menu = phone_page.get_by_role("button", name="Menu")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert link.is_visible()


def test_menu_is_visible_on_a_phone_without_javascript(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Can I adopt?").is_visible()
    context.close()

"""What a prospective adopter does on the site, in a real browser."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]


def test_visitor_lands_on_home_and_reads_a_story(site, page):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Could you give a child a home?", use_inner_text=True
    )
    expect(page.get_by_text("Children in Kent, Medway and Bexley are waiting for families.")).to_be_visible()
    page.get_by_role("link", name="Read more stories").click()
    page.get_by_role("link", name="Three sisters, one home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three sisters, one home", use_inner_text=True)
    expect(page.get_by_text("It changed our lives.")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Stories")
    ).to_be_visible()


def test_visitor_filters_stories_by_topic(site, page):
    page.goto(site + "/stories/")
    page.get_by_role("link", name=re.compile("^Sibling groups")).click()
    expect(page.get_by_role("status")).to_have_text("1 story about Sibling groups", use_inner_text=True)
    titles = page.locator(".story-card .card-title").all_inner_texts()
    assert titles == ["Three sisters, one home"]


def test_visitor_filters_events_by_area_and_type(site, page):
    page.goto(site + "/events/")
    expect(page.get_by_role("status")).to_have_text("3 events found", use_inner_text=True)
    page.get_by_label("Area").select_option("medway")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("status")).to_have_text("1 event found", use_inner_text=True)
    expect(page.locator(".event-card__title")).to_have_text(["Information evening in Chatham"])
    page.get_by_label("Area").select_option("")
    page.get_by_label("Type of event").select_option("preparation_training")
    page.get_by_role("button", name="Show events").click()
    expect(page.locator(".event-card__title")).to_have_text(["Preparation training online"])
    page.get_by_label("Past").check()
    page.get_by_label("Type of event").select_option("")
    page.get_by_role("button", name="Show events").click()
    expect(page.locator(".event-card__title")).to_have_text(["Support group last month"])


def test_visitor_downloads_an_event_to_their_calendar(site, page):
    page.goto(site + "/events/")
    page.get_by_role("link", name="Information evening in Ashford").click()
    expect(page.get_by_text("Oak Hall").first).to_be_visible()
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
    expect(summary).to_contain_text("Choose an answer for: Do you have a spare bedroom?", use_inner_text=True)
    expect(page.get_by_role("group", name="Are you 21 or over?").get_by_label("Yes")).to_be_checked()
    summary.get_by_role("link").click()
    page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label("No").check()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=2, name="Talk to us about your situation")).to_be_visible()
    expect(page.get_by_text("Talk to us about your home.")).to_be_visible()
    expect(page.get_by_text("We have not kept your answers.")).to_be_visible()
    page.get_by_role("link", name="Talk to us about adopting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us about adopting", use_inner_text=True)


def test_checker_works_without_javascript(site, no_js_page):
    no_js_page.goto(site + "/can-i-adopt/")
    no_js_page.get_by_role("group", name="Are you 21 or over?").get_by_label("No").check()
    no_js_page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label("Yes").check()
    no_js_page.get_by_role("button", name="See my result").click()
    expect(no_js_page.get_by_text("You can adopt from the age of 21.")).to_be_visible()


def test_visitor_searches_the_faqs_and_opens_an_answer(site, page):
    page.goto(site + "/faqs/")
    page.get_by_label("Search the questions").fill("rent")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 question found", use_inner_text=True)
    question = page.get_by_text("Can I adopt if I rent my home?")
    answer = page.get_by_text("Yes. Many adopters rent.")
    expect(answer).to_be_hidden()
    question.click()
    expect(answer).to_be_visible()


def test_visitor_searches_the_whole_site_from_the_header(site, page):
    page.goto(site + "/")
    page.get_by_label("Search this site").fill("sisters")
    page.get_by_label("Search this site").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search", use_inner_text=True)
    page.get_by_role("link", name="Three sisters, one home").click()
    expect(page).to_have_url(site + "/stories/three-sisters-one-home/")


def test_menu_collapses_on_a_phone_and_opens_with_the_button(site, phone_page):
    phone_page.goto(site + "/")
    link = phone_page.get_by_role("navigation", name="Main").get_by_role("link", name="Can I adopt?")
    expect(link).to_be_hidden()
    menu = phone_page.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(link).to_be_visible()


def test_menu_is_visible_on_a_phone_without_javascript(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Can I adopt?")
    ).to_be_visible()
    context.close()

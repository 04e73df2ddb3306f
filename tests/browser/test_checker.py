"""The checker's headline comes from the most serious answer, and a statutory bar is said plainly, first."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BAR, CONVICTIONS, axe_violations

pytestmark = [pytest.mark.browser]


def answer(page, *, age: str, bedroom: str, convictions: str):
    page.get_by_role("group", name="Are you 21 or over?").get_by_label(age, exact=True).check()
    page.get_by_role("group", name="Do you have a spare bedroom?").get_by_label(bedroom, exact=True).check()
    page.get_by_role("group", name=CONVICTIONS).get_by_label(convictions, exact=True).check()
    page.get_by_role("button", name="See my result").click()


def test_an_offence_against_a_child_gets_the_honest_headline_with_its_answer_first(checker_with_a_bar, page):
    page.goto(checker_with_a_bar + "/can-i-adopt/")
    answer(page, age="Yes", bedroom="No", convictions="Yes, an offence against a child")
    result = page.get_by_role("region", name=BAR)
    expect(result.get_by_role("heading", level=2)).to_have_text(BAR, use_inner_text=True)
    expect(page.get_by_text("This doesn't mean you can't adopt")).to_have_count(0)
    expect(page.get_by_text("Many people in your situation go on to adopt.")).to_have_count(0)
    first_answer = result.locator(".checker-answer").first
    expect(first_answer).to_contain_text(CONVICTIONS, use_inner_text=True)
    expect(first_answer).to_contain_text("The law names offences against children.", use_inner_text=True)
    below = page.get_by_text("Please call us to talk in confidence.").bounding_box()["y"]
    assert (
        first_answer.bounding_box()["y"]
        < below
        < page.get_by_text("Talk to us about your home.").bounding_box()["y"]
    )
    expect(result.get_by_role("link", name="Talk to us in confidence")).to_be_visible()
    expect(page.get_by_role("link", name="Come to an information evening")).to_have_count(0)
    assert axe_violations(page) == []


def test_the_most_serious_answer_leads_whatever_order_the_questions_come_in(checker_with_a_bar, page):
    page.goto(checker_with_a_bar + "/can-i-adopt/")
    answer(page, age="No", bedroom="No", convictions="No")
    result = page.get_by_role("region", name="Now may not be the right time, but it can change")
    expect(result.get_by_role("heading", name="Because you told us")).to_be_visible()
    expect(result.locator(".checker-decided .checker-answer")).to_have_count(1)
    expect(result.locator(".checker-decided")).to_contain_text(
        "You can adopt from the age of 21.", use_inner_text=True
    )
    expect(result.get_by_role("heading", name="Your other answers")).to_be_visible()
    expect(result.locator(".checker-answer").nth(1)).to_contain_text(
        "Talk to us about your home.", use_inner_text=True
    )


def test_the_statutory_bar_is_said_without_javascript_too(checker_with_a_bar, no_js_page):
    no_js_page.goto(checker_with_a_bar + "/can-i-adopt/")
    answer(no_js_page, age="Yes", bedroom="Yes", convictions="Yes, an offence against a child")
    expect(no_js_page.get_by_role("heading", level=2, name=BAR)).to_be_visible()
    expect(no_js_page.get_by_text("The law names offences against children.")).to_be_visible()

"""On a phone, with the cookie banner still asking, the first screen shows the page: its heading and its
main call to action, both in view and neither covered by the banner. The banner stays a fair choice.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from website.demo import content
from website.models import EventPage, HomePage, StoryPage

pytestmark = [pytest.mark.browser]

WIDTH, HEIGHT = 375, 812

UNCOVERED = """el => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
}"""
LOOK = """el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return [el.className, style.backgroundColor, style.color, style.fontSize, style.fontWeight,
            Math.round(box.width), Math.round(box.height)];
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def realistic_site(site):
    """The test site with words as long as the real site's, so the first screen is measured fairly."""
    home = HomePage.objects.get()
    home.hero_heading = content.HOME["hero_heading"]
    home.hero_strapline = content.HOME["hero_strapline"]
    pages = {page.slug: page for page in home.get_children().live()}
    home.calls_to_action = [
        ("link", {"label": "Ask us about adopting", "page": pages["enquire"], "url": ""}),
        ("link", {"label": "Find an information evening", "page": pages["events"], "url": ""}),
        ("link", {"label": "Can I adopt?", "page": pages["can-i-adopt"], "url": ""}),
    ]
    home.save_revision().publish()
    story = StoryPage.objects.get(slug="three-sisters-one-home")
    story.title = "Claire and Tom: keeping three brothers and sisters together"
    story.summary = next(
        s["summary"] for s in content.STORIES if s["slug"] == "claire-and-tom-three-siblings"
    )
    story.save_revision().publish()
    event = EventPage.objects.get(slug="information-evening-in-ashford")
    event.summary = next(e["summary"] for e in content.EVENTS if e["slug"] == "chatham-information-evening")
    event.save_revision().publish()
    return site


def main_call_to_action(page, kind: str):
    if kind == "home":
        return page.locator(".hero__actions").get_by_role("link").first
    if kind == "story":
        return page.get_by_role("banner").get_by_role("link", name="Enquire now")
    if kind == "event":
        return page.get_by_role("main").get_by_role("link", name="Book your place")
    # The enquiry page's first question, "What would you like help with?", and its first answer.
    return page.get_by_role("radio", name="Adopting a child", exact=True)


PAGES = [
    ("home", "/"),
    ("story", "/stories/three-sisters-one-home/"),
    ("event", "/events/information-evening-in-ashford/"),
    ("enquiry", "/enquire/"),
]


def assert_on_first_screen(page, locator, banner_box) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, box
    assert box["y"] >= banner_box["y"] + banner_box["height"] or box["y"] + box["height"] <= banner_box["y"]
    assert locator.evaluate(UNCOVERED)


@pytest.mark.parametrize(("kind", "path"), PAGES, ids=[kind for kind, _ in PAGES])
def test_heading_and_main_call_to_action_are_on_the_first_screen_beside_the_banner(
    realistic_site, phone, kind, path
):
    phone.goto(realistic_site + path)
    banner = phone.get_by_role("region", name="Cookies on this website")
    expect(banner).to_be_in_viewport()
    banner_box = banner.bounding_box()
    heading = phone.get_by_role("heading", level=1)
    call_to_action = main_call_to_action(phone, kind)
    expect(heading).to_be_visible()
    expect(call_to_action).to_be_visible()
    assert_on_first_screen(phone, heading, banner_box)
    assert_on_first_screen(phone, call_to_action, banner_box)


def test_the_compact_banner_still_offers_an_equal_choice_before_any_analytics(realistic_site, phone):
    phone.goto(realistic_site + "/")
    banner = phone.get_by_role("region", name="Cookies on this website")
    accept = banner.get_by_role("button", name="Accept analytics cookies")
    reject = banner.get_by_role("button", name="Reject analytics cookies")
    expect(accept).to_be_in_viewport()
    expect(reject).to_be_in_viewport()
    assert accept.evaluate(LOOK) == reject.evaluate(LOOK)  # rejecting is as easy as accepting
    assert accept.bounding_box()["y"] == reject.bounding_box()["y"]  # side by side: neither comes second
    assert reject.bounding_box()["height"] >= 44  # a full-size tap target
    expect(banner.get_by_role("link", name="Find out about our cookies")).to_be_visible()
    assert "apse_visitor" not in {cookie["name"] for cookie in phone.context.cookies()}
    assert axe_violations(phone) == []

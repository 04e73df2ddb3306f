"""The moderated forum in a real browser: a member joins under a pseudonym on a phone, a reply naming
"St Mary's Primary" is held and shown to no other member, someone who is not a member cannot read the
members' forum, and a moderator approves the held post in the admin. axe on every new page, on a phone
(390×844) and a laptop (1280×800)."""

import os

import pytest
from playwright.sync_api import expect

from community.models import Post
from community.services import topic_create
from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_applicant_page import sign_in
from tests.community.helpers import household_at, member, seasoned
from tests.factories import staff_member

pytestmark = [pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
SCHOOL_REPLY = "He has settled in so well at St Mary's Primary."


def shot(page, name: str) -> None:
    """Keep a picture of the page to look at, when SCREENSHOT_DIR names a folder (never in CI)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB", is_mobile=viewport == PHONE)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def forum(site):
    """A reader who started a topic, and a writer invited but not yet joined (their first posts passed)."""
    staff_member("boss", role="manager")
    reader = seasoned(member(who="reader", name="Kettle On"))
    topic = topic_create(membership=reader, title="First days home", body="How did your first week go?").topic
    writer = seasoned(member(who="writer", joined=False))
    return {"reader": reader, "writer": writer, "topic": topic}


def test_a_post_naming_a_school_is_held_and_shown_to_no_other_member(site, browser, forum):
    context, page = new_page(browser, PHONE)
    sign_in(page, site, forum["writer"].household.email)
    page.get_by_role("link", name="Go to members' forum").click()
    expect(page.get_by_role("heading", name="Join the members' forum")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Your forum name").fill("Jessica Brown")
    page.get_by_label("I have read the code of conduct").check()
    page.get_by_role("button", name="Join the forum").click()
    expect(page.get_by_role("alert")).to_contain_text("looks like a real full name")
    expect(page.get_by_label("Your forum name")).to_have_value("Jessica Brown")
    page.get_by_label("Your forum name").fill("Tea and Patience")
    page.get_by_label("I have read the code of conduct").check()
    page.get_by_role("button", name="Join the forum").click()
    expect(page.get_by_role("heading", name="Members' forum")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "forum-index-phone")

    page.get_by_role("link", name="First days home").click()
    page.get_by_label("Your reply").fill(SCHOOL_REPLY)
    page.get_by_role("button", name="Post your reply").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for a moderator")
    held = page.locator(".forum-post--mine")
    expect(held).to_contain_text(SCHOOL_REPLY)
    expect(held).to_contain_text("Waiting for a moderator")
    expect(held).to_contain_text("It seems to name a school")
    assert axe_violations(page) == []
    shot(page, "forum-held-phone")

    page.get_by_role("link", name="Your posts").click()
    expect(page.get_by_role("heading", name="Your posts")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{site}/your-adoption/forum/new/")
    expect(page.get_by_role("heading", name="Start a topic")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Code of conduct").click()
    expect(page.get_by_role("heading", name="Code of conduct", level=1)).to_be_visible()
    assert axe_violations(page) == []
    context.close()

    # The second member, on a laptop, sees the topic but not the held reply.
    context, other = new_page(browser, LAPTOP)
    sign_in(other, site, forum["reader"].household.email)
    other.goto(f"{site}/your-adoption/forum/topics/{forum['topic'].pk}/")
    expect(other.get_by_text("How did your first week go?")).to_be_visible()
    assert "St Mary" not in other.content()
    assert axe_violations(other) == []
    shot(other, "forum-topic-laptop")
    context.close()
    assert Post.objects.get(body=SCHOOL_REPLY).status == Post.Status.HELD


def test_someone_who_is_not_a_member_cannot_read_the_members_forum(site, browser, forum):
    outsider = household_at("stage_two", who="outsider")
    context, page = new_page(browser, PHONE)
    sign_in(page, site, outsider.email)
    expect(page.get_by_role("link", name="Go to members' forum")).to_have_count(0)
    for path in ("/your-adoption/forum/", f"/your-adoption/forum/topics/{forum['topic'].pk}/"):
        response = page.goto(f"{site}{path}")
        assert response.status == 404
        assert "First days home" not in page.content()
    context.close()


def test_a_moderator_approves_a_held_post_in_the_admin(site, browser, forum):
    held = Post.objects.create(
        topic=forum["topic"],
        author=forum["writer"],
        body=SCHOOL_REPLY,
        status=Post.Status.HELD,
        held_reasons=["It seems to name a school or nursery."],
    )
    context, page = new_page(browser, LAPTOP)
    log_in(page, site, "boss")
    page.goto(f"{site}/admin/community/queue/")
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "forum-queue-laptop")
    page.get_by_role("link", name=SCHOOL_REPLY).click()
    expect(page.get_by_text("It seems to name a school or nursery.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text(f"Post {held.pk} approved")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for a moderator.")).to_be_visible()
    page.goto(f"{site}/admin/community/members/")
    assert axe_violations(page) == []
    page.goto(f"{site}/admin/community/members/{forum['writer'].pk}/")
    assert axe_violations(page) == []
    page.goto(f"{site}/admin/community/members/grant/?reference={forum['reader'].household.reference}")
    assert axe_violations(page) == []
    shot(page, "forum-grant-laptop")
    context.close()
    held.refresh_from_db()
    assert held.status == Post.Status.PUBLISHED

    context, phone = new_page(browser, PHONE)
    sign_in(phone, site, forum["reader"].household.email)
    phone.goto(f"{site}/your-adoption/forum/topics/{forum['topic'].pk}/")
    expect(phone.get_by_text(SCHOOL_REPLY)).to_be_visible()
    context.close()

"""In a real browser: an adopter shares their story from a phone, and a marketing editor finds it in the admin.

The story arrives as a draft story page in moderation, with the photo; a form with a mistake comes back
with everything typed kept; the emailed link withdraws it. axe checks every new page, on a phone-sized
screen for the public pages and a laptop-sized one for the admin.
"""

import os
import re
import time
from urllib.parse import urlsplit

from django.core import mail

from wagtail.models import WorkflowState

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.factories import UserFactory, add_page
from tests.website.story_helpers import photo_bytes
from website.models import ShareStoryPage, StorySubmission
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]

STORY = (
    "The first night, our son asked if he could keep the light on. We said yes, and we sat on the landing "
    "until he fell asleep. Now he switches it off himself and tells us to go to bed."
)


def shot(page, name: str) -> None:
    """Keep a picture of the page to look at, when SCREENSHOT_DIR names a folder (never in CI)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def share_page(site, home_page):
    roles_sync()
    return add_page(
        home_page,
        ShareStoryPage,
        title="Share your story",
        slug="share-your-story",
        intro="Your story could help someone decide to adopt.",
        guidance="<p>Please leave out children's names, schools and places.</p>",
    )


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_story_sent_from_a_phone_is_a_draft_in_moderation_that_marketing_sees(
    site, share_page, phone, page, tmp_path
):
    marketing = UserFactory(username="maya")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    photo = tmp_path / "me.jpg"
    photo.write_bytes(photo_bytes(size=(600, 800)))

    # The adopter finds the form from the stories page.
    phone.goto(site + "/stories/")
    phone.get_by_role("link", name="Adopted? Share your story").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Share your story")
    assert axe_violations(phone) == []
    shot(phone, "share-story-phone")

    form = phone.locator("form.story-form")
    form.get_by_label("Your full name").fill("Priya Shah")
    form.get_by_label("Email address").fill("priya@example.com")
    form.get_by_label("Our first names only").check()
    form.get_by_label("The name to publish").fill("Priya and Sam")
    form.get_by_label("A title for your story").fill("The light on the landing")
    form.get_by_role("textbox", name="Your story", exact=True).fill(STORY)
    form.get_by_label("A photo of yourself (optional)").set_input_files(str(photo))
    form.get_by_label("I agree that Adoption Partnership south east may edit my story").check()
    time.sleep(3)  # people take longer than a bot to fill in a form
    phone.get_by_role("button", name="Send my story").click()

    # The photo's tick was missed: the form comes back with what was typed, and asks for the photo again.
    expect(phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(form.get_by_role("textbox", name="Your story", exact=True)).to_have_value(STORY)
    expect(form.get_by_label("A title for your story")).to_have_value("The light on the landing")
    expect(phone.get_by_text("Tick the box to say the photo shows no child's face").first).to_be_visible()
    assert axe_violations(phone) == []
    shot(phone, "share-story-error-phone")
    form.get_by_label("A photo of yourself (optional)").set_input_files(str(photo))
    form.get_by_label("The photo shows me").check()
    form.get_by_label("I agree that Adoption Partnership south east may edit my story").check()
    phone.get_by_role("button", name="Send my story").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for sharing your story")
    assert axe_violations(phone) == []
    submission = StorySubmission.objects.get()
    assert submission.state == StorySubmission.State.IN_MODERATION and submission.photo_id
    draft = submission.page.specific
    assert not draft.live and draft.image_id == submission.photo_id
    assert WorkflowState.objects.get(object_id=str(draft.pk)).status == WorkflowState.STATUS_IN_PROGRESS

    # A marketing editor, at a laptop, has it awaiting review and in the submissions list.
    log_in(page, site, "maya")
    expect(page.get_by_role("link", name="The light on the landing").first).to_be_visible()
    page.goto(site + "/admin/story-submissions/")
    row = page.get_by_role("row").filter(has_text="Priya Shah")
    expect(row).to_contain_text("Waiting for review")
    expect(row).to_contain_text(submission.consent_wording_version)
    assert axe_violations(page) == []
    shot(page, "story-submissions-admin")
    row.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_text(STORY[:40])).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Edit the story page").click()
    expect(page.get_by_role("textbox", name="Title")).to_have_value("The light on the landing")

    # The emailed link withdraws it, after asking.
    (confirmation,) = [message for message in mail.outbox if message.to == ["priya@example.com"]]
    link = re.search(r"http\S+/your-story/withdraw/\S+/", confirmation.body).group(0)
    phone.goto(site + urlsplit(link).path)
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Withdraw my story").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your story has been withdrawn")
    assert axe_violations(phone) == []
    submission.refresh_from_db()
    assert submission.state == StorySubmission.State.WITHDRAWN and submission.photo_id is None


def test_the_story_admin_withdraw_screen_passes_axe(site, share_page, page):
    marketing = UserFactory(username="maya")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    submission = StorySubmission.objects.create(
        name="Jo Adeyemi",
        email="jo@example.com",
        name_choice="anonymous",
        title="The shoes in the hall",
        story=STORY,
        consent_wording_version="story-publish-2026-12",
        consent_wording="Yes",
    )
    log_in(page, site, "maya")
    page.goto(f"{site}/admin/story-submissions/inspect/{submission.pk}/")
    page.get_by_role("link", name="Withdraw consent").click()
    expect(page.get_by_role("button", name="Withdraw consent and unpublish")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Withdraw consent and unpublish").click()
    expect(page.get_by_text("Consent withdrawn: ")).to_be_visible()
    submission.refresh_from_db()
    assert submission.state == StorySubmission.State.WITHDRAWN

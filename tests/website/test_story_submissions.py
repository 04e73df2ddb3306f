"""Sharing a story: the form, the draft in moderation, the photo, the email, and withdrawing consent."""

import io
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import WorkflowState

import pytest
from PIL import Image

from core import consent
from tests.clamd import clamd, clamd_socket  # noqa: F401 - fixtures
from tests.crm.document_files import eicar, pdf
from tests.factories import UserFactory
from tests.website.story_helpers import STORY, form_data, photo_bytes, photo_upload, story_pages
from website.models import StoryEmail, StoryPage, StorySubmission
from website.roles import MARKETING_EDITORS, RECRUITMENT_WORKERS, roles_sync
from website.story_emails import SUBJECT
from website.story_links import withdraw_link, withdraw_token
from website.story_photos import COLLECTION_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    roles_sync()
    return story_pages(home_page)


@pytest.fixture
def marketing_user():
    user = UserFactory(username="maya")
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


def send(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/your-story/send/", form_data(**fields))


def test_a_story_becomes_a_draft_page_in_moderation_with_the_consent_version_kept(
    pages, client, django_capture_on_commit_callbacks
):
    index, _ = pages

    response = send(client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Thank you for sharing your story" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    submission = StorySubmission.objects.get()
    assert submission.email == "priya@example.com"
    assert submission.state == StorySubmission.State.IN_MODERATION
    assert submission.consent_wording_version == consent.STORY_PUBLISH.version
    assert submission.consent_wording == consent.STORY_PUBLISH.text
    page = submission.page
    assert page.get_parent().specific == index
    assert not page.live and page.has_unpublished_changes
    assert page.title == "How we became a family of three"
    assert page.author == "Priya and Sam"
    assert [block.block_type for block in page.body] == ["paragraph", "paragraph"]
    workflow_state = WorkflowState.objects.get(object_id=str(page.pk))
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.current_task_state.task.name


def test_the_draft_is_awaiting_review_on_a_marketing_editors_dashboard(
    pages, client, django_capture_on_commit_callbacks, marketing_user
):
    send(client, django_capture_on_commit_callbacks)
    client.force_login(marketing_user)

    dashboard = client.get("/admin/").content.decode()

    assert "Awaiting your review" in dashboard
    assert "How we became a family of three" in dashboard
    # Wagtail emails the reviewers too, as for any page submitted for moderation.
    assert any(marketing_user.email in message.to for message in mail.outbox)


def test_the_draft_is_not_on_the_site_and_names_no_one(pages, client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks)
    page = StorySubmission.objects.get().page

    assert client.get("/stories/" + page.slug + "/").status_code == 404
    assert "Priya Shah" not in str(page.body) and "Shah" not in page.author


def test_anonymous_stories_are_published_as_anonymous(pages, client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, name_choice="anonymous", published_name="Priya")

    submission = StorySubmission.objects.get()
    assert submission.published_name == ""
    assert submission.page.author == "Anonymous"


def test_the_confirmation_email_carries_a_link_to_withdraw(pages, client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks)

    submission = StorySubmission.objects.get()
    assert StoryEmail.objects.get().status == StoryEmail.Status.DONE
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya@example.com"]
    assert withdraw_link(submission) in mail.outbox[0].body
    assert "Priya and Sam" in mail.outbox[0].body


def test_the_photo_is_kept_as_an_image_in_the_story_collection_without_its_location(
    pages, client, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, photo=photo_upload(), photo_only_me="on")

    submission = StorySubmission.objects.get()
    image = submission.photo
    assert submission.photo_given and submission.page.image == image
    assert image.collection.name == COLLECTION_NAME
    assert re.fullmatch(r"original_images/story-[0-9a-f]{32}\.jpg", image.file.name)
    assert not image.renditions.exists()
    with image.open_file() as handle, Image.open(handle) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif()  # no camera, no GPS position


def test_a_png_photo_is_kept_as_a_jpeg(pages, client, django_capture_on_commit_callbacks):
    upload = photo_upload("me.png", photo_bytes("PNG"), "image/png")
    send(client, django_capture_on_commit_callbacks, photo=upload, photo_only_me="on")

    with StorySubmission.objects.get().photo.open_file() as handle, Image.open(handle) as kept:
        assert kept.format == "JPEG"


def test_a_photo_without_the_tick_is_refused_and_everything_typed_is_kept(
    pages, client, django_capture_on_commit_callbacks
):
    response = send(client, django_capture_on_commit_callbacks, photo=photo_upload())

    html = response.content.decode()
    assert response.status_code == 400
    assert "Tick the box to say the photo shows no child&#x27;s face" in html
    assert "How we became a family of three" in html and "bedtime took two hours" in html
    assert not StorySubmission.objects.exists() and not get_image_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("me.jpg", pdf(), "isn&#x27;t a JPEG or PNG photo"),
        ("me.gif", b"GIF89a" + b"\0" * 40, "isn&#x27;t a JPEG or PNG photo"),
        ("me.jpg", b"", "That photo is empty"),
        ("me.jpg", b"\xff\xd8\xff" + b"broken" * 20, "We could not open that photo"),
    ],
)
def test_a_file_that_is_not_a_usable_photo_is_refused_in_words(
    pages, client, django_capture_on_commit_callbacks, name, content, words
):
    response = send(
        client, django_capture_on_commit_callbacks, photo=photo_upload(name, content), photo_only_me="on"
    )

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not StorySubmission.objects.exists()


def test_a_photo_over_the_limit_says_how_large_it_was(
    pages, client, django_capture_on_commit_callbacks, settings
):
    settings.STORY_PHOTO_MAX_BYTES = 1024
    big = photo_bytes(size=(400, 400))

    response = send(
        client, django_capture_on_commit_callbacks, photo=photo_upload(content=big), photo_only_me="on"
    )

    assert "A photo can be 1 KB at most" in response.content.decode()
    assert not StorySubmission.objects.exists()


def test_an_infected_photo_is_refused_and_nothing_is_kept(
    pages,
    client,
    django_capture_on_commit_callbacks,
    clamd,  # noqa: F811
):
    infected = photo_bytes(gps=False) + eicar()

    response = send(
        client, django_capture_on_commit_callbacks, photo=photo_upload(content=infected), photo_only_me="on"
    )

    assert "our virus checker found something harmful" in response.content.decode()
    assert not StorySubmission.objects.exists() and not get_image_model().objects.exists()


def test_a_clean_photo_is_marked_scanned_when_the_checker_is_on(
    pages,
    client,
    django_capture_on_commit_callbacks,
    clamd,  # noqa: F811
):
    send(client, django_capture_on_commit_callbacks, photo=photo_upload(), photo_only_me="on")

    assert StorySubmission.objects.get().photo_scanned


def test_a_form_with_a_problem_asks_for_the_photo_again(pages, client, django_capture_on_commit_callbacks):
    response = send(
        client, django_capture_on_commit_callbacks, photo=photo_upload(), photo_only_me="on", title=""
    )

    html = response.content.decode()
    assert "Give your story a title" in html
    assert "choose it again" in html


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"consent": ""}, "Tick the box to say we may publish your story"),
        ({"wording_version": "story-publish-2020-01"}, "The wording of this box has changed"),
        ({"published_name": ""}, "Enter your first names to publish"),
        ({"story": "Too short."}, "Your story needs at least 100 characters"),
        ({"story": "x" * 10_001}, "Your story must be 10,000 characters or fewer"),
    ],
)
def test_mistakes_are_explained_and_nothing_is_kept(
    pages, client, django_capture_on_commit_callbacks, fields, error
):
    response = send(client, django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert "Priya Shah" in response.content.decode()
    assert not StorySubmission.objects.exists()


def test_a_form_that_looks_automated_is_held_with_no_page_and_no_email(
    pages, client, django_capture_on_commit_callbacks, marketing_user
):
    send(client, django_capture_on_commit_callbacks, form_token="")

    held = StorySubmission.objects.get()
    assert held.state == StorySubmission.State.HELD and held.doubts
    assert held.page is None and not mail.outbox

    client.force_login(marketing_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/story-submissions/release/{held.pk}/")

    held.refresh_from_db()
    assert held.state == StorySubmission.State.IN_MODERATION and held.page is not None
    assert [message.to for message in mail.outbox if message.subject == SUBJECT] == [["priya@example.com"]]


def test_the_trap_field_keeps_nothing_but_thanks_all_the_same(
    pages, client, django_capture_on_commit_callbacks
):
    response = send(client, django_capture_on_commit_callbacks, website="http://spam.example")

    assert "Thank you for sharing your story" in response.content.decode()
    assert not StorySubmission.objects.exists()


def test_the_stories_page_and_the_footer_lead_to_the_form(pages, client):
    html = client.get("/stories/").content.decode()

    assert 'href="/share-your-story/"' in html
    assert "Adopted? Share your story" in html
    assert ">Share your story</a>" in client.get("/").content.decode()


# Withdrawing consent


def _published(submission: StorySubmission) -> StoryPage:
    page = submission.page.specific
    page.current_workflow_state.cancel(user=None)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    return page


def test_the_emailed_link_asks_first_then_unpublishes_the_live_story_and_deletes_the_photo(
    pages, client, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, photo=photo_upload(), photo_only_me="on")
    submission = StorySubmission.objects.get()
    page = _published(submission)
    path = f"/your-story/withdraw/{withdraw_token(submission)}/"

    asked = client.get(path)
    assert "Withdraw my story" in asked.content.decode()
    assert StoryPage.objects.get(pk=page.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)

    assert "Your story has been withdrawn" in done.content.decode()
    page.refresh_from_db()
    submission.refresh_from_db()
    assert not page.live and page.image is None
    assert submission.state == StorySubmission.State.WITHDRAWN and submission.withdrawn_at
    assert not get_image_model().objects.exists()
    assert page.get_latest_revision_as_object().image_id is None
    assert client.get(page.url or "/stories/" + page.slug + "/").status_code == 404


def test_withdrawing_twice_is_harmless(pages, client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks)
    submission = StorySubmission.objects.get()
    path = f"/your-story/withdraw/{withdraw_token(submission)}/"
    client.post(path)
    first = StorySubmission.objects.get().withdrawn_at

    again = client.post(path)

    assert again.status_code == 200
    assert "Your story has been withdrawn" in again.content.decode()
    assert StorySubmission.objects.get().withdrawn_at == first


def test_a_withdrawn_story_cannot_be_published_again(
    pages, client, django_capture_on_commit_callbacks, marketing_user
):
    send(client, django_capture_on_commit_callbacks)
    submission = StorySubmission.objects.get()
    client.post(f"/your-story/withdraw/{withdraw_token(submission)}/")

    permissions = submission.page.specific.permissions_for_user(marketing_user)

    assert not permissions.can_publish()
    assert not permissions.can_submit_for_moderation()
    assert permissions.can_edit()
    assert submission.page.specific.current_workflow_state is None
    client.force_login(marketing_user)
    editor = client.get(f"/admin/pages/{submission.page_id}/edit/")
    assert editor.status_code == 200
    assert 'name="action-publish"' not in editor.content.decode()


@pytest.mark.parametrize("token", ["nonsense", "1:abc:def"])
def test_a_tampered_link_is_refused_politely(pages, client, django_capture_on_commit_callbacks, token):
    send(client, django_capture_on_commit_callbacks)
    real = withdraw_token(StorySubmission.objects.get())

    for path in (f"/your-story/withdraw/{token}/", f"/your-story/withdraw/{real[:-2]}xx/"):
        response = client.post(path)
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert StorySubmission.objects.get().state == StorySubmission.State.IN_MODERATION


def test_staff_withdraw_for_the_person_in_the_admin(
    pages, client, django_capture_on_commit_callbacks, marketing_user
):
    send(client, django_capture_on_commit_callbacks)
    submission = StorySubmission.objects.get()
    _published(submission)
    client.force_login(marketing_user)

    assert (
        "Withdraw consent and unpublish"
        in client.get(f"/admin/story-submissions/withdraw/{submission.pk}/").content.decode()
    )
    response = client.post(f"/admin/story-submissions/withdraw/{submission.pk}/")

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == StorySubmission.State.WITHDRAWN
    assert not submission.page.live


def test_the_admin_list_shows_submissions_to_marketing_and_nothing_to_workers(
    pages, client, django_capture_on_commit_callbacks, marketing_user
):
    send(client, django_capture_on_commit_callbacks)
    submission = StorySubmission.objects.get()
    worker = UserFactory(username="walt")
    worker.groups.add(roles_sync()[RECRUITMENT_WORKERS])

    client.force_login(marketing_user)
    listing = client.get("/admin/story-submissions/").content.decode()
    assert "Priya Shah" in listing and consent.STORY_PUBLISH.version in listing
    assert f"/admin/pages/{submission.page_id}/edit/" in listing
    assert client.get(f"/admin/story-submissions/edit/{submission.pk}/").status_code in (302, 403, 404)

    client.force_login(worker)
    assert client.get("/admin/story-submissions/").status_code == 404
    assert client.post(f"/admin/story-submissions/withdraw/{submission.pk}/").status_code == 404
    assert StorySubmission.objects.get().state == StorySubmission.State.IN_MODERATION


def test_the_send_address_only_takes_posts(pages, client):
    assert client.get("/your-story/send/").status_code == 302
    assert StorySubmission.objects.count() == 0


def test_the_story_text_is_kept_as_sent(pages, client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks)

    submission = StorySubmission.objects.get()
    assert submission.story == STORY
    assert submission.submitted_at <= timezone.now()
    assert get_user_model().objects.count() == 0


def test_a_photo_too_large_in_pixels_is_refused(
    pages, client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("website.story_photos.MAX_PIXELS", 100)
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG")

    response = send(
        client,
        django_capture_on_commit_callbacks,
        photo=photo_upload("me.png", out.getvalue()),
        photo_only_me="on",
    )

    assert "too many pixels" in response.content.decode()


def test_a_workflow_with_no_task_leaves_the_story_a_draft(pages, client, django_capture_on_commit_callbacks):
    from wagtail.models import WorkflowTask

    WorkflowTask.objects.all().delete()  # as a test that empties the tables can leave it

    send(client, django_capture_on_commit_callbacks)

    page = StorySubmission.objects.get().page
    assert not page.live
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()

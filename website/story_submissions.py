"""Sharing a story: the submission, its draft page in moderation, the confirmation email, and withdrawal.

A story that arrives becomes, in one transaction, a ``StorySubmission`` (what was sent, and the consent
with its wording version), a draft ``StoryPage`` under the stories index, with the photo as an image in
the story collection (``website.story_photos``), submitted to the moderation workflow that covers the
stories index, so it is in the marketing team's "Awaiting your review"; and a confirmation email (an
outbox row, ``website.story_emails``) with a signed link to withdraw. A submission that looked
automated (``core.spam``) is kept, held, with no page and no email, until someone sends it to moderation.

Withdrawing consent unpublishes the page if it is live, stops its moderation, deletes the photo (it was
sent only to be published) and marks the submission withdrawn; the page keeps its text as a draft that
can no longer be published (``StoryPage.permissions_for_user``). Withdrawing twice changes nothing.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify

from wagtail.actions.unpublish_page import UnpublishPageAction

from core import consent
from website.models import StoryIndexPage, StoryPage, StorySubmission
from website.story_emails import story_email_queue
from website.story_photos import JudgedPhoto, story_photo_delete, story_photo_keep

logger = logging.getLogger(__name__)

SUMMARY_LENGTH = 240
ANONYMOUS = "Anonymous"


class StoryError(Exception):
    """A story action that cannot be done as asked; the message says why, for the person acting."""


@transaction.atomic
def story_submission_create(
    *,
    name: str,
    email: str,
    name_choice: str,
    published_name: str,
    title: str,
    story: str,
    photo: JudgedPhoto | None,
    consent_version: str,
    doubts: list[str] | None = None,
    at: dt.datetime | None = None,
) -> StorySubmission:
    """Record a story sent from the website and, unless it looked automated, put it in moderation.

    ``photo`` is already judged (``story_photo_judge``: size, kind, viruses); ``consent_version`` is the
    version of the words the person ticked, which must be the current one.
    """
    if consent_version != consent.STORY_PUBLISH.version:
        raise StoryError(
            "The consent wording has changed since the form was shown. Read it and tick it again."
        )
    if name_choice not in StorySubmission.NameChoice.values:
        raise StoryError("Choose how we should name you when we publish your story.")
    doubts = list(doubts or [])
    submission = StorySubmission.objects.create(
        name=name,
        email=email,
        name_choice=name_choice,
        published_name="" if name_choice == StorySubmission.NameChoice.ANONYMOUS else published_name,
        title=title,
        story=story,
        photo_given=photo is not None,
        photo_scanned=bool(photo and photo.scanned),
        consent_wording_version=consent.STORY_PUBLISH.version,
        consent_wording=consent.STORY_PUBLISH.text,
        doubts=doubts,
        state=StorySubmission.State.HELD if doubts else StorySubmission.State.IN_MODERATION,
        submitted_at=at or timezone.now(),
    )
    if photo is not None:
        submission.photo = story_photo_keep(photo=photo, submission_id=submission.pk)
        submission.save(update_fields=["photo"])
    if not doubts:
        _draft_create(submission)
        story_email_queue(submission=submission)
    return submission


def _stories_index() -> StoryIndexPage:
    index = StoryIndexPage.objects.first()
    if index is None:
        raise StoryError(
            "The website has no stories page to put the story under. Ask the web team to add one."
        )
    return index


def _body(story: str) -> list[tuple[str, str]]:
    """The story's paragraphs (split at blank lines) as paragraph blocks; single line breaks are kept."""
    paragraphs = [part.strip() for part in story.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [("paragraph", "<p>" + escape(part).replace("\n", "<br>") + "</p>") for part in paragraphs]


def _slug(index: StoryIndexPage, submission: StorySubmission) -> str:
    base = slugify(submission.title)[:60].strip("-") or "story"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return base if base not in taken else f"{base}-{submission.pk}"


def _draft_create(submission: StorySubmission) -> StoryPage:
    """A draft story page under the stories index, submitted to moderation as if by the public."""
    index = _stories_index()
    page = StoryPage(
        title=submission.title,
        slug=_slug(index, submission),
        live=False,
        kind=StoryPage.Kind.STORY,
        author=submission.byline,
        summary=Truncator(" ".join(submission.story.split())).chars(SUMMARY_LENGTH),
        body=_body(submission.story),
        image=submission.photo,
    )
    index.add_child(instance=page)
    revision = page.save_revision(log_action=True)
    workflow = page.get_workflow()
    # A workflow with no task would approve, and so publish, the story at once: it stays a draft instead.
    if workflow is None or not workflow.tasks.filter(active=True).exists():
        logger.warning("Story %s is a draft with no moderation workflow to go to.", submission.pk)
    else:
        workflow.start(page, user=None)
    submission.page = page
    submission.save(update_fields=["page"])
    logger.info(
        "Story %s is draft page %s (revision %s), in moderation.", submission.pk, page.pk, revision.pk
    )
    return page


@transaction.atomic
def story_submission_release(*, submission: StorySubmission, by) -> StorySubmission:
    """A held submission was sent by a person after all: put it in moderation and send its email."""
    submission = StorySubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != StorySubmission.State.HELD:
        return submission
    submission.state = StorySubmission.State.IN_MODERATION
    submission.save(update_fields=["state"])
    _draft_create(submission)
    story_email_queue(submission=submission)
    return submission


@transaction.atomic
def story_consent_withdraw(*, submission: StorySubmission, by=None, at: dt.datetime | None = None) -> bool:
    """Take the story down for good: True if this withdrew it, False if it was withdrawn already.

    ``by`` is the member of staff who did it for the person, or None for the person's own link.
    """
    submission = StorySubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.state == StorySubmission.State.WITHDRAWN:
        return False
    page = StoryPage.objects.filter(pk=submission.page_id).first()
    if page is not None:
        workflow_state = page.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=by)
        if page.live:
            # Anyone who may withdraw consent (the person, a manager) takes the page down: it is the
            # person's right, not an editing permission.
            UnpublishPageAction(page, user=by, log_action=True).execute(skip_permission_checks=True)
        if submission.photo_id:
            _photo_remove_from(page, photo_id=submission.photo_id, by=by)
    photo = submission.photo
    submission.state = StorySubmission.State.WITHDRAWN
    submission.withdrawn_at = at or timezone.now()
    submission.photo = None
    submission.save(update_fields=["state", "withdrawn_at", "photo"])
    story_photo_delete(photo)
    return True


def _photo_remove_from(page: StoryPage, *, photo_id: int, by) -> None:
    """A new draft without the photo, so no revision an editor might restore still shows it."""
    draft = page.get_latest_revision_as_object()
    if draft.image_id == photo_id:
        draft.image = None
        draft.save_revision(user=by, log_action=False, clean=False)
    StoryPage.objects.filter(pk=page.pk, image_id=photo_id).update(image=None)

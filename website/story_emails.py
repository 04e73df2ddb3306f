"""The email to someone who shared a story: it arrived, what happens next, and the link to withdraw.

An outbox row (``website.models.StoryEmail``, ``core.outbox``): made in the submission's transaction,
sent by a task once it commits, retried with backoff, and swept if its task was lost.
"""

import datetime as dt
import smtplib

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from anymail.exceptions import AnymailError

from core.mail import send_problem
from core.outbox import (
    FAILED,
    OutboxRetry,
    backoff,
    outbox_claim,
    outbox_finish,
    outbox_give_up,
    outbox_requeue,
    outbox_retry_later,
    outbox_stuck,
    queue_on_commit,
)
from website.models import StoryEmail, StorySubmission
from website.story_links import withdraw_link
from website.tasks import story_email_run

MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 30
STUCK_AFTER = dt.timedelta(minutes=10)
SUBJECT = "We have your story: thank you"


def story_email_queue(*, submission: StorySubmission) -> StoryEmail:
    """One confirmation email for the submission, sent once the caller's transaction commits."""
    row = StoryEmail.objects.create(submission=submission)
    queue_on_commit(story_email_run, row)
    return row


class StoryEmailRetry(OutboxRetry):
    """The mail service could not take the email just now."""


def story_email_send(*, email_id: int) -> str:
    """Send one confirmation, once: 'done', 'failed', 'skipped', or raise to be retried later."""
    with transaction.atomic():
        row = outbox_claim(StoryEmail.objects.select_related("submission"), pk=email_id)
        if row is None:
            return "skipped"
        row.attempts += 1
        submission = row.submission
        if submission.state == StorySubmission.State.WITHDRAWN or not submission.email:
            return outbox_give_up(row, "The story was withdrawn (or erased) before its email was sent.")
        context = {"submission": submission, "link": withdraw_link(submission)}
        message = EmailMessage(
            subject=SUBJECT,
            body=render_to_string("website/emails/story_received.txt", context),
            to=[submission.email],
        )
        try:
            message.send()
        except (AnymailError, smtplib.SMTPException, OSError) as error:
            problem, permanent = send_problem(error)
            if permanent:
                return outbox_give_up(row, problem)
            wait = backoff(base=RETRY_BASE_SECONDS, step=row.attempts - 1)
            outcome = outbox_retry_later(
                row, problem, max_attempts=MAX_ATTEMPTS, retry_in=dt.timedelta(seconds=wait)
            )
            if outcome == FAILED:
                return outcome
            retry = StoryEmailRetry(problem, countdown=wait)
        else:
            return outbox_finish(row)
    raise retry


def story_emails_requeue() -> int:
    """Queue again every story email whose task was lost, or whose retry was."""
    stuck = outbox_stuck(StoryEmail.objects.all(), older_than=STUCK_AFTER, order_by="created_at", limit=500)
    return outbox_requeue(story_email_run, stuck)

"""The outbox: work that must not be lost is a row first, then a Celery task once the row commits.

Every integration that talks to the outside world (an email, a Mailchimp sync) works the same way:

- a service creates the row inside the caller's transaction and queues its task with
  ``queue_on_commit``, so a rolled-back change sends nothing and a committed one is never lost;
- the task locks the row (``outbox_claim``), counts the attempt, and either finishes it
  (``outbox_finish``), gives up at once on an error that will never pass (``outbox_give_up``), or
  asks to be retried later (``outbox_retry_later``), with backoff and jitter (``backoff``), until the
  attempts limit turns the retry into a give-up a person can see;
- a periodic sweep (``outbox_stuck`` and ``outbox_requeue``) queues again the rows whose task was lost
  to a broker outage or a crash; a row already done is skipped, so queueing twice is harmless;
- work that queues several tasks at once (an enquiry: its emails and its touches) may send them to
  the broker as one message (``enqueue_together``); a worker runs each of them in turn, each as its
  own task with its own retries (``core.tasks.outbox_batch_run``).

A row moves from ``pending`` to ``done`` or ``failed``; a model may add states of its own (a sync
recorded while Mailchimp is not configured) that the outbox leaves alone.
https://docs.djangoproject.com/en/5.2/topics/db/transactions/#performing-actions-after-commit
"""

import contextlib
import datetime as dt
import logging
import random
from contextvars import ContextVar

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from celery.exceptions import Retry
from kombu.exceptions import OperationalError

# Imported with the outbox, so the task is registered wherever a batch can be sent or run.
from core.tasks import outbox_batch_run

logger = logging.getLogger(__name__)

PENDING = "pending"
DONE = "done"
FAILED = "failed"
# Kept under the broker's visibility timeout, so a waiting retry is never handed out twice.
BACKOFF_CAP_SECONDS = 1800
# What went wrong is kept for a person to read; a provider's whole response page is not.
ERROR_LIMIT = 2000


class OutboxRow(models.Model):
    """The fields every outbox row shares; each model adds its ``status`` (with its own choices) and its work."""

    attempts = models.PositiveSmallIntegerField("tries", default=0)
    next_attempt_at = models.DateTimeField(
        "next try", null=True, blank=True, help_text="When a retry is due, after a failure."
    )
    last_error = models.TextField("what went wrong", blank=True)
    created_at = models.DateTimeField("queued", default=timezone.now)
    done_at = models.DateTimeField("sent", null=True, blank=True)

    # Fields of the model's own that its outcomes write, besides the outbox's (a provider's answer).
    outbox_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True


class OutboxRetry(Exception):
    """The row's work failed in a way that may pass; its task asks again after ``countdown`` seconds.

    ``busy`` marks a wait that was not an attempt (the provider had no free slot), which the row
    does not count.
    """

    def __init__(self, message: str = "", *, countdown: float | None = None, busy: bool = False):
        super().__init__(message)
        self.countdown = countdown
        self.busy = busy


# Queueing


# The tasks queued inside ``enqueue_together``, still to be sent; None outside it.
_together: ContextVar[list | None] = ContextVar("outbox_together", default=None)


def enqueue(task, *args) -> bool:
    """Queue ``task`` now; if the broker is down, log it and let the sweep queue it later.

    Inside ``enqueue_together`` the task is sent with the others when it ends instead.
    Without a broker (tasks run eagerly, in the request) a task asking to retry cannot wait for its
    countdown; its row stays pending for the sweep in the same way.
    """
    together = _together.get()
    if together is not None:
        together.append((task, args))
        return True
    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, ConnectionError, OSError) as error:
        logger.warning("Could not queue %s%s: %s; the sweep will retry.", task.name, args, error)
        return False
    except Retry as retry:
        logger.warning("%s%s must wait to retry: %s; the sweep will retry.", task.name, args, retry.exc)
        return False
    return True


@contextlib.contextmanager
def enqueue_together():
    """Send every task queued inside this block to the broker as one message, once the block ends.

    Wrap a transaction in it (``with enqueue_together(), transaction.atomic():`` or the other way
    round for a block that must also catch the transaction's errors) and the tasks its commit
    queues, whether rows' tasks (``queue_on_commit``) or a signal listener's, go in one publish:
    one round trip to the broker instead of one each, and one message for a worker to take. A
    transaction that is itself inside another queues nothing until the outer one commits, after
    this block, so its tasks go one by one as before. Losing the message loses no more than losing
    each task would: every task here has a sweep that finds its row still pending.
    """
    from celery import current_app

    if _together.get() is not None:  # already collecting: the outer block sends them
        yield
        return
    token = _together.set([])
    try:
        yield
    finally:
        queued = _together.get()
        _together.reset(token)
        if len(queued) == 1 or current_app.conf.task_always_eager:
            # Run eagerly, each task keeps its own eager retries, as without this block.
            for task, args in queued:
                enqueue(task, *args)
        elif queued:
            _enqueue_batch(queued)


def _enqueue_batch(queued: list) -> bool:
    try:
        outbox_batch_run.apply_async(args=([[task.name, list(args)] for task, args in queued],), retry=False)
    except (OperationalError, ConnectionError, OSError) as error:
        for task, args in queued:
            logger.warning("Could not queue %s%s: %s; the sweep will retry.", task.name, args, error)
        return False
    return True


def queue_on_commit(task, row: OutboxRow) -> None:
    """Queue the row's task once the surrounding transaction commits: never for a change rolled back."""
    pk = row.pk
    transaction.on_commit(lambda: enqueue(task, pk))


def backoff(*, base: float, step: int, cap: float = BACKOFF_CAP_SECONDS) -> float:
    """Seconds to wait before the next try: ``base`` doubled ``step`` times, plus up to half again, at most ``cap``.

    The jitter spreads retries out, so a provider coming back from an outage is not hit by every
    waiting row in the same second.
    """
    delay = base * 2**step
    return min(cap, delay + random.uniform(0, delay / 2))  # noqa: S311 - jitter, not security


# Working one row


def outbox_claim(queryset: models.QuerySet, *, pk: int) -> OutboxRow | None:
    """The pending row, locked until the caller's transaction ends; None if it is gone or already worked.

    Holding the lock while the work is done is what makes it happen once: a second task for the
    same row waits, then finds it no longer pending.
    """
    row = queryset.select_for_update().filter(pk=pk).first()
    if row is None or row.status != PENDING:
        return None
    return row


def outbox_finish(row: OutboxRow, *, note: str = "") -> str:
    """The work is done; ``note`` says anything a person should know about how."""
    row.status = DONE
    row.done_at = timezone.now()
    row.next_attempt_at = None
    row.last_error = note
    row.save(
        update_fields=["attempts", "status", "done_at", "next_attempt_at", "last_error", *row.outbox_fields]
    )
    return DONE


def outbox_give_up(row: OutboxRow, problem: str) -> str:
    """The work will not be done without a person: say why, and stop retrying."""
    row.status = FAILED
    row.last_error = problem[:ERROR_LIMIT]
    row.next_attempt_at = None
    row.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", *row.outbox_fields])
    return FAILED


def outbox_retry_later(row: OutboxRow, problem: str, *, max_attempts: int, retry_in: dt.timedelta) -> str:
    """A failure that may pass: record it and when the retry is due, or give up once the attempts are spent.

    Returns ``failed`` on giving up; otherwise the caller raises its retry after the row's
    transaction commits, so the recorded failure is kept.
    """
    if row.attempts >= max_attempts:
        return outbox_give_up(row, f"Gave up after {row.attempts} attempts. {problem}")
    row.last_error = problem[:ERROR_LIMIT]
    row.next_attempt_at = timezone.now() + retry_in
    row.save(update_fields=["attempts", "last_error", "next_attempt_at", *row.outbox_fields])
    return PENDING


# The sweep


def outbox_stuck(
    queryset: models.QuerySet, *, older_than: dt.timedelta, order_by: str, limit: int
) -> list[int]:
    """Pending rows still waiting after ``older_than``: their task was lost, or its retry was.

    A row whose retry is due in the future, or only just fell due, belongs to a task that is still
    on its way; it is picked up only once that retry is ``older_than`` overdue.
    """
    cutoff = timezone.now() - older_than
    return list(
        queryset.filter(status=PENDING, created_at__lt=cutoff)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=cutoff))
        .order_by(order_by)
        .values_list("pk", flat=True)[:limit]
    )


def outbox_requeue(task, ids: list[int]) -> int:
    """Queue ``task`` again for each row; safe at any time, as a row already worked is skipped."""
    for pk in ids:
        enqueue(task, pk)
    return len(ids)

"""Celery tasks. Each takes primary keys, works one row, and is safe to run twice."""

import datetime as dt
import logging
import random

from django.conf import settings

from celery import shared_task
from celery.exceptions import Retry
from kombu.exceptions import OperationalError

from crm.services.side_effects import SideEffectRetry, side_effect_perform, side_effects_pending

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Kept under the broker's visibility timeout, so a waiting retry is never handed out twice.
BACKOFF_CAP_SECONDS = 1800


def enqueue(task, *args) -> bool:
    """Queue ``task`` now; if the broker is down, log it and let the sweep queue it later.

    Without a broker (tasks run eagerly, in the request) a task asking to retry cannot wait for its
    countdown; its row stays pending for the sweep in the same way.
    """
    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, ConnectionError, OSError) as error:
        logger.warning("Could not queue %s%s: %s; the sweep will retry.", task.name, args, error)
        return False
    except Retry as retry:
        logger.warning("%s%s must wait to retry: %s; the sweep will retry.", task.name, args, retry.exc)
        return False
    return True


def backoff(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: doubling from the base, plus up to half again as jitter.

    The jitter spreads retries out, so a provider coming back from an outage is not hit by every
    waiting email in the same second.
    """
    delay = settings.CRM_SIDE_EFFECT_BACKOFF_SECONDS * 2**retries
    return min(BACKOFF_CAP_SECONDS, delay + random.uniform(0, delay / 2))  # noqa: S311 - jitter, not security


@shared_task(bind=True, max_retries=None, acks_late=True)
def side_effect_run(self, side_effect_id: int) -> str:
    """Work one side-effect row. The row counts its attempts and gives up after ``MAX_ATTEMPTS``."""
    countdown = backoff(self.request.retries)
    try:
        return side_effect_perform(
            side_effect_id=side_effect_id, max_attempts=MAX_ATTEMPTS, retry_in=dt.timedelta(seconds=countdown)
        )
    except SideEffectRetry as error:
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task
def side_effects_sweep() -> int:
    """Queue every side effect that has waited too long without being done."""
    ids = side_effects_pending()
    for pk in ids:
        enqueue(side_effect_run, pk)
    return len(ids)


@shared_task
def daily_digests_send() -> int:
    """Each morning: every worker their overdue and due-soon cases, every manager their team's."""
    from crm.services.digests import daily_digests_queue

    return daily_digests_queue()


@shared_task
def booking_reminders_send() -> int:
    """Each day: a reminder, with the calendar file, to everyone booked on tomorrow's events."""
    from crm.services.bookings import booking_reminders_queue

    return booking_reminders_queue()


@shared_task(acks_late=True)
def journeys_rebuild_run() -> int:
    """Each night: every household's journey dates and stopped clocks worked out again (``crm.services.journeys``).

    Changes through the services keep them up to date as they happen; this puts right anything
    written around the services (an import, a bulk load) and is safe to run at any time.
    """
    from crm.services.journeys import journeys_rebuild

    return journeys_rebuild()

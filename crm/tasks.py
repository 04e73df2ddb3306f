"""Celery tasks. Each takes primary keys, works one row, and is safe to run twice.

Each imports the service it runs inside the task: the services queue these tasks, so they import
this module, and not the other way round.
"""

import datetime as dt

from django.conf import settings

from celery import shared_task

from core import outbox

MAX_ATTEMPTS = 8


def backoff(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: doubling from the base, plus jitter, up to the outbox's cap."""
    return outbox.backoff(base=settings.CRM_SIDE_EFFECT_BACKOFF_SECONDS, step=retries)


@shared_task(bind=True, max_retries=None, acks_late=True)
def side_effect_run(self, side_effect_id: int) -> str:
    """Work one side-effect row. The row counts its attempts and gives up after ``MAX_ATTEMPTS``."""
    from crm.services.sending import side_effect_perform

    countdown = backoff(self.request.retries)
    try:
        return side_effect_perform(
            side_effect_id=side_effect_id, max_attempts=MAX_ATTEMPTS, retry_in=dt.timedelta(seconds=countdown)
        )
    except outbox.OutboxRetry as error:
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task
def side_effects_sweep() -> int:
    """Queue every side effect that has waited too long without being done."""
    from crm.services.side_effects import side_effects_pending

    return outbox.outbox_requeue(side_effect_run, side_effects_pending())


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


@shared_task(
    acks_late=True,
    soft_time_limit=settings.CELERY_NIGHTLY_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_NIGHTLY_TIME_LIMIT,
)
def journeys_rebuild_run() -> int:
    """Each night: every household's journey dates and stopped clocks worked out again (``crm.services.journeys``).

    Changes through the services keep them up to date as they happen; this puts right anything
    written around the services (an import, a bulk load) and is safe to run at any time.
    """
    from crm.services.journeys import journeys_rebuild

    return journeys_rebuild()


@shared_task
def survey_invitations_run() -> int:
    """Each day: a short survey to everyone due one (``crm.surveys``); running twice sends nothing twice."""
    from crm.services.surveys import survey_invitations_send

    return survey_invitations_send()

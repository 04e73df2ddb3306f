"""Side effects as rows: created inside the caller's transaction, worked by Celery after commit.

The row, its task and its sweep follow ``core.outbox``; sending a row's email is
``crm.services.sending``, kept apart because building an email reads the services that queue them.
"""

import datetime as dt

from django.db import IntegrityError, transaction

from core.outbox import outbox_stuck, queue_on_commit
from crm.models import Household, SideEffect
from crm.tasks import side_effect_run


def side_effect_queue(
    *, kind: str, key: str, household: Household | None = None, payload: dict | None = None
):
    """Record a side effect and queue its task once the surrounding transaction commits.

    Asking for the same ``key`` twice returns the first row and queues nothing more.
    """
    try:
        with transaction.atomic():
            effect = SideEffect.objects.create(kind=kind, key=key, household=household, payload=payload or {})
    except IntegrityError:
        return SideEffect.objects.get(key=key)
    queue_on_commit(side_effect_run, effect)
    return effect


def side_effects_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> list[int]:
    """Side effects still waiting after ``older_than``: their task was lost, or its retry was."""
    return outbox_stuck(SideEffect.objects.all(), older_than=older_than, order_by="created_at", limit=1000)

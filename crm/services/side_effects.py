"""Side effects as rows: created inside the caller's transaction, worked by Celery after commit.

The row, its task and its sweep follow ``core.outbox``; sending a row's email is
``crm.services.sending``, kept apart because building an email reads the services that queue them.
"""

import datetime as dt

from django.db import connections, router

from core.outbox import outbox_stuck, queue_on_commit
from crm.models import Household, SideEffect
from crm.tasks import side_effect_run


def side_effect_queue(
    *, kind: str, key: str, household: Household | None = None, payload: dict | None = None
) -> SideEffect:
    """Record a side effect and queue its task once the surrounding transaction commits.

    Asking for the same ``key`` twice returns the first row and queues nothing more.
    """
    effect = SideEffect(kind=kind, key=key, household=household, payload=payload or {})
    return side_effects_queue([effect])[0]


def side_effects_queue(effects: list[SideEffect]) -> list[SideEffect]:
    """Record several side effects in one statement and queue each one's task once the transaction commits.

    A key already recorded keeps its first row, which is returned in its place, and queues nothing
    more. One ``INSERT ... ON CONFLICT DO NOTHING``: no savepoint around each row, as catching a
    duplicate key's error would need, and nothing for a row locked by its running task to wait on.
    """
    created = _insert_new(effects)
    result = []
    for effect in effects:
        if effect.key in created and effect.pk is None:
            effect.pk = created.pop(effect.key)
            effect._state.adding = False
            effect._state.db = router.db_for_write(SideEffect)
            queue_on_commit(side_effect_run, effect)
            result.append(effect)
        else:
            result.append(SideEffect.objects.get(key=effect.key))
    return result


def _insert_new(effects: list[SideEffect]) -> dict[str, int]:
    """Insert the rows whose key is new: their primary keys, by key."""
    if not effects:
        return {}
    connection = connections[router.db_for_write(SideEffect)]
    quote = connection.ops.quote_name
    fields = [field for field in SideEffect._meta.concrete_fields if not field.primary_key]
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {quote(SideEffect._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608 - quoted model names
        f"VALUES {', '.join([row] * len(effects))} "
        f"ON CONFLICT ({quote('key')}) DO NOTHING RETURNING {quote('id')}, {quote('key')}"
    )
    params = [
        field.get_db_prep_save(field.pre_save(effect, True), connection)
        for effect in effects
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key: pk for pk, key in cursor.fetchall()}


def side_effects_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> list[int]:
    """Side effects still waiting after ``older_than``: their task was lost, or its retry was."""
    return outbox_stuck(SideEffect.objects.all(), older_than=older_than, order_by="created_at", limit=1000)

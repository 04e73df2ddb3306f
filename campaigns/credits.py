"""Stored credit: each outcome's share for each earlier touch (``Credit``), and its sums by day (``CreditDay``).

The attribution engine (``campaigns.attribution``) works a household's credit out again whenever its
touches or outcomes change; the difference that makes to each day's sums is added to ``CreditDay`` in
the same transaction, so the reports add up a few rows a day rather than every touch of every outcome.
Each night ``credits_rebuild`` works everyone's credit, and every day's sums, out afresh.
"""

# The SQL is assembled only from constants and quoted names; every value is a parameter.
# ruff: noqa: S608

from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from campaigns.attribution import CREDIT_INSERT_COLUMNS, AttributionModel, Outcome, credit_rows_sql
from campaigns.models import Credit, CreditDay
from crm.services.journeys import households_lock

KEY_COLUMNS = ("outcome", "day", "tracked", "channel", "phase", "campaign")
SUM_COLUMNS = ("rows", *AttributionModel.values)
# Day sums written per statement, well within SQLite's limit on parameters.
BATCH = 500
# A difference smaller than this is rounding, not a change.
EPSILON = 1e-12


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@transaction.atomic
def credits_refresh(*, household_ids: list[int]) -> None:
    """Work out these households' stored credit again (``campaigns.models.Credit``), from their touches."""
    credits_write(households_lock(household_ids))


def credits_write(household_ids: list[int]) -> None:
    """Replace these (locked) households' stored credit with what the engine works out, and move the day sums."""
    before = _day_sums(Credit.objects.filter(household_id__in=household_ids))
    Credit.objects.filter(household_id__in=household_ids).delete()
    _credit_insert(household_ids)
    after = _day_sums(Credit.objects.filter(household_id__in=household_ids))
    changes = {}
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, [0] * len(SUM_COLUMNS)), after.get(key, [0] * len(SUM_COLUMNS))
        change = [b - a for a, b in zip(old, new, strict=True)]
        if change[0] or any(abs(value) > EPSILON for value in change[1:]):
            changes[key] = change
    _days_add(changes)


@transaction.atomic
def credits_rebuild() -> int:
    """Everyone's stored credit and day sums again, in one transaction: each night, and after anything
    written around the services (a bulk import). Refreshes that arrive meanwhile wait for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {_q(Credit._meta.db_table)}, {_q(CreditDay._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE"
            )
    Credit.objects.all().delete()
    _credit_insert(None)
    credit_days_rebuild()
    return Credit.objects.count()


def credit_days_rebuild() -> int:
    """Every day's sums worked out afresh from the stored credit; the number of day rows."""
    CreditDay.objects.all().delete()
    if connection.vendor == "postgresql":
        credit = ", ".join(f"SUM({_q(model)})" for model in AttributionModel.values)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_q(CreditDay._meta.db_table)} ({', '.join(map(_q, KEY_COLUMNS + SUM_COLUMNS))}) "
                f"SELECT outcome, (outcome_at AT TIME ZONE %s)::date, tracked, COALESCE(channel_id, 0), "
                f"COALESCE(phase, 0), COALESCE(campaign_id, 0), COUNT(*), {credit} "
                f"FROM {_q(Credit._meta.db_table)} GROUP BY 1, 2, 3, 4, 5, 6",
                [settings.TIME_ZONE],
            )
            return cursor.rowcount
    # SQLite cannot turn a moment into a local date: the sums are made here, a row at a time.
    sums = _day_sums(Credit.objects.all())
    _days_add(dict(sorted(sums.items())))
    return len(sums)


def _credit_insert(household_ids: list[int] | None) -> None:
    columns = ", ".join(_q(name) for name in CREDIT_INSERT_COLUMNS)
    with connection.cursor() as cursor:
        for outcome in Outcome.values:
            sql, params = credit_rows_sql(outcome=outcome, household_ids=household_ids)
            cursor.execute(f"INSERT INTO {_q(Credit._meta.db_table)} ({columns}) {sql}", params)


def _day_sums(credits) -> dict[tuple, list]:
    """These rows of stored credit added up by day: {key: [rows, credit under each model]}."""
    sums: dict[tuple, list] = defaultdict(lambda: [0] + [0.0] * len(AttributionModel.values))
    rows = credits.values_list(
        "outcome", "outcome_at", "tracked", "channel_id", "phase", "campaign_id", *AttributionModel.values
    )
    for outcome, outcome_at, tracked, channel, phase, campaign, *credit in rows.iterator(chunk_size=5000):
        entry = sums[
            (outcome, timezone.localdate(outcome_at), tracked, channel or 0, phase or 0, campaign or 0)
        ]
        entry[0] += 1
        for index, value in enumerate(credit, start=1):
            entry[index] += value
    return dict(sums)


def _days_add(changes: dict[tuple, list]) -> None:
    """Add each change to its day's sums, in key order (so two writers never wait on each other in a
    circle), creating the rows they lack and dropping those that no longer sum anything."""
    table = _q(CreditDay._meta.db_table)
    columns = KEY_COLUMNS + SUM_COLUMNS
    updates = ", ".join(f"{_q(name)} = {table}.{_q(name)} + excluded.{_q(name)}" for name in SUM_COLUMNS)
    items = list(changes.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(map(_q, columns))}) VALUES {values} "
                f"ON CONFLICT ({', '.join(map(_q, KEY_COLUMNS))}) DO UPDATE SET {updates}",
                [value for key, change in batch for value in (*key, *change)],
            )
        emptied = _emptied(changes)
        if emptied:
            where = " OR ".join(["(outcome = %s AND day = %s)"] * len(emptied))
            cursor.execute(
                f"DELETE FROM {table} WHERE {_q('rows')} = 0 AND ({where})",
                [value for pair in emptied for value in pair],
            )


def _emptied(changes: dict[tuple, list]) -> list[tuple]:
    """The (outcome, day) pairs where a change took rows away, so a sum may now be empty."""
    return sorted({(key[0], key[1]) for key, change in changes.items() if change[0] < 0})

"""The attribution engine: one SQL query per report, run in the database.

Credit is worked out where the rows are. Outcomes (a household's first enquiry, its first move to
registration of interest, its first move to approved) are joined to the household's touches made
strictly before the outcome; window functions number the touches of each outcome and count them,
and the chosen model turns that into credit that sums to exactly 1 per outcome. An outcome with no
earlier touch keeps its whole credit on a row of its own ("no tracked touch"), so the credit in a
report always adds up to the number of outcomes.

The SQL runs on PostgreSQL and on SQLite 3.40 or later (window and maths functions); the only
difference is how the time between two moments is measured (``_age_days``). Callers pass UTC
bounds; ``campaigns.selectors`` turns these rows into labelled tables.

Models, for an outcome with ``n`` eligible touches in time order (ties by id):

- first touch: 1 to the earliest;
- last touch: 1 to the latest;
- linear: 1/n to each;
- position-based (40/20/40): n=1: 1; n=2: 0.5 each; n≥3: 0.4 to the first, 0.4 to the last and
  0.2 shared equally by the ones in between;
- time decay: each touch weighs 2^(−Δ/h), Δ being the time from the touch to the outcome and h
  the half-life (``HALF_LIFE_DAYS``), normalised so the weights sum to 1.
"""

# The SQL is assembled only from constants and quoted table names; every value is a parameter.
# ruff: noqa: S608

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, models

from campaigns.models import Channel, CreditDay, Touchpoint
from crm.models import STAGES_BEFORE_ENQUIRY, Enquiry, EnquiryType, Household, Stage, StageChange

HALF_LIFE_DAYS = 7
# Beyond this many half-lives a touch's weight is taken as 0, so POWER() never underflows.
# The latest touch of an outcome always weighs 1, so the sum of weights is never 0.
MAX_HALF_LIVES = 1000


class Outcome(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiries"
    REGISTRATION = "registration_of_interest", "Registrations of interest"
    APPROVAL = "approved", "Approvals"


class AttributionModel(models.TextChoices):
    FIRST_TOUCH = "first_touch", "First touch"
    LAST_TOUCH = "last_touch", "Last touch"
    LINEAR = "linear", "Linear"
    POSITION = "position", "Position-based (40/20/40)"
    TIME_DECAY = "time_decay", f"Time decay (half-life {HALF_LIFE_DAYS} days)"


class Dimension(models.TextChoices):
    CHANNEL = "channel", "Channel"
    PHASE = "phase", "Kindred phase"
    CAMPAIGN = "campaign", "Campaign"
    COUNCIL = "council", "Council"
    MONTH = "month", "Month"


# Dimensions that belong to the touch; council and month belong to the outcome itself.
TOUCH_COLUMNS = {Dimension.CHANNEL: "channel_id", Dimension.PHASE: "phase", Dimension.CAMPAIGN: "campaign_id"}
DAY_COLUMNS = {Dimension.CHANNEL: "channel", Dimension.PHASE: "phase", Dimension.CAMPAIGN: "campaign"}
STAGE_OUTCOMES = {Outcome.REGISTRATION: Stage.REGISTRATION_OF_INTEREST, Outcome.APPROVAL: Stage.APPROVED}


@dataclass(frozen=True)
class CreditSum:
    """Credit for one value of a dimension. ``tracked`` is False on the no-tracked-touch row."""

    value: int | str | None
    tracked: bool
    credits: tuple[float, ...]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _param(value: dt.datetime):
    """A datetime as the backend stores it (naive UTC text on SQLite), so comparisons match stored values."""
    return connection.ops.adapt_datetimefield_value(value)


def _float(number: float | int) -> str:
    return f"CAST({number} AS DOUBLE PRECISION)"


def _age_days(later: str, earlier: str) -> str:
    """SQL for the days from ``earlier`` to ``later``, as a float."""
    if connection.vendor == "postgresql":
        return f"(date_part('epoch', {later} - {earlier}) / 86400.0)"
    return f"(julianday({later}) - julianday({earlier}))"


def outcomes_sql(
    *,
    outcome: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
    household_ids: Sequence[int] | None = None,
) -> tuple[str, list]:
    """Rows (household_id, outcome_at, council): each household's outcome, once, with ``start <= at < end``.

    Only recruitment counts: households whose case is adopting a child, as the funnel counts them and
    as touches are recorded (a support or records request brings no touch and earns no credit).
    Records merged into another household are left out: their history lives on the one kept. So are
    people known before any enquiry (a pack-only request, a family event's booking): they have not
    enquired, whatever ``first_enquiry_at`` holds. Without bounds, every outcome; with ``household_ids``,
    only those households'.
    """
    household = _table(Household)
    if outcome == Outcome.ENQUIRY:
        before = [str(stage) for stage in STAGES_BEFORE_ENQUIRY]
        sql = (
            f"SELECT h.id AS household_id, h.first_enquiry_at AS outcome_at, h.council AS council "
            f"FROM {household} h WHERE h.merged_into_id IS NULL AND h.service = %s "
            f"AND h.stage NOT IN ({', '.join(['%s'] * len(before))})"
        )
        at, params = "h.first_enquiry_at", [EnquiryType.ADOPTING, *before]
    elif outcome in STAGE_OUTCOMES:
        sql = (
            f"SELECT h.id AS household_id, f.outcome_at AS outcome_at, h.council AS council "
            f"FROM (SELECT s.household_id AS household_id, MIN(s.effective_at) AS outcome_at "
            f"FROM {_table(StageChange)} s WHERE s.kind = %s AND s.to_stage = %s GROUP BY s.household_id) f "
            f"JOIN {household} h ON h.id = f.household_id WHERE h.merged_into_id IS NULL AND h.service = %s"
        )
        at, params = "f.outcome_at", [StageChange.Kind.ADVANCE, STAGE_OUTCOMES[outcome], EnquiryType.ADOPTING]
    else:
        raise ValueError(f"Unknown outcome {outcome!r}")
    if start is not None:
        sql += f" AND {at} >= %s"
        params.append(_param(start))
    if end is not None:
        sql += f" AND {at} < %s"
        params.append(_param(end))
    if household_ids is not None:
        ids = [int(pk) for pk in household_ids] or [0]
        sql += f" AND h.id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    return sql, params


NEEDS_POSITION = {AttributionModel.FIRST_TOUCH, AttributionModel.LAST_TOUCH, AttributionModel.POSITION}
NEEDS_COUNT = {AttributionModel.LAST_TOUCH, AttributionModel.LINEAR, AttributionModel.POSITION}


def credit_sql(model: str) -> str:
    """SQL for one row's credit, over ``touch_id``, ``pos``, ``n`` (and ``weight``, ``total_weight``).

    A row without a touch is an outcome with no eligible touch: it keeps its whole credit.
    """
    one, zero = _float(1), _float(0)
    if model == AttributionModel.FIRST_TOUCH:
        return f"CASE WHEN touch_id IS NULL OR pos = 1 THEN {one} ELSE {zero} END"
    if model == AttributionModel.LAST_TOUCH:
        return f"CASE WHEN touch_id IS NULL OR pos = n THEN {one} ELSE {zero} END"
    if model == AttributionModel.LINEAR:
        return f"CASE WHEN touch_id IS NULL THEN {one} ELSE {one} / n END"
    if model == AttributionModel.POSITION:
        return (
            f"CASE WHEN touch_id IS NULL OR n = 1 THEN {one} WHEN n = 2 THEN {_float(0.5)} "
            f"WHEN pos = 1 OR pos = n THEN {_float(0.4)} ELSE {_float(0.2)} / (n - 2) END"
        )
    if model == AttributionModel.TIME_DECAY:
        return f"CASE WHEN touch_id IS NULL THEN {one} ELSE weight / total_weight END"
    raise ValueError(f"Unknown model {model!r}")


def _touches_sql(*, models: Sequence[str], columns: Sequence[str], outcome_at: bool = False) -> str:
    """Outcomes joined to their earlier touches, with what the models need to share out credit.

    Only the touch ``columns`` and window functions the models use are selected, so the rows the
    database sorts stay narrow. Time decay adds a level with each touch's weight relative to the
    outcome's latest touch, and the sum of the weights. An outcome without touches is one row
    whose ``touch_id`` is null.
    """
    touch = _table(Touchpoint)
    partition = "PARTITION BY o.household_id"
    selected = [
        "o.household_id AS household_id",
        *(["o.outcome_at AS outcome_at"] if outcome_at else []),
        "t.id AS touch_id",
        *(f"t.{column} AS {column}" for column in dict.fromkeys(columns)),
    ]
    if NEEDS_POSITION.intersection(models):
        selected.append(f"ROW_NUMBER() OVER ({partition} ORDER BY t.occurred_at, t.id) AS pos")
    if NEEDS_COUNT.intersection(models):
        selected.append(f"COUNT(t.id) OVER ({partition}) AS n")
    decay = AttributionModel.TIME_DECAY in models
    if decay:
        age = _age_days("o.outcome_at", "t.occurred_at")
        selected += [f"{age} AS age", f"MIN({age}) OVER ({partition}) AS min_age"]
    joined = (
        f"SELECT {', '.join(selected)} FROM outcomes o LEFT JOIN {touch} t "
        "ON t.household_id = o.household_id AND t.occurred_at < o.outcome_at"
    )
    if not decay:
        return joined
    half_lives = f"((age - min_age) / {_float(HALF_LIFE_DAYS)})"
    weight = (
        f"CASE WHEN touch_id IS NULL THEN NULL WHEN {half_lives} > {MAX_HALF_LIVES} THEN {_float(0)} "
        f"ELSE POWER({_float(2)}, -{half_lives}) END"
    )
    return (
        f"SELECT j.*, {weight} AS weight, SUM({weight}) OVER (PARTITION BY household_id) AS total_weight "
        f"FROM ({joined}) j"
    )


def credit_query(
    *,
    outcome: str,
    models: Sequence[str],
    dimension: str,
    start: dt.datetime,
    end: dt.datetime,
    campaign_id: int | None = None,
) -> tuple[str, list]:
    """The SQL and parameters behind ``credit_sums``: one column per model, grouped by dimension value."""
    column = TOUCH_COLUMNS[Dimension(dimension)]
    outcomes, params = outcomes_sql(outcome=outcome, start=start, end=end)
    where = ""
    columns = [column]
    if campaign_id is not None:
        # Only outcomes the campaign touched can credit it; the rest would add zeros.
        outcomes = (
            f"SELECT * FROM ({outcomes}) a WHERE EXISTS (SELECT 1 FROM {_table(Touchpoint)} c "
            f"WHERE c.household_id = a.household_id AND c.campaign_id = %s AND c.occurred_at < a.outcome_at)"
        )
        where = "WHERE campaign_id = %s "
        params = [*params, campaign_id, campaign_id]
        columns.append("campaign_id")
    sums = ", ".join(f"SUM({credit_sql(model)})" for model in models)
    sql = (
        f"WITH outcomes AS ({outcomes}) "
        f"SELECT {column} AS value, CASE WHEN touch_id IS NULL THEN 0 ELSE 1 END AS tracked, {sums} "
        f"FROM ({_touches_sql(models=models, columns=columns)}) x {where}"
        f"GROUP BY 1, 2"
    )
    return sql, params


def credit_sums(
    *,
    outcome: str,
    models: Sequence[str],
    dimension: str,
    start: dt.datetime,
    end: dt.datetime,
    campaign_id: int | None = None,
) -> list[CreditSum]:
    """Credit per value of a touch dimension (channel, phase or campaign), one column per model.

    Several models can be worked out in the same pass, which is how a campaign's page shows all
    five. With ``campaign_id`` only that campaign's credit is returned; the other touches of its
    outcomes still count towards ``n`` and the weights, so its share is the same as in the full report.
    """
    sql, params = credit_query(
        outcome=outcome, models=models, dimension=dimension, start=start, end=end, campaign_id=campaign_id
    )
    return _credit_sums_read(sql, params)


def _credit_sums_read(sql: str, params: list) -> list[CreditSum]:
    """Rows of (value, tracked, one credit per model) as ``CreditSum``."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        CreditSum(value=value, tracked=bool(tracked), credits=tuple(float(c or 0) for c in credits))
        for value, tracked, *credits in rows
    ]


# Stored credit (``campaigns.models.Credit``) ----------------------------------------------------------

CREDIT_COLUMNS = ("channel_id", "phase", "campaign_id")


def credit_rows_sql(*, outcome: str, household_ids: Sequence[int] | None = None) -> tuple[str, list]:
    """Every row of stored credit for ``outcome`` (of these households, or everyone's), under every model.

    The same outcomes, touches and shares as ``credit_sums``, one row per outcome and eligible touch,
    in the column order of ``CREDIT_INSERT_COLUMNS``.
    """
    models = list(AttributionModel.values)
    outcomes, params = outcomes_sql(outcome=outcome, start=None, end=None, household_ids=household_ids)
    credits = ", ".join(credit_sql(model) for model in models)
    touches = _touches_sql(models=models, columns=CREDIT_COLUMNS, outcome_at=True)
    sql = (
        f"WITH outcomes AS ({outcomes}) "
        f"SELECT household_id, %s, outcome_at, touch_id IS NOT NULL, "
        f"{', '.join(CREDIT_COLUMNS)}, {credits} FROM ({touches}) x"
    )
    return sql, [*params, outcome]


CREDIT_INSERT_COLUMNS = (
    "household_id",
    "outcome",
    "outcome_at",
    "tracked",
    *CREDIT_COLUMNS,
    *AttributionModel.values,
)


def stored_credit_sums(
    *,
    outcome: str,
    models: Sequence[str],
    dimension: str,
    date_from: dt.date,
    date_to: dt.date,
    campaign_id: int | None = None,
) -> list[CreditSum]:
    """``credit_sums`` for the local days ``date_from`` to ``date_to``, added up from the stored credit's
    day sums (``CreditDay``) rather than worked out: the same figures, from a few rows a day."""
    column = DAY_COLUMNS[Dimension(dimension)]
    sums = ", ".join(f"SUM({_q(AttributionModel(model).value)})" for model in models)
    # The day sums hold 0 where the touch has no channel, phase or campaign: none, as the engine says.
    sql = (
        f"SELECT NULLIF({column}, 0) AS value, tracked, {sums} FROM {_table(CreditDay)} "
        f"WHERE outcome = %s AND day >= %s AND day <= %s"
    )
    params = [outcome, date_from, date_to]
    if campaign_id is not None:
        sql += " AND campaign = %s"
        params.append(campaign_id)
    return _credit_sums_read(f"{sql} GROUP BY 1, 2", params)


def stored_outcomes_by_month(*, outcome: str, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Outcomes per local month ("yyyy-mm") of the days ``date_from`` to ``date_to``, from the day sums.

    Each outcome's first-touch credit is exactly 1 (on its first touch, or its no-tracked-touch row)
    and every other row's is 0, so a day's first-touch sum is its number of outcomes.
    """
    sql = (
        f"SELECT day, SUM(first_touch) FROM {_table(CreditDay)} "
        "WHERE outcome = %s AND day >= %s AND day <= %s GROUP BY day"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [outcome, date_from, date_to])
        rows = cursor.fetchall()
    months: dict[str, int] = {}
    for day, number in rows:
        month = str(day)[:7]  # "yyyy-mm": a date on PostgreSQL, its ISO text on SQLite
        months[month] = months.get(month, 0) + round(number)
    return months


def outcomes_by_council(*, outcome: str, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Outcomes per household council. Each outcome is one household, so every model agrees."""
    outcomes, params = outcomes_sql(outcome=outcome, start=start, end=end)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH outcomes AS ({outcomes}) SELECT council, COUNT(*) FROM outcomes GROUP BY 1", params
        )
        return dict(cursor.fetchall())


def outcomes_by_period(
    *, outcome: str, periods: Sequence[tuple[str, dt.datetime, dt.datetime]]
) -> dict[str, int]:
    """Outcomes per period, each given as (label, start, end) in UTC, e.g. local calendar months.

    The periods are passed in as a table rather than worked out in SQL, because SQLite cannot
    convert to local time; they must be contiguous.
    """
    if not periods:
        return {}
    outcomes, params = outcomes_sql(outcome=outcome, start=periods[0][1], end=periods[-1][2])
    values = ", ".join(["(%s, %s, %s)"] * len(periods))
    period_params = [item for label, start, end in periods for item in (label, _param(start), _param(end))]
    sql = (
        f"WITH outcomes AS ({outcomes}), periods (label, starts, ends) AS (VALUES {values}) "
        "SELECT p.label, COUNT(*) FROM outcomes o "
        "JOIN periods p ON o.outcome_at >= p.starts AND o.outcome_at < p.ends GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *period_params])
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class MovementCounts:
    households: int
    households_touched: int
    by_channel: dict[int, int]
    by_phase: dict[int, int]
    transitions: dict[tuple[int, int], int]


def movement_counts(*, start: dt.datetime, end: dt.datetime, key_channels: bool = False) -> MovementCounts:
    """For households whose registration of interest falls in the range, their touches before it.

    Households per channel and per phase touched, and how often a touch in one phase was followed by
    a touch in another (consecutive touches of the same household, in time order). With
    ``key_channels`` a finer channel's touches count as its key channel's, so a household that heard
    the radio and saw a poster is one household for Advertising.
    """
    outcomes, params = outcomes_sql(outcome=Outcome.REGISTRATION, start=start, end=end)
    channel, joined = "t.channel_id", ""
    if key_channels:
        channel, joined = "COALESCE(c.parent_id, c.id)", f" JOIN {_table(Channel)} c ON c.id = t.channel_id"
    sql = (
        f"WITH outcomes AS ({outcomes}), "
        f"touches AS (SELECT o.household_id AS household_id, {channel} AS channel_id, t.phase AS phase, "
        "LAG(t.phase) OVER (PARTITION BY o.household_id ORDER BY t.occurred_at, t.id) AS previous "
        f"FROM outcomes o JOIN {_table(Touchpoint)} t "
        f"ON t.household_id = o.household_id AND t.occurred_at < o.outcome_at{joined}) "
        "SELECT 'households', 0, 0, COUNT(*) FROM outcomes "
        "UNION ALL SELECT 'touched', 0, 0, COUNT(DISTINCT household_id) FROM touches "
        "UNION ALL SELECT 'channel', channel_id, 0, COUNT(DISTINCT household_id) FROM touches GROUP BY channel_id "
        "UNION ALL SELECT 'phase', phase, 0, COUNT(DISTINCT household_id) FROM touches GROUP BY phase "
        "UNION ALL SELECT 'move', previous, phase, COUNT(*) FROM touches WHERE previous IS NOT NULL "
        "GROUP BY previous, phase"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals = {kind: count for kind, _, _, count in rows if kind in ("households", "touched")}
    return MovementCounts(
        households=totals.get("households", 0),
        households_touched=totals.get("touched", 0),
        by_channel={a: count for kind, a, _, count in rows if kind == "channel"},
        by_phase={a: count for kind, a, _, count in rows if kind == "phase"},
        transitions={(a, b): count for kind, a, b, count in rows if kind == "move"},
    )


def heard_about_counts(
    *, start: dt.datetime, end: dt.datetime
) -> list[tuple[str, int | None, int | None, int]]:
    """For households whose first enquiry falls in the range: (answer, self-reported channel, landing channel, count).

    The answer is ``heard_about`` on the household's first enquiry ('' if none); the self-reported
    channel is that of its earliest self-reported touch, for when the enquiry has no answer; the
    landing channel is that of its earliest landing touch before the enquiry.
    """
    outcomes, params = outcomes_sql(outcome=Outcome.ENQUIRY, start=start, end=end)
    touch = _table(Touchpoint)
    sql = (
        f"WITH outcomes AS ({outcomes}), "
        "first_enquiry AS (SELECT e.household_id AS household_id, e.heard_about AS heard_about, "
        "ROW_NUMBER() OVER (PARTITION BY e.household_id ORDER BY e.received_at, e.id) AS pos "
        f"FROM {_table(Enquiry)} e JOIN outcomes o ON o.household_id = e.household_id), "
        "said AS (SELECT t.household_id AS household_id, t.channel_id AS channel_id, "
        "ROW_NUMBER() OVER (PARTITION BY t.household_id ORDER BY t.occurred_at, t.id) AS pos "
        f"FROM {touch} t JOIN outcomes o ON o.household_id = t.household_id WHERE t.kind = %s), "
        "landed AS (SELECT t.household_id AS household_id, t.channel_id AS channel_id, "
        "ROW_NUMBER() OVER (PARTITION BY t.household_id ORDER BY t.occurred_at, t.id) AS pos "
        f"FROM {touch} t JOIN outcomes o ON o.household_id = t.household_id "
        "WHERE t.kind = %s AND t.occurred_at < o.outcome_at) "
        "SELECT COALESCE(f.heard_about, ''), s.channel_id, l.channel_id, COUNT(*) FROM outcomes o "
        "LEFT JOIN first_enquiry f ON f.household_id = o.household_id AND f.pos = 1 "
        "LEFT JOIN said s ON s.household_id = o.household_id AND s.pos = 1 "
        "LEFT JOIN landed l ON l.household_id = o.household_id AND l.pos = 1 "
        "GROUP BY 1, 2, 3"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Touchpoint.Kind.SELF_REPORTED, Touchpoint.Kind.LANDING])
        return cursor.fetchall()

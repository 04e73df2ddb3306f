"""Insight: the funnel, timeliness, workload and closure figures behind the Insight screens.

Every selector here takes the person asking and answers only what they may see; anyone else gets
a 404, as everywhere in the CRM:

- managers and superusers see all three councils and the overdue list;
- recruitment workers see timeliness and workload for their own team's cases and those assigned to
  them (the households ``crm.selectors.households_visible_to`` gives them), and nothing else here;
- marketing editors (anyone else who may view campaigns) see totals only: every count of fewer than
  5 people reads "fewer than 5", and a second figure is hidden wherever a total, a difference or a
  percentage would give a hidden count back (see ``protect``).

The figures come out as ``Table`` objects whose cells the screens, the charts and the exports all
read, so what is downloaded is exactly what is shown.

Definitions
-----------
- A household's *first enquiry* is ``Household.first_enquiry_at``; its *cohort* is the local
  calendar month or quarter of that moment. Records merged into another household are left out.
- A household *reached* a step when its stage now, open or closed, is that step or a later one:
  someone who went straight from enquiry to registration of interest counts at the initial
  conversation and the information event too, and a fast-track household in stage two counts at
  stage one. So each step's count is never more than the one before.
- The date a household *entered* a stage is its first ``StageChange`` of kind "advance" to it.
- Durations are whole calendar days between local dates; the median and 90th percentile are
  interpolated between neighbouring values, as PostgreSQL's ``percentile_cont`` does.
- A clock (``crm.models.Clock``) starts when the household first entered its starting stage (the
  first enquiry for the enquiry stage) and stops when it first reached the stopping stage or a later
  one; the first-contact clock also stops at the first call that reached the household. It was
  *kept* when it stopped on or before its due date: working days (``crm.calendar``) or calendar
  months after the start, or the latest extension recorded for it.
- The source channel, Kindred phase and campaign of a household are those of its first touch: its
  earliest touchpoint at or before its first enquiry. The campaigns app supplies them (the CRM
  never imports it), through ``register_touch_source``.
"""

# The SQL is assembled from constants, quoted table names and the touch source's own fragments;
# every value is a parameter.
# ruff: noqa: S608

import calendar
import contextlib
import datetime as dt
import enum
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Protocol

from django.db import connection, models, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from crm.calendar import add_months, add_working_days, is_working_day
from crm.models import (
    STAGE_ORDER,
    Clock,
    ClockExtension,
    ClosureReason,
    Council,
    Household,
    StaffMember,
    Stage,
    StageChange,
    Team,
)
from crm.selectors import households_visible_to, sees_everything, staff_member_for
from crm.services.pipeline import FIRST_CONTACT_CLOCK

SMALLEST_SHOWN = 5
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"
NO_TEAM = "No team (outside the three councils)"
UNASSIGNED = "Not assigned"
# Marketing editors are the people who may view campaigns but are not CRM staff.
AGGREGATE_PERMISSION = "campaigns.view_campaign"


class Audience(enum.StrEnum):
    EVERYONE = "everyone"
    TEAM = "team"
    AGGREGATE = "aggregate"
    NONE = "none"


def audience_for(user) -> Audience:
    """Whose figures this person may see: everyone's, their team's, totals only, or nothing."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Audience.NONE
    if sees_everything(user):
        return Audience.EVERYONE
    if staff_member_for(user):
        return Audience.TEAM
    if user.has_perm(AGGREGATE_PERMISSION):
        return Audience.AGGREGATE
    return Audience.NONE


def audience_require(user, allowed: Iterable[Audience]) -> Audience:
    audience = audience_for(user)
    if audience not in set(allowed):
        raise Http404("Not found")
    return audience


FUNNEL_AUDIENCES = {Audience.EVERYONE, Audience.AGGREGATE}
TIMELINESS_AUDIENCES = {Audience.EVERYONE, Audience.TEAM, Audience.AGGREGATE}
OVERDUE_AUDIENCES = {Audience.EVERYONE, Audience.TEAM}
WORKLOAD_AUDIENCES = {Audience.EVERYONE, Audience.TEAM, Audience.AGGREGATE}
RETURN_AUDIENCES = {Audience.EVERYONE}


@contextlib.contextmanager
def reporting():
    """Run a report's queries without PostgreSQL's JIT compiler.

    These are one-off scans and aggregates over many rows, which PostgreSQL judges expensive enough
    to compile; on this kind of query the compiling takes longer than it saves (up to a second
    each). ``SET LOCAL`` lasts until the end of the transaction, so nothing else is affected.
    https://www.postgresql.org/docs/current/jit-decision.html
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def households_for(user, audience: Audience) -> QuerySet[Household]:
    """The households whose figures this audience may count."""
    if audience == Audience.TEAM:
        return households_visible_to(user)
    return Household.objects.active()


# The first touch, from the campaigns app ------------------------------------------------------


class TouchSource(Protocol):
    """What the campaigns app tells the CRM about each household's first touch."""

    dimensions: dict[str, str]

    def first_touch_sql(self, *, dimension: str, household: str) -> str:
        """A scalar SQL subquery: the dimension's value for the first touch of ``household`` (an alias)."""

    def labels(self, *, dimension: str) -> dict:
        """A label for every value of the dimension, for tables and filters."""


_touch_source: TouchSource | None = None


def register_touch_source(source: TouchSource | None) -> None:
    global _touch_source
    _touch_source = source


def touch_source() -> TouchSource | None:
    return _touch_source


# Cells and tables ---------------------------------------------------------------------------------


class Kind(enum.StrEnum):
    TEXT = "text"
    COUNT = "count"
    CREDIT = "credit"
    PERCENT = "percent"
    DAYS = "days"
    MONEY = "money"
    DATE = "date"


NUMERIC = {Kind.COUNT, Kind.CREDIT, Kind.PERCENT, Kind.DAYS, Kind.MONEY}
PEOPLE = {Kind.COUNT, Kind.CREDIT}


@dataclass(eq=False)
class Cell:
    """One figure. Cells are shared between tables that show the same figure, so hiding it hides it everywhere.

    ``depends`` lists the counts a derived figure (a percentage, a median) is worked out from: when
    one of those is hidden, so is this. An ``implicit`` cell is never shown; it stands for a figure
    the table gives away by subtraction (those who stopped at a step), so it can be protected too.
    """

    value: object
    kind: Kind = Kind.TEXT
    depends: tuple = ()
    implicit: bool = False
    hidden: str = ""
    url: str = ""

    @property
    def is_number(self) -> bool:
        return self.kind in NUMERIC

    @property
    def display(self) -> str:
        if self.hidden:
            return self.hidden
        value = self.value
        if value is None:
            return "–"
        if self.kind == Kind.COUNT:
            return f"{value:,}"
        if self.kind in (Kind.CREDIT, Kind.MONEY):
            return f"{value:,.2f}"
        if self.kind == Kind.PERCENT:
            return f"{value:.1f}"
        if self.kind == Kind.DAYS:
            return f"{value:,.1f}".removesuffix(".0")
        if self.kind == Kind.DATE:
            return date_format(value, "j M Y")
        return str(value)

    @property
    def export(self):
        """The value a download holds: numbers as numbers, rounded as shown; hidden figures as their words."""
        if self.hidden:
            return self.hidden
        value = self.value
        if value is None:
            return None
        if self.kind == Kind.CREDIT:
            return round(float(value), 2)
        if self.kind in (Kind.PERCENT, Kind.DAYS):
            return round(float(value), 1)
        if self.kind == Kind.MONEY:
            return Decimal(value).quantize(Decimal("0.01"))
        return value

    @property
    def chart_value(self) -> float | None:
        if self.hidden or self.value is None or not self.is_number:
            return None
        return float(self.value)


def lower_first(label: str) -> str:
    """``label`` to follow other words in a sentence; proper nouns such as Kindred keep their capital."""
    word, _, rest = label.partition(" ")
    return f"{word.lower() if word != 'Kindred' else word} {rest}".strip()


def text(value: str, url: str = "") -> Cell:
    return Cell(value, Kind.TEXT, url=url)


def count(value: int) -> Cell:
    return Cell(int(value), Kind.COUNT)


def percent(part: Cell, whole: Cell) -> Cell:
    value = None
    if isinstance(part.value, int | float) and isinstance(whole.value, int | float) and whole.value:
        value = 100 * part.value / whole.value
    return Cell(value, Kind.PERCENT, depends=(part, whole))


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT

    @property
    def is_number(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Table:
    """A table as shown: a caption, columns, body rows and total rows. The first column labels each row."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    totals: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    def export_rows(self) -> list[list]:
        return [[cell.export for cell in row] for row in [*self.rows, *self.totals]]

    def column(self, label: str) -> list[Cell]:
        index = self.header.index(label)
        return [row[index] for row in self.rows]

    def cell(self, row_label: str, column_label: str) -> Cell:
        index = self.header.index(column_label)
        for row in [*self.rows, *self.totals]:
            if row[0].value == row_label:
                return row[index]
        raise KeyError(row_label)


@dataclass(frozen=True)
class Group:
    """Figures that add up: ``members`` sum to ``total``."""

    members: tuple[Cell, ...]
    total: Cell

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.members, self.total)


@dataclass
class Report:
    audience: Audience
    tables: dict[str, Table]
    groups: list[Group] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def protected(self) -> bool:
        return self.audience == Audience.AGGREGATE


def _all_cells(tables: Iterable[Table], groups: Iterable[Group]) -> list[Cell]:
    seen: dict[int, Cell] = {}
    for table in tables:
        for row in [*table.rows, *table.totals]:
            for cell in row:
                seen.setdefault(id(cell), cell)
    for group in groups:
        for cell in group.cells:
            seen.setdefault(id(cell), cell)
    return list(seen.values())


def _derivations(cells: list[Cell], groups: list[Group]) -> dict[int, Group]:
    """Hidden figures someone could work out from the shown ones, and the sum that gives each away.

    Starting from what is shown, any sum with exactly one unknown figure gives that figure; repeat
    until nothing more can be worked out.
    """
    known = {id(cell) for cell in cells if not cell.hidden and not cell.implicit}
    revealed: dict[int, Group] = {}
    changed = True
    while changed:
        changed = False
        for group in groups:
            unknown = [cell for cell in group.cells if id(cell) not in known]
            if len(unknown) == 1:
                known.add(id(unknown[0]))
                revealed[id(unknown[0])] = group
                changed = True
    return revealed


def _chain(cell: Cell, revealed: dict[int, Group]) -> list[Group]:
    """Every sum used to work ``cell`` out, nearest first."""
    chain, queue, seen = [], [cell], set()
    while queue:
        current = queue.pop(0)
        group = revealed.get(id(current))
        if group is None or id(group) in seen:
            continue
        seen.add(id(group))
        chain.append(group)
        queue.extend(other for other in group.cells if other is not current and id(other) in revealed)
    return chain


def protect(tables: Iterable[Table], groups: list[Group]) -> None:
    """Hide small counts for marketing editors, and whatever else would give them away.

    1. Every count of fewer than 5 people (0 included) reads "fewer than 5".
    2. While a hidden small count (or a small difference the tables imply) can be worked out from a
       total and the figures beside it, the smallest shown figure in one of the sums used to do so is
       hidden as well ("not shown"); a total is hidden only when a sum has no other figure left.
    3. Percentages, medians and costs worked out from a hidden figure are "not shown".
    """
    tables = list(tables)
    cells = _all_cells(tables, groups)
    small = {
        id(cell)
        for cell in cells
        if cell.kind in PEOPLE and isinstance(cell.value, int | float) and cell.value < SMALLEST_SHOWN
    }
    for cell in cells:
        if id(cell) in small:
            cell.hidden = FEWER_THAN_5
    for _ in range(len(cells) + 1):
        revealed = _derivations(cells, groups)
        leaks = [cell for cell in cells if id(cell) in small and id(cell) in revealed]
        if not leaks:
            break
        candidates: list[tuple[int, float, Cell]] = []
        for preference, group in enumerate(_chain(leaks[0], revealed)):
            for member in group.members:
                if not member.hidden and not member.implicit:
                    candidates.append((0, float(member.value or 0), preference, member))
            if not group.total.hidden and not group.total.implicit:
                candidates.append((1, float(group.total.value or 0), preference, group.total))
        if not candidates:
            break
        candidates.sort(key=lambda item: item[:3])
        candidates[0][3].hidden = NOT_SHOWN
    changed = True
    while changed:
        changed = False
        for cell in cells:
            if cell.depends and not cell.hidden and any(other.hidden for other in cell.depends):
                cell.hidden = NOT_SHOWN
                changed = True


def add_column_groups(
    groups: list[Group], rows: Sequence[Sequence[Cell]], total: Sequence[Cell], columns
) -> None:
    for index in columns:
        groups.append(Group(tuple(row[index] for row in rows), total[index]))


# Dates ----------------------------------------------------------------------------------------------


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months: from the first of the month eleven months ago to today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return dt.date(year, month + 1, 1), today


def day_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The start of ``date_from`` and the start of the day after ``date_to``, local time."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(date_from, dt.time.min, tzinfo=zone),
        dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


class Cohort(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    starts: dt.datetime
    ends: dt.datetime


def periods(date_from: dt.date, date_to: dt.date, cohort: str = Cohort.MONTH) -> list[Period]:
    """Each local calendar month (or quarter) in the range, clipped to the range."""
    start, end = day_bounds(date_from, date_to)
    zone = timezone.get_current_timezone()
    step = 3 if cohort == Cohort.QUARTER else 1
    year, month = date_from.year, date_from.month
    if step == 3:
        month = 3 * ((month - 1) // 3) + 1
    found = []
    while (year, month) <= (date_to.year, date_to.month):
        first = dt.datetime(year, month, 1, tzinfo=zone)
        last_month = month + step - 1
        if step == 3:
            label = f"{calendar.month_abbr[month]} to {calendar.month_abbr[last_month]} {year}"
            key = f"{year}-Q{(month - 1) // 3 + 1}"
        else:
            label = f"{calendar.month_name[month]} {year}"
            key = f"{year}-{month:02d}"
        year, month = (year + 1, month + step - 12) if month + step > 12 else (year, month + step)
        following = dt.datetime(year, month, 1, tzinfo=zone)
        found.append(Period(key, label, max(first, start), min(following, end)))
    return found


def percentile(ordered: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` percentile of sorted values, interpolated as ``percentile_cont`` does."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@lru_cache(maxsize=4096)
def _working_days_due(start: dt.date, amount: int) -> dt.date:
    return add_working_days(start, amount)


@lru_cache(maxsize=4096)
def _months_due(start: dt.date, amount: int) -> dt.date:
    return add_months(start, amount)


def clock_due_on(clock: Clock, start: dt.date) -> dt.date:
    if clock.unit == Clock.Unit.WORKING_DAYS:
        return _working_days_due(start, clock.amount)
    return _months_due(start, clock.amount)


class WorkingDays:
    """Working days between two dates in constant time, from a running count over the years needed."""

    def __init__(self, first: dt.date, last: dt.date):
        self.first = first
        self.running = [0]
        day = first
        while day <= last:
            self.running.append(self.running[-1] + (1 if is_working_day(day) else 0))
            day += dt.timedelta(days=1)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``, as ``crm.calendar.working_days_between``."""
        return self.running[(end - self.first).days + 1] - self.running[(start - self.first).days + 1]


# The journey of each household ----------------------------------------------------------------------

CONTACT = FIRST_CONTACT_CLOCK
ENQUIRY = Stage.ENQUIRY.value


LATEST_FIRST = list(reversed(Stage.values))


def _as_date(value) -> dt.date | None:
    """A date from the database: SQLite gives text, PostgreSQL a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _reach(dates: dict[str, dt.date]) -> dict[str, dt.date]:
    """For each stage, the first date a household with these entry dates was at it or any later stage."""
    reach, earliest = {}, None
    for stage in LATEST_FIRST:
        day = dates.get(stage)
        if day is not None and (earliest is None or day < earliest):
            earliest = day
        if earliest is not None:
            reach[stage] = earliest
    return reach


@dataclass(frozen=True)
class Journey:
    """The local dates one household reached each point of its journey; a missing key was never reached."""

    pk: int
    team_id: int | None
    assigned_to_id: int | None
    dates: dict[str, dt.date]

    @cached_property
    def reach(self) -> dict[str, dt.date]:
        return _reach(self.dates)

    def reached(self, stage: str) -> dt.date | None:
        """The first date the household reached ``stage`` or any later stage."""
        return self.reach.get(stage)


JOURNEY_STAGES = [stage for stage in Stage.values if stage != Stage.ENQUIRY]


def journeys(households: QuerySet[Household], *, stages: Sequence[str] = JOURNEY_STAGES) -> list[Journey]:
    """Each household's first enquiry, first contact and the first time it entered each of ``stages``.

    One grouped query over the households and their stage moves; the dates are local dates.
    """
    advance = Q(stage_changes__kind=StageChange.Kind.ADVANCE)
    # The earliest moment, then its local date: the same day, with one conversion per household.
    annotations = {
        f"stage_{stage}": TruncDate(
            Min("stage_changes__effective_at", filter=advance & Q(stage_changes__to_stage=stage))
        )
        for stage in stages
    }
    names = list(annotations)
    rows = (
        households.order_by()
        .annotate(
            enquiry_day=TruncDate("first_enquiry_at"),
            contact_day=TruncDate("first_contact_at"),
            **annotations,
        )
        .values_list("pk", "team_id", "assigned_to_id", "enquiry_day", "contact_day", *names)
    )
    found = []
    # Read with a plain cursor: Django's per-value converters cost more than the query on large histories.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            for pk, team_id, assigned_to_id, enquiry_day, contact_day, *days in batch:
                dates = {ENQUIRY: _as_date(enquiry_day)}
                if contact_day:
                    dates[CONTACT] = _as_date(contact_day)
                for stage, day in zip(stages, days, strict=True):
                    if day:
                        dates[stage] = _as_date(day)
                found.append(Journey(pk, team_id, assigned_to_id, dates))
    return found


def clock_start(journey: Journey, clock: Clock) -> dt.date | None:
    return journey.dates.get(ENQUIRY if clock.starts_at_stage == Stage.ENQUIRY else clock.starts_at_stage)


def clock_stop(journey: Journey, clock: Clock, first_contact_code: str = CONTACT) -> dt.date | None:
    stop = journey.reached(clock.stops_at_stage)
    if clock.code == first_contact_code and CONTACT in journey.dates:
        stop = min(filter(None, [stop, journey.dates[CONTACT]]))
    return stop


def extensions_by_clock() -> dict[tuple[int, int], dt.date]:
    """The latest extension's due date for each (household, clock)."""
    latest: dict[tuple[int, int], dt.date] = {}
    for household_id, clock_id, due_on in ClockExtension.objects.order_by("recorded_at", "pk").values_list(
        "household_id", "clock_id", "due_on"
    ):
        latest[(household_id, clock_id)] = due_on
    return latest


# The funnel ---------------------------------------------------------------------------------------

FUNNEL_STEPS = [
    (Stage.ENQUIRY, "Enquiry"),
    (Stage.INITIAL_CONVERSATION, "Initial conversation"),
    (Stage.INFORMATION_EVENT, "Information event"),
    (Stage.REGISTRATION_OF_INTEREST, "Registration of interest"),
    (Stage.STAGE_ONE, "Stage one"),
    (Stage.STAGE_TWO, "Stage two"),
    (Stage.APPROVED, "Approved"),
]
STEP_LABELS = [label for _, label in FUNNEL_STEPS]
ROI_STEP = 3
APPROVED_STEP = 6


def funnel_step(stage: str) -> int:
    """The furthest funnel step a household at ``stage`` has reached."""
    position = STAGE_ORDER[stage]
    return max(index for index, (step, _) in enumerate(FUNNEL_STEPS) if STAGE_ORDER[step] <= position)


class Split(models.TextChoices):
    NONE = "", "No split"
    COUNCIL = "council", "Council"
    CHANNEL = "channel", "Source channel (first touch)"
    PHASE = "phase", "Kindred phase of first touch"
    CAMPAIGN = "campaign", "Campaign of first touch"


TOUCH_SPLITS = {Split.CHANNEL, Split.PHASE, Split.CAMPAIGN}
NO_TOUCH = {Split.CHANNEL: "No tracked touch", Split.PHASE: "No tracked touch", Split.CAMPAIGN: "No campaign"}


@dataclass(frozen=True)
class FunnelFilters:
    date_from: dt.date
    date_to: dt.date
    cohort: str = Cohort.MONTH
    split: str = Split.NONE
    council: str = ""
    channel: int | None = None
    campaign: int | None = None


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _first_touch(source: TouchSource, dimension: str, table: str) -> RawSQL:
    """The dimension's value for each household's first touch, as a correlated subquery."""
    # The subquery is built from constants and quoted names only; it takes no values.
    sql = source.first_touch_sql(dimension=dimension, household=table)
    return RawSQL(sql, [], output_field=IntegerField())  # noqa: S611


def _funnel_rows(filters: FunnelFilters, cohorts: list[Period]) -> list[tuple]:
    """(cohort key, split value, stage, closure reason or '', households), grouped in the database by local month."""
    if not cohorts:
        return []
    source = touch_source()
    # The first touch is a subquery on the household row, which Django names after its table.
    table = _q(Household._meta.db_table)
    households = Household.objects.active().filter(
        first_enquiry_at__gte=cohorts[0].starts, first_enquiry_at__lt=cohorts[-1].ends
    )
    if filters.council:
        households = households.filter(council=filters.council)
    for dimension, value in ((Split.CHANNEL, filters.channel), (Split.CAMPAIGN, filters.campaign)):
        if value is not None and source is not None:
            first = _first_touch(source, dimension, table)
            households = households.alias(**{f"first_{dimension}": first}).filter(
                **{f"first_{dimension}": value}
            )
    if filters.split in TOUCH_SPLITS:
        if source is None:
            raise Http404("Touch figures are not available")
        split = _first_touch(source, filters.split, table)
    elif filters.split == Split.COUNCIL:
        split = F("council")
    else:
        split = Value(None, output_field=CharField())
    rows = (
        households.order_by()
        .annotate(
            month=TruncMonth("first_enquiry_at"),
            split=split,
            reason=Case(When(closed_at__isnull=True, then=Value("")), default=F("closure_reason")),
        )
        .values("month", "split", "stage", "reason")
        .annotate(n=Count("pk"))
        .values_list("month", "split", "stage", "reason", "n")
    )
    found = []
    for month, split_value, stage, reason, number in rows:
        if filters.cohort == Cohort.QUARTER:
            key = f"{month.year}-Q{(month.month - 1) // 3 + 1}"
        else:
            key = f"{month.year}-{month.month:02d}"
        found.append((key, split_value, stage, reason, number))
    return found


def _split_labels(split: str, values: Iterable) -> dict:
    if split == Split.COUNCIL:
        return {value: Council(value).label if value in Council.values else str(value) for value in values}
    source = touch_source()
    labels = source.labels(dimension=split) if source else {}
    return {
        value: labels.get(value, NO_TOUCH.get(split, str(value))) if value is not None else NO_TOUCH[split]
        for value in values
    }


def _funnel_row(label: str, reached: list[int], groups: list[Group]) -> list[Cell]:
    cells = [count(number) for number in reached]
    # Those who stopped at each step: never shown, but implied by two neighbouring counts.
    for index in range(len(cells) - 1):
        stopped = Cell(reached[index] - reached[index + 1], Kind.COUNT, implicit=True)
        groups.append(Group((stopped, cells[index + 1]), cells[index]))
    return [text(label), *cells, percent(cells[ROI_STEP], cells[0]), percent(cells[APPROVED_STEP], cells[0])]


def _reached(furthest: dict[int, int]) -> list[int]:
    return [
        sum(number for step, number in furthest.items() if step >= index)
        for index in range(len(FUNNEL_STEPS))
    ]


FUNNEL_COLUMNS = [
    *(Column(label) for label in STEP_LABELS),
    Column("% reaching registration of interest", Kind.PERCENT),
    Column("% approved", Kind.PERCENT),
]


@reporting()
def funnel_report(*, user, filters: FunnelFilters) -> Report:
    """Households by cohort of first enquiry and how far they have got, with closures by reason and step."""
    audience = audience_require(user, FUNNEL_AUDIENCES)
    cohorts = periods(filters.date_from, filters.date_to, filters.cohort)
    rows = _funnel_rows(filters, cohorts)
    by_cohort: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_split: dict[object, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[int, int] = defaultdict(int)
    closures: dict[tuple[str, int], int] = defaultdict(int)
    for cohort_key, split_value, stage, reason, number in rows:
        step = funnel_step(stage)
        by_cohort[cohort_key][step] += number
        by_split[split_value][step] += number
        total[step] += number
        if reason:
            closures[(reason, step)] += number
    groups: list[Group] = []
    total_row = _funnel_row("Total", _reached(total), groups)
    cohort_rows = [
        _funnel_row(period.label, _reached(by_cohort.get(period.key, {})), groups) for period in cohorts
    ]
    step_columns = range(1, len(FUNNEL_STEPS) + 1)
    add_column_groups(groups, cohort_rows, total_row, step_columns)
    cohort_name = "Month" if filters.cohort == Cohort.MONTH else "Quarter"
    tables = {
        "cohorts": Table(
            key="cohorts",
            caption=f"Households by {cohort_name.lower()} of first enquiry and the furthest step reached",
            columns=[Column(f"{cohort_name} of first enquiry", Kind.TEXT), *FUNNEL_COLUMNS],
            rows=cohort_rows,
            totals=[total_row],
        )
    }
    step_rows = []
    for index, label in enumerate(STEP_LABELS):
        households = total_row[index + 1]
        previous = total_row[index] if index else None
        step_rows.append(
            [
                text(label),
                households,
                percent(households, previous) if previous is not None else Cell(None, Kind.PERCENT),
                percent(households, total_row[1]),
            ]
        )
    tables["steps"] = Table(
        key="steps",
        caption="Households reaching each step",
        columns=[
            Column("Step", Kind.TEXT),
            Column("Households"),
            Column("% of the step before", Kind.PERCENT),
            Column("% of enquiries", Kind.PERCENT),
        ],
        rows=step_rows,
    )
    tables = {"steps": tables.pop("steps"), **tables}
    if filters.split:
        split = Split(filters.split)
        labels = _split_labels(split, by_split)
        ordered = sorted(
            by_split, key=lambda value: (value is None, -sum(by_split[value].values()), str(labels[value]))
        )
        split_rows = [_funnel_row(str(labels[value]), _reached(by_split[value]), groups) for value in ordered]
        add_column_groups(groups, split_rows, total_row, step_columns)
        tables["split"] = Table(
            key="split",
            caption=f"Households by {lower_first(split.label)} and the furthest step reached",
            columns=[Column(split.label, Kind.TEXT), *FUNNEL_COLUMNS],
            rows=split_rows,
            totals=[total_row],
        )
    tables["closures"] = _closures_table(closures, groups)
    report = Report(audience=audience, tables=tables, groups=groups)
    report.notes.append(
        "A household counts at a step once it has got at least that far, whether its case is open or closed. "
        "Recent cohorts have had less time to move on."
    )
    if report.protected:
        protect(tables.values(), groups)
    return report


def _closures_table(closures: dict[tuple[str, int], int], groups: list[Group]) -> Table:
    rows = []
    for reason in ClosureReason:
        cells = [count(closures.get((reason.value, step), 0)) for step in range(len(FUNNEL_STEPS))]
        row_total = count(sum(cell.value for cell in cells))
        groups.append(Group(tuple(cells), row_total))
        rows.append([text(reason.label), *cells, row_total])
    totals = [count(sum(row[index].value for row in rows)) for index in range(1, len(FUNNEL_STEPS) + 2)]
    groups.append(Group(tuple(totals[:-1]), totals[-1]))
    total_row = [text("Total"), *totals]
    add_column_groups(groups, rows, total_row, range(1, len(FUNNEL_STEPS) + 2))
    return Table(
        key="closures",
        caption="Closed cases by reason and the step they had reached",
        columns=[Column("Reason", Kind.TEXT), *(Column(label) for label in STEP_LABELS), Column("Total")],
        rows=rows,
        totals=[total_row],
    )


# Timeliness ---------------------------------------------------------------------------------------

STAGE_ONE_END = "stage_one_end"
TIMELINESS_STEPS = [
    ("Enquiry to first contact", ENQUIRY, CONTACT),
    ("Enquiry to initial conversation", ENQUIRY, Stage.INITIAL_CONVERSATION),
    ("Enquiry to registration of interest", ENQUIRY, Stage.REGISTRATION_OF_INTEREST),
    ("Registration of interest to decision", Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED),
    ("ROI accepted to start of stage one", Stage.ROI_ACCEPTED, Stage.STAGE_ONE),
    ("Stage one (start to decision)", Stage.STAGE_ONE, STAGE_ONE_END),
    ("Stage two (start to panel)", Stage.STAGE_TWO, Stage.PANEL),
    ("Panel to approval", Stage.PANEL, Stage.APPROVED),
    ("Enquiry to approval", ENQUIRY, Stage.APPROVED),
]


@dataclass(frozen=True)
class TimelinessFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


def _point(journey: Journey, key: str) -> dt.date | None:
    if key == STAGE_ONE_END:
        start = journey.dates.get(Stage.STAGE_ONE)
        ends = [journey.dates.get(Stage.BREAK), journey.dates.get(Stage.STAGE_TWO)]
        found = [day for day in ends if day and start and day >= start]
        return min(found) if found else None
    return journey.dates.get(key)


def step_durations(rows: Sequence[Journey], date_from: dt.date, date_to: dt.date) -> dict[str, list[int]]:
    """Days each step took, for the steps that ended in the range, sorted."""
    found: dict[str, list[int]] = {label: [] for label, _, _ in TIMELINESS_STEPS}
    for journey in rows:
        for label, start_key, end_key in TIMELINESS_STEPS:
            end = _point(journey, end_key)
            if end is None or not date_from <= end <= date_to:
                continue
            start = _point(journey, start_key)
            if start is not None and end >= start:
                found[label].append((end - start).days)
    for values in found.values():
        values.sort()
    return found


@dataclass(frozen=True)
class ClockResult:
    clock: Clock
    kept: int
    late: int


def clock_results(
    rows: Sequence[Journey], clocks: Sequence[Clock], date_from: dt.date, date_to: dt.date
) -> list[ClockResult]:
    """For each clock, the cases whose clock stopped in the range: kept or late."""
    extensions = extensions_by_clock()
    results = []
    for clock in clocks:
        kept = late = 0
        for journey in rows:
            stop = clock_stop(journey, clock)
            if stop is None or not date_from <= stop <= date_to:
                continue
            start = clock_start(journey, clock)
            if start is None or stop < start:
                continue
            due = extensions.get((journey.pk, clock.pk)) or clock_due_on(clock, start)
            if stop <= due:
                kept += 1
            else:
                late += 1
        results.append(ClockResult(clock, kept, late))
    return results


def reported_clocks() -> list[Clock]:
    return sorted(Clock.objects.all(), key=lambda clock: STAGE_ORDER[clock.starts_at_stage])


def _scoped(user, audience: Audience, council: str) -> QuerySet[Household]:
    households = households_for(user, audience)
    return households.filter(council=council) if council else households


@reporting()
def timeliness_report(*, user, filters: TimelinessFilters, today: dt.date | None = None) -> Report:
    """Median and 90th percentile days for each step, and how often each clock was kept."""
    audience = audience_require(user, TIMELINESS_AUDIENCES)
    today = today or timezone.localdate()
    households = _scoped(user, audience, filters.council)
    start, end = day_bounds(filters.date_from, filters.date_to)
    # Only households with a first contact or a move in the range can have a step or a clock that ended in it.
    # EXISTS, not IN: over a long history the moves are too many for PostgreSQL to hash an IN list.
    moved = StageChange.objects.filter(
        household=OuterRef("pk"), kind=StageChange.Kind.ADVANCE, effective_at__gte=start, effective_at__lt=end
    )
    rows = journeys(
        households.filter(first_enquiry_at__lt=end).filter(
            Q(first_contact_at__gte=start, first_contact_at__lt=end) | Exists(moved)
        )
    )
    durations = step_durations(rows, filters.date_from, filters.date_to)
    step_rows = []
    for label, _, _ in TIMELINESS_STEPS:
        values = durations[label]
        cases = count(len(values))
        step_rows.append(
            [
                text(label),
                cases,
                Cell(percentile(values, 0.5), Kind.DAYS, depends=(cases,)),
                Cell(percentile(values, 0.9), Kind.DAYS, depends=(cases,)),
            ]
        )
    tables = {
        "steps": Table(
            key="steps",
            caption="Days each step took, for steps that ended in these dates",
            columns=[
                Column("Step", Kind.TEXT),
                Column("Cases"),
                Column("Median days", Kind.DAYS),
                Column("90th percentile days", Kind.DAYS),
            ],
            rows=step_rows,
        )
    }
    clocks = reported_clocks()
    overdue = dict(
        households.open()
        .filter(due_on__lt=today, clock__isnull=False)
        .values_list("clock_id")
        .annotate(n=Count("pk"))
        .values_list("clock_id", "n")
    )
    groups: list[Group] = []
    clock_rows = []
    for result in clock_results(rows, clocks, filters.date_from, filters.date_to):
        kept, late = count(result.kept), count(result.late)
        stopped = count(result.kept + result.late)
        groups.append(Group((kept, late), stopped))
        clock_rows.append(
            [
                text(
                    f"{result.clock.name} ({result.clock.amount} {result.clock.get_unit_display().lower()})"
                ),
                kept,
                late,
                stopped,
                percent(kept, stopped),
                count(overdue.get(result.clock.pk, 0)),
            ]
        )
    tables["clocks"] = Table(
        key="clocks",
        caption="Clocks that stopped in these dates: kept and late, and cases overdue now",
        columns=[
            Column("Clock", Kind.TEXT),
            Column("Kept"),
            Column("Late"),
            Column("Stopped"),
            Column("% kept", Kind.PERCENT),
            Column("Overdue now"),
        ],
        rows=clock_rows,
    )
    report = Report(audience=audience, tables=tables, groups=groups)
    if audience == Audience.TEAM:
        report.notes.append("These figures cover your team's cases and the cases assigned to you.")
    if report.protected:
        protect(tables.values(), groups)
    return report


@dataclass(frozen=True)
class OverdueCase:
    household: Household
    days_overdue: int


def overdue_cases(*, user, council: str = "", today: dt.date | None = None) -> list[OverdueCase]:
    """Open cases whose clock has run out, oldest first: everyone's for a manager, a worker's own and team's."""
    audience = audience_require(user, OVERDUE_AUDIENCES)
    today = today or timezone.localdate()
    households = (
        _scoped(user, audience, council)
        .open()
        .filter(due_on__lt=today, clock__isnull=False)
        .select_related("clock", "assigned_to__user", "team")
        .order_by("due_on", "pk")
    )
    return [OverdueCase(household, (today - household.due_on).days) for household in households]


# Workload -----------------------------------------------------------------------------------------

STAGE_GROUPS = [
    ("Enquiry to information event", [Stage.ENQUIRY, Stage.INITIAL_CONVERSATION, Stage.INFORMATION_EVENT]),
    ("Registration of interest", [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED]),
    ("Stage one and break", [Stage.STAGE_ONE, Stage.BREAK]),
    ("Stage two and panel", [Stage.STAGE_TWO, Stage.PANEL]),
    ("Approved", [Stage.APPROVED]),
]
STAGE_GROUP_OF = {stage: index for index, (_, stages) in enumerate(STAGE_GROUPS) for stage in stages}
AGE_BANDS = [
    ("Under 2 days", 0, 2),
    ("2 to 7 days", 2, 8),
    ("8 to 30 days", 8, 31),
    ("Over 30 days", 31, None),
]


@dataclass(frozen=True)
class WorkloadFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


def _team_labels() -> dict[int | None, str]:
    return {**{team.pk: team.name for team in Team.objects.all()}, None: NO_TEAM}


@reporting()
def workload_report(*, user, filters: WorkloadFilters, now: dt.datetime | None = None) -> Report:
    """Open cases per team and worker, how long unassigned cases have waited, and time to first contact."""
    audience = audience_require(user, WORKLOAD_AUDIENCES)
    now = now or timezone.now()
    today = timezone.localdate(now)
    households = _scoped(user, audience, filters.council)
    teams = _team_labels()
    open_rows = list(
        households.open()
        .order_by()
        .values_list("team_id", "assigned_to_id", "stage")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today, clock__isnull=False)))
    )
    groups: list[Group] = []
    tables: dict[str, Table] = {}

    # Teams: assigned and unassigned open cases, and how many are overdue.
    per_team: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for team_id, assigned_to_id, _, number, overdue in open_rows:
        per_team[team_id][0 if assigned_to_id else 1] += number
        per_team[team_id][2] += overdue
    # Every partner team has a row, even with nothing open; a worker sees only the teams their cases are in.
    team_order = [pk for pk in teams if pk in per_team or (pk is not None and audience != Audience.TEAM)]
    team_rows = []
    for pk in team_order:
        assigned, unassigned, overdue = per_team.get(pk, [0, 0, 0])
        team_rows.append(_team_row(teams[pk], assigned, unassigned, overdue, groups))
    totals = [sum(per_team.get(pk, [0, 0, 0])[index] for pk in team_order) for index in range(3)]
    team_total = _team_row("Total", *totals, groups)
    add_column_groups(groups, team_rows, team_total, [1, 2, 3, 4, 5])
    tables["teams"] = Table(
        key="teams",
        caption="Open cases by team",
        columns=[
            Column("Team", Kind.TEXT),
            Column("Assigned"),
            Column("Not assigned"),
            Column("Overdue"),
            Column("Not overdue"),
            Column("Open cases"),
            Column("% overdue", Kind.PERCENT),
        ],
        rows=team_rows,
        totals=[team_total],
    )

    if audience != Audience.AGGREGATE:
        tables["workers"] = _workers_table(user, audience, open_rows, teams)

    tables["unassigned"] = _unassigned_table(households, teams, now, groups)
    tables["first_contact"] = _first_contact_table(households, teams, filters, groups)
    report = Report(audience=audience, tables=tables, groups=groups)
    if audience == Audience.TEAM:
        report.notes.append("These figures cover your team's cases and the cases assigned to you.")
    if report.protected:
        protect(tables.values(), groups)
    return report


def _team_row(label: str, assigned: int, unassigned: int, overdue: int, groups: list[Group]) -> list[Cell]:
    assigned_cell, unassigned_cell = count(assigned), count(unassigned)
    overdue_cell, on_time = count(overdue), count(assigned + unassigned - overdue)
    open_cell = count(assigned + unassigned)
    groups.append(Group((assigned_cell, unassigned_cell), open_cell))
    groups.append(Group((overdue_cell, on_time), open_cell))
    return [
        text(label),
        assigned_cell,
        unassigned_cell,
        overdue_cell,
        on_time,
        open_cell,
        percent(overdue_cell, open_cell),
    ]


def _workers_table(user, audience: Audience, open_rows, teams) -> Table:
    staff = StaffMember.objects.select_related("user", "team")
    if audience == Audience.TEAM:
        me = staff_member_for(user)
        staff = staff.filter(Q(pk=me.pk) | Q(team_id=me.team_id)) if me.team_id else staff.filter(pk=me.pk)
    per_worker: dict[int, list[int]] = defaultdict(lambda: [0] * (len(STAGE_GROUPS) + 1))
    for _, assigned_to_id, stage, number, overdue in open_rows:
        if assigned_to_id:
            per_worker[assigned_to_id][STAGE_GROUP_OF[stage]] += number
            per_worker[assigned_to_id][-1] += overdue
    members = [member for member in staff if member.is_active or member.pk in per_worker]
    members.sort(key=lambda member: (-sum(per_worker.get(member.pk, [0])[:-1] or [0]), str(member)))
    rows = []
    for member in members:
        numbers = per_worker.get(member.pk, [0] * (len(STAGE_GROUPS) + 1))
        rows.append(
            [
                text(str(member)),
                text(member.team.name if member.team else "No team"),
                *(count(number) for number in numbers[:-1]),
                count(sum(numbers[:-1])),
                count(numbers[-1]),
            ]
        )
    return Table(
        key="workers",
        caption="Open cases by worker and stage",
        columns=[
            Column("Worker", Kind.TEXT),
            Column("Team", Kind.TEXT),
            *(Column(label) for label, _ in STAGE_GROUPS),
            Column("Open cases"),
            Column("Overdue"),
        ],
        rows=rows,
    )


def _unassigned_table(households: QuerySet[Household], teams, now: dt.datetime, groups: list[Group]) -> Table:
    waiting = list(
        households.open()
        .filter(assigned_to__isnull=True)
        .order_by()
        .values_list("team_id", "first_enquiry_at")
    )
    ages: dict[int | None, list[float]] = defaultdict(list)
    for team_id, first_enquiry_at in waiting:
        ages[team_id].append((now - first_enquiry_at).total_seconds() / 86400)
    rows = []
    band_totals = [0] * len(AGE_BANDS)
    order = [pk for pk in teams if pk in ages]
    for pk in order:
        values = sorted(ages[pk])
        bands = [
            sum(1 for age in values if low <= age and (high is None or age < high))
            for _, low, high in AGE_BANDS
        ]
        band_totals = [a + b for a, b in zip(band_totals, bands, strict=True)]
        rows.append(_bands_row(teams[pk], bands, values, groups))
    every = sorted(age for pk in order for age in ages[pk])
    total_row = _bands_row("Total", band_totals, every, groups)
    add_column_groups(groups, rows, total_row, range(1, len(AGE_BANDS) + 2))
    return Table(
        key="unassigned",
        caption="How long open cases have waited without a worker, since their first enquiry",
        columns=[
            Column("Team", Kind.TEXT),
            *(Column(label) for label, _, _ in AGE_BANDS),
            Column("Not assigned"),
            Column("Median days waiting", Kind.DAYS),
        ],
        rows=rows,
        totals=[total_row],
    )


def _bands_row(label: str, bands: list[int], ages: list[float], groups: list[Group]) -> list[Cell]:
    cells = [count(number) for number in bands]
    total = count(sum(bands))
    groups.append(Group(tuple(cells), total))
    median = percentile(ages, 0.5)
    return [text(label), *cells, total, Cell(median, Kind.DAYS, depends=(total,))]


def _first_contact_table(
    households: QuerySet[Household], teams, filters: WorkloadFilters, groups: list[Group]
) -> Table:
    start, end = day_bounds(filters.date_from, filters.date_to)
    clock = Clock.objects.filter(code=CONTACT).first()
    stages = [
        stage
        for stage in JOURNEY_STAGES
        if clock is None or STAGE_ORDER[stage] >= STAGE_ORDER[clock.stops_at_stage]
    ]
    rows_in = journeys(
        households.filter(first_enquiry_at__gte=start, first_enquiry_at__lt=end), stages=stages
    )
    contact_stage = clock.stops_at_stage if clock else Stage.INITIAL_CONVERSATION
    counter = WorkingDays(
        filters.date_from - dt.timedelta(days=1),
        max(filters.date_to, timezone.localdate()) + dt.timedelta(days=1),
    )
    per_team: dict[int | None, dict] = defaultdict(lambda: {"kept": 0, "late": 0, "waiting": 0, "days": []})
    for journey in rows_in:
        figures = per_team[journey.team_id]
        contact = [day for day in (journey.dates.get(CONTACT), journey.reached(contact_stage)) if day]
        enquiry = journey.dates[ENQUIRY]
        if not contact:
            figures["waiting"] += 1
            continue
        contacted = max(min(contact), enquiry)
        figures["days"].append(counter.between(enquiry, contacted))
        due = clock_due_on(clock, enquiry) if clock else None
        figures["kept" if due is None or contacted <= due else "late"] += 1
    rows = []
    order = [pk for pk in teams if pk in per_team]
    everyone = {"kept": 0, "late": 0, "waiting": 0, "days": []}
    for pk in order:
        figures = per_team[pk]
        for key in ("kept", "late", "waiting"):
            everyone[key] += figures[key]
        everyone["days"].extend(figures["days"])
        rows.append(_contact_row(teams[pk], figures, groups))
    total_row = _contact_row("Total", everyone, groups)
    add_column_groups(groups, rows, total_row, [1, 2, 3, 4])
    clock_text = f"{clock.amount} {clock.get_unit_display().lower()}" if clock else "no clock set"
    return Table(
        key="first_contact",
        caption=f"Time to first contact for enquiries in these dates (clock: {clock_text})",
        columns=[
            Column("Team", Kind.TEXT),
            Column("Contacted in time"),
            Column("Contacted late"),
            Column("Not contacted"),
            Column("Enquiries"),
            Column("Median working days", Kind.DAYS),
            Column("90th percentile working days", Kind.DAYS),
            Column("% contacted in time", Kind.PERCENT),
        ],
        rows=rows,
        totals=[total_row],
    )


def _contact_row(label: str, figures: dict, groups: list[Group]) -> list[Cell]:
    kept, late, waiting = count(figures["kept"]), count(figures["late"]), count(figures["waiting"])
    enquiries = count(figures["kept"] + figures["late"] + figures["waiting"])
    contacted = Cell(figures["kept"] + figures["late"], Kind.COUNT, implicit=True)
    groups.append(Group((kept, late, waiting), enquiries))
    groups.append(Group((kept, late), contacted))
    days = sorted(figures["days"])
    return [
        text(label),
        kept,
        late,
        waiting,
        enquiries,
        Cell(percentile(days, 0.5), Kind.DAYS, depends=(contacted,)),
        Cell(percentile(days, 0.9), Kind.DAYS, depends=(contacted,)),
        percent(kept, enquiries),
    ]


def council_choices() -> list[tuple[str, str]]:
    return [("", "All councils"), *Council.choices]

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
  months after the start, or the latest extension recorded for it. Only timescales count here, kept,
  late or overdue: a stall rule (``Clock.Kind.STALL``) flags a case that has sat too long in a stage
  on the worker's desk, the queue and the digest, and is not a figure the service is measured on.
- The source channel, Kindred phase and campaign of a household are those of its first touch: its
  earliest touchpoint at or before its first enquiry. The campaigns app supplies them (the CRM
  never imports it), through ``crm.services.journeys.register_touch_source``, and each household's
  is stored with its journey dates.
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
from functools import cached_property

from django.db import connection, models, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from crm.models import (
    STAGE_ORDER,
    Clock,
    ClockOutcome,
    ClosureReason,
    Council,
    Household,
    JourneyDates,
    JourneyStep,
    StaffMember,
    Stage,
    Team,
)
from crm.selectors import households_visible_to, sees_everything, staff_member_for
from crm.services.journeys import CONTACT, touch_source

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
            # A blank (a date not reached, nothing written) is an empty cell; a figure that cannot
            # be worked out (a share of nothing) is a dash, as it always has been here.
            return "" if self.kind in (Kind.TEXT, Kind.DATE) else "–"
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


def text(value: str | None, url: str = "") -> Cell:
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


@dataclass(frozen=True)
class Counted:
    """Whole numbers and how many times each occurs: a sorted list, without the list."""

    counts: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> "Counted":
        merged: dict[int, int] = defaultdict(int)
        for value, number in pairs:
            merged[value] += number
        return cls(tuple(sorted(merged.items())))

    def __len__(self) -> int:
        return sum(number for _, number in self.counts)

    def __add__(self, other: "Counted") -> "Counted":
        return Counted.of([*self.counts, *other.counts])

    def __getitem__(self, index: int) -> int:
        """The value at ``index`` of the values written out in order."""
        for value, number in self.counts:
            if index < number:
                return value
            index -= number
        raise IndexError(index)

    def percentile(self, fraction: float) -> float | None:
        return percentile(self, fraction)


# The journey of each household, as crm.services.journeys stores it -------------------------------------


def journey_dates_for(households: QuerySet[Household]) -> QuerySet[JourneyDates]:
    return JourneyDates.objects.filter(household__in=households.order_by().values("pk")).order_by()


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


# Each touch split and the journey dates column holding the household's first touch in it.
FIRST_TOUCH_FIELDS = {
    Split.CHANNEL: "journey_dates__first_touch_channel_id",
    Split.PHASE: "journey_dates__first_touch_phase",
    Split.CAMPAIGN: "journey_dates__first_touch_campaign_id",
}


def _funnel_rows(filters: FunnelFilters, cohorts: list[Period]) -> list[tuple]:
    """(cohort key, split value, stage, closure reason or '', households), grouped in the database by local month."""
    if not cohorts:
        return []
    households = Household.objects.active().filter(
        first_enquiry_at__gte=cohorts[0].starts, first_enquiry_at__lt=cohorts[-1].ends
    )
    if filters.council:
        households = households.filter(council=filters.council)
    for dimension, value in ((Split.CHANNEL, filters.channel), (Split.CAMPAIGN, filters.campaign)):
        if value is not None and touch_source() is not None:
            households = households.filter(**{FIRST_TOUCH_FIELDS[dimension]: value})
    if filters.split in TOUCH_SPLITS:
        if touch_source() is None:
            raise Http404("Touch figures are not available")
        split = F(FIRST_TOUCH_FIELDS[filters.split])
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

# Each step the journey service measures (crm.services.journeys.STEPS), as the screen names it.
TIMELINESS_STEPS = [
    ("enquiry_to_contact", "Enquiry to first contact"),
    ("enquiry_to_conversation", "Enquiry to initial conversation"),
    ("enquiry_to_registration", "Enquiry to registration of interest"),
    ("registration_to_decision", "Registration of interest to decision"),
    ("accepted_to_stage_one", "ROI accepted to start of stage one"),
    ("stage_one", "Stage one (start to decision)"),
    ("stage_two", "Stage two (start to panel)"),
    ("panel_to_approval", "Panel to approval"),
    ("enquiry_to_approval", "Enquiry to approval"),
]


@dataclass(frozen=True)
class TimelinessFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


def step_durations(
    households: QuerySet[Household], date_from: dt.date, date_to: dt.date
) -> dict[str, Counted]:
    """Days each step took, for the steps that ended in the range: one grouped query."""
    rows = (
        JourneyStep.objects.filter(
            household__in=households.order_by().values("pk"), ended_on__range=(date_from, date_to)
        )
        .order_by()
        .values("step", "days")
        .annotate(n=Count("pk"))
        .values_list("step", "days", "n")
    )
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for step, days, number in rows:
        pairs[step].append((days, number))
    return {step: Counted.of(pairs[step]) for step, _ in TIMELINESS_STEPS}


@dataclass(frozen=True)
class ClockResult:
    clock: Clock
    kept: int
    late: int


def clock_results(
    households: QuerySet[Household], clocks: Sequence[Clock], date_from: dt.date, date_to: dt.date
) -> list[ClockResult]:
    """For each clock, the cases whose clock stopped in the range: kept or late."""
    rows = (
        ClockOutcome.objects.filter(
            household__in=households.order_by().values("pk"), stopped_on__range=(date_from, date_to)
        )
        .order_by()
        .values("clock_id")
        .annotate(kept_n=Count("pk", filter=Q(kept=True)), late_n=Count("pk", filter=Q(kept=False)))
        .values_list("clock_id", "kept_n", "late_n")
    )
    found = {clock_id: (kept, late) for clock_id, kept, late in rows}
    return [ClockResult(clock, *found.get(clock.pk, (0, 0))) for clock in clocks]


def reported_clocks() -> list[Clock]:
    """The timescales, in journey order. Stall rules are no timescale: they are not counted kept or late."""
    timescales = Clock.objects.filter(kind=Clock.Kind.TIMESCALE)
    return sorted(timescales, key=lambda clock: STAGE_ORDER[clock.starts_at_stage])


def _scoped(user, audience: Audience, council: str) -> QuerySet[Household]:
    households = households_for(user, audience)
    return households.filter(council=council) if council else households


@reporting()
def timeliness_report(*, user, filters: TimelinessFilters, today: dt.date | None = None) -> Report:
    """Median and 90th percentile days for each step, and how often each clock was kept."""
    audience = audience_require(user, TIMELINESS_AUDIENCES)
    today = today or timezone.localdate()
    households = _scoped(user, audience, filters.council)
    durations = step_durations(households, filters.date_from, filters.date_to)
    step_rows = []
    for step, label in TIMELINESS_STEPS:
        values = durations[step]
        cases = count(len(values))
        step_rows.append(
            [
                text(label),
                cases,
                Cell(values.percentile(0.5), Kind.DAYS, depends=(cases,)),
                Cell(values.percentile(0.9), Kind.DAYS, depends=(cases,)),
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
        .filter(due_on__lt=today, clock__kind=Clock.Kind.TIMESCALE)
        .values_list("clock_id")
        .annotate(n=Count("pk"))
        .values_list("clock_id", "n")
    )
    groups: list[Group] = []
    clock_rows = []
    for result in clock_results(households, clocks, filters.date_from, filters.date_to):
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
    """One overdue case, as the list shows it: read as plain values, since there may be thousands."""

    pk: int
    first_name: str
    last_name: str
    partner_first_name: str
    partner_last_name: str
    council: str
    stage: str
    due_on: dt.date
    clock_name: str
    assigned_first_name: str | None
    assigned_last_name: str | None
    assigned_username: str | None
    days_overdue: int

    @property
    def reference(self) -> str:
        return f"APSE-{self.pk:06d}"

    @property
    def display_name(self) -> str:
        return Household(
            first_name=self.first_name,
            last_name=self.last_name,
            partner_first_name=self.partner_first_name,
            partner_last_name=self.partner_last_name,
        ).display_name

    @property
    def council_label(self) -> str:
        return Council(self.council).label

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def assigned_to(self) -> str:
        if self.assigned_username is None:
            return ""
        return f"{self.assigned_first_name} {self.assigned_last_name}".strip() or self.assigned_username


OVERDUE_FIELDS = [
    "pk",
    "first_name",
    "last_name",
    "partner_first_name",
    "partner_last_name",
    "council",
    "stage",
    "due_on",
    "clock__name",
    "assigned_to__user__first_name",
    "assigned_to__user__last_name",
    "assigned_to__user__username",
]


class OverdueCases(Sequence):
    """Open cases whose clock has run out, oldest first, read a page at a time: there may be thousands."""

    def __init__(self, households: QuerySet[Household], today: dt.date):
        self.households = households
        self.today = today

    @cached_property
    def _count(self) -> int:
        return self.households.count()

    def __len__(self) -> int:
        return self._count

    def count(self) -> int:
        return self._count

    def _cases(self, households: QuerySet[Household]) -> list[OverdueCase]:
        return [
            OverdueCase(*values, days_overdue=(self.today - values[7]).days)
            for values in households.values_list(*OVERDUE_FIELDS)
        ]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._cases(self.households[index])
        return self._cases(self.households[index : index + 1])[0]

    def __iter__(self):
        return iter(self._cases(self.households))

    def by_clock(self) -> list[tuple[str, int]]:
        """How many cases each clock has overdue, most first."""
        return list(
            self.households.order_by()
            .values("clock__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "clock__name")
            .values_list("clock__name", "n")
        )


def overdue_cases(*, user, council: str = "", today: dt.date | None = None) -> OverdueCases:
    """Open cases whose clock has run out, oldest first: everyone's for a manager, a worker's own and team's."""
    audience = audience_require(user, OVERDUE_AUDIENCES)
    today = today or timezone.localdate()
    households = (
        _scoped(user, audience, council)
        .open()
        .filter(due_on__lt=today, clock__kind=Clock.Kind.TIMESCALE)
        .order_by("due_on", "pk")
    )
    return OverdueCases(households, today)


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
        .annotate(
            n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today, clock__kind=Clock.Kind.TIMESCALE))
        )
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
    clock = Clock.objects.filter(code=CONTACT).first()
    enquired = journey_dates_for(households).filter(enquiry_on__range=(filters.date_from, filters.date_to))
    per_team: dict[int | None, dict] = defaultdict(
        lambda: {"kept": 0, "late": 0, "waiting": 0, "days": Counted.of([])}
    )
    for team_id, kept, late, waiting in (
        enquired.values("household__team_id")
        .annotate(
            kept=Count("pk", filter=Q(contact_kept=True)),
            late=Count("pk", filter=Q(contact_kept=False)),
            waiting=Count("pk", filter=Q(contacted_on__isnull=True)),
        )
        .values_list("household__team_id", "kept", "late", "waiting")
    ):
        per_team[team_id].update(kept=kept, late=late, waiting=waiting)
    days: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for team_id, working_days, number in (
        enquired.filter(contact_working_days__isnull=False)
        .values("household__team_id", "contact_working_days")
        .annotate(n=Count("pk"))
        .values_list("household__team_id", "contact_working_days", "n")
    ):
        days[team_id].append((working_days, number))
    for team_id, pairs in days.items():
        per_team[team_id]["days"] = Counted.of(pairs)
    rows = []
    order = [pk for pk in teams if pk in per_team]
    everyone = {"kept": 0, "late": 0, "waiting": 0, "days": Counted.of([])}
    for pk in order:
        figures = per_team[pk]
        for key in ("kept", "late", "waiting", "days"):
            everyone[key] += figures[key]
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
    days = figures["days"]
    return [
        text(label),
        kept,
        late,
        waiting,
        enquiries,
        Cell(days.percentile(0.5), Kind.DAYS, depends=(contacted,)),
        Cell(days.percentile(0.9), Kind.DAYS, depends=(contacted,)),
        percent(kept, enquiries),
    ]


def council_choices() -> list[tuple[str, str]]:
    return [("", "All councils"), *Council.choices]

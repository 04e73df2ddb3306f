"""Each household's journey dates and stopped clocks, kept for the Insight reports to read.

The reports need, for every household, the local date it first reached each point of its journey
and whether each of its clocks was kept. Working that out means grouping the whole stage history
and walking every journey in Python, which takes seconds once there are years of it; so it is
worked out here, once per change, and stored in ``JourneyDates``, ``JourneyStep`` and ``ClockOutcome``:

- ``journey_refresh`` rewrites one household's rows. ``clock_refresh`` calls it, so every service
  that moves a household on, closes or reopens it, logs its first contact, extends a clock or merges
  it does so in the same transaction as the change.
- ``journeys_rebuild`` rewrites everyone's, in bulk: when the clock table changes, each night (the
  ``journeys_rebuild_run`` task, which also puts right any household a bulk import wrote directly)
  and from ``manage.py journeys_rebuild``.
- ``journey_first_touch_refresh`` rewrites a household's first touch: the campaigns app calls it once
  it has recorded or moved the household's touches (it registers itself as the ``TouchSource``).

Definitions (the reports' module docstring says how they are used):

- The first touch is the earliest touchpoint at or before the first enquiry (ties by id).
- A stage's date is the local date of the household's first move of kind "advance" on to it.
- A household *reached* a stage on the first date it was at that stage or any later one.
- A clock starts when the household first entered its starting stage (the first enquiry for the
  enquiry stage) and stops when it first reached the stopping stage; the first-contact clock also
  stops at the first call that reached the household. It was kept when it stopped on or before its
  due date: working days or calendar months after the start, or the latest extension recorded.
  Only timescales are stored: a stall rule (``Clock.Kind.STALL``) flags a case that has sat too long
  in a stage, and is not a figure the service is measured on.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Protocol

from django.db import connection, transaction
from django.db.models import Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from crm.calendar import add_months, add_working_days, is_working_day
from crm.journey import FIRST_CONTACT, JOURNEYS, LEFT_STAGE_ONE, RECRUITMENT, STAGE_ONE_END, journey_for
from crm.models import (
    STAGES_BEFORE_ENQUIRY,
    Clock,
    ClockExtension,
    ClockOutcome,
    Household,
    JourneyDates,
    JourneyStep,
    Stage,
    StageChange,
)

# The points of a journey, as the dates are keyed: each stage, the first contact and stage one's ends.
CONTACT = FIRST_CONTACT
ENQUIRY = RECRUITMENT.start
JOURNEY_STAGES = RECRUITMENT.moved_to
RECRUITMENT_SERVICE = next(service for service, journey in JOURNEYS.items() if journey is RECRUITMENT)
# The other services' stages a case moves on to: their dates start and stop those services' clocks.
SERVICE_STAGES = [
    stage for journey in JOURNEYS.values() if journey is not RECRUITMENT for stage in journey.moved_to
]
BATCH = 5000
# The steps whose length the reports give: (code, where it starts, where it ends).
STEPS = RECRUITMENT.step_points


# The first touch, from the campaigns app --------------------------------------------------------------


class TouchSource(Protocol):
    """What the campaigns app tells the CRM about each household's first touch."""

    dimensions: dict[str, str]

    def first_touches(self, *, household_ids: Sequence[int]) -> dict[int, tuple[int, int, int | None]]:
        """(channel id, Kindred phase, campaign id or None) of each household's first touch, where it has one."""

    def labels(self, *, dimension: str) -> dict:
        """A label for every value of the dimension, for tables and filters."""


_touch_source: TouchSource | None = None


def register_touch_source(source: TouchSource | None) -> None:
    global _touch_source
    _touch_source = source


def touch_source() -> TouchSource | None:
    return _touch_source


def _first_touches(household_ids: Sequence[int]) -> dict[int, tuple[int, int, int | None]]:
    source = touch_source()
    return source.first_touches(household_ids=household_ids) if source is not None else {}


def journey_first_touch_refresh(*, household_ids: Sequence[int]) -> None:
    """Store these households' first touch again, after the campaigns app recorded or moved their touches."""
    household_ids = list(household_ids)
    found = _first_touches(household_ids)
    for pk in household_ids:
        channel, phase, campaign = found.get(pk, (None, None, None))
        JourneyDates.objects.filter(household_id=pk).update(
            first_touch_channel_id=channel, first_touch_phase=phase, first_touch_campaign_id=campaign
        )


# Journeys ---------------------------------------------------------------------------------------------


def as_date(value) -> dt.date | None:
    """A date from a plain cursor: SQLite gives text, PostgreSQL a date."""
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _reach(dates: dict[str, dt.date], stages: list[str]) -> dict[str, dt.date]:
    """For each stage, the first date a household with these entry dates was at it or any later stage."""
    reach, earliest = {}, None
    for stage in reversed(stages):
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
    dates: dict[str, dt.date]
    service: str = RECRUITMENT_SERVICE

    @cached_property
    def reach(self) -> dict[str, dt.date]:
        return _reach(self.dates, journey_for(self.service).stages)

    def reached(self, stage: str) -> dt.date | None:
        """The first date the household reached ``stage`` or any later stage."""
        return self.reach.get(stage)

    def point(self, key: str) -> dt.date | None:
        """The date of a point of the journey: a stage, the enquiry, the first contact, or stage one's end."""
        if key == STAGE_ONE_END:
            start = self.dates.get(Stage.STAGE_ONE)
            ends = [self.dates.get(Stage.BREAK), self.dates.get(Stage.STAGE_TWO)]
            found = [day for day in ends if day and start and day >= start]
            return min(found) if found else None
        return self.dates.get(key)


def journeys(households: QuerySet[Household]) -> Iterable[Journey]:
    """Each household's first enquiry, first contact and the first time it entered (or left stage one) each stage.

    One grouped query over the households and their stage moves, read in batches; the dates are local dates.
    """
    advance = Q(stage_changes__kind=StageChange.Kind.ADVANCE)
    # The earliest moment, then its local date: the same day, with one conversion per household.
    annotations = {
        f"stage_{stage}": TruncDate(
            Min("stage_changes__effective_at", filter=advance & Q(stage_changes__to_stage=stage))
        )
        for stage in (*JOURNEY_STAGES, *SERVICE_STAGES)
    }
    annotations[LEFT_STAGE_ONE] = TruncDate(
        Min("stage_changes__effective_at", filter=advance & Q(stage_changes__from_stage=Stage.STAGE_ONE))
    )
    keys = [*JOURNEY_STAGES, *SERVICE_STAGES, LEFT_STAGE_ONE]
    rows = (
        households.order_by()
        .annotate(
            enquiry_day=TruncDate("first_enquiry_at"),
            contact_day=TruncDate("first_contact_at"),
            **annotations,
        )
        .values_list("pk", "service", "enquiry_day", "contact_day", *annotations)
    )
    # Read with a plain cursor: Django's per-value converters cost more than the query on large histories.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(BATCH):
            for pk, service, enquiry_day, contact_day, *days in batch:
                # Every case's first enquiry, under the recruitment start's key, and, for another
                # service, also as the date its own journey started.
                dates = {ENQUIRY: as_date(enquiry_day)}
                dates[journey_for(service).start] = dates[ENQUIRY]
                if contact_day:
                    dates[CONTACT] = as_date(contact_day)
                for key, day in zip(keys, days, strict=True):
                    if day:
                        dates[key] = as_date(day)
                yield Journey(pk, dates, service)


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
    """Working days between two dates in constant time, from a running count that grows as needed."""

    def __init__(self, first: dt.date):
        self.first = first
        self.running = [0]

    def _index(self, day: dt.date) -> int:
        index = (day - self.first).days + 1
        if index < 1:
            raise ValueError(f"{day} is before {self.first}")
        while len(self.running) <= index:
            day_then = self.first + dt.timedelta(days=len(self.running) - 1)
            self.running.append(self.running[-1] + (1 if is_working_day(day_then) else 0))
        return index

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``, as ``crm.calendar.working_days_between``."""
        return self.running[self._index(end)] - self.running[self._index(start)]


def clock_start(journey: Journey, clock: Clock) -> dt.date | None:
    return journey.dates.get(clock.starts_at_stage)


def clock_stop(journey: Journey, clock: Clock) -> dt.date | None:
    stop = journey.reached(clock.stops_at_stage)
    if clock.stops_at_first_contact and CONTACT in journey.dates:
        stop = min(filter(None, [stop, journey.dates[CONTACT]]))
    return stop


def extensions_by_clock(household_ids: Sequence[int] | None = None) -> dict[tuple[int, int], dt.date]:
    """The latest extension's due date for each (household, clock)."""
    extensions = ClockExtension.objects.order_by("recorded_at", "pk")
    if household_ids is not None:
        extensions = extensions.filter(household_id__in=household_ids)
    latest: dict[tuple[int, int], dt.date] = {}
    for household_id, clock_id, due_on in extensions.values_list("household_id", "clock_id", "due_on"):
        latest[(household_id, clock_id)] = due_on
    return latest


@dataclass(frozen=True)
class Rules:
    """What the stored figures depend on besides the history: the clocks, read once per refresh or rebuild."""

    clocks: list[Clock]

    @property
    def timescales(self) -> list[Clock]:
        """The clocks whose stops are stored: stall rules flag open cases and are never counted kept or late."""
        return [clock for clock in self.clocks if not clock.is_stall_rule]

    @cached_property
    def _by_service(self) -> dict[str, tuple[list[Clock], Clock | None]]:
        """Each service's timescales and its first-contact timescale, worked out once per refresh or rebuild
        rather than once per household."""
        found = {}
        for service, journey in JOURNEYS.items():
            mine = [clock for clock in self.timescales if journey.has(clock.starts_at_stage)]
            contact = next(
                (c for c in mine if c.stops_at_first_contact and c.starts_at_stage == journey.start), None
            )
            found[service] = (mine, contact)
        return found

    def timescales_of(self, service: str) -> list[Clock]:
        """The timescales of one service's journey: only those run for its cases."""
        return self._by_service[service][0]

    def contact_clock(self, service: str) -> Clock | None:
        """The service's first-contact timescale: it starts where the case opens and stops at the first call."""
        return self._by_service[service][1]

    @classmethod
    def current(cls, clocks: list[Clock] | None = None) -> "Rules":
        return cls(list(Clock.objects.all()) if clocks is None else clocks)


def _rows(
    journey: Journey, rules: Rules, extensions: dict, touches: dict, counter: WorkingDays, now: dt.datetime
) -> tuple[JourneyDates, list[JourneyStep], list[ClockOutcome]]:
    dates = journey.dates
    enquiry = dates[ENQUIRY]
    fields = {f"{stage}_on": dates.get(stage) for stage in JOURNEY_STAGES}
    # First contact as the workload screen counts it: the call, or reaching the clock's stopping stage
    # (for recruitment without such a clock, the initial conversation; for another service, its second stage).
    contact_clock = rules.contact_clock(journey.service)
    if contact_clock is not None:
        contact_stage = contact_clock.stops_at_stage
    elif journey.service == RECRUITMENT_SERVICE:
        contact_stage = Stage.INITIAL_CONVERSATION
    else:
        contact_stage = next(iter(journey_for(journey.service).moved_to), "")
    contact = [day for day in (dates.get(CONTACT), journey.reached(contact_stage)) if day]
    contacted = working_days = kept = None
    if contact:
        contacted = max(min(contact), enquiry)
        working_days = counter.between(enquiry, contacted)
        kept = contact_clock is None or contacted <= clock_due_on(contact_clock, enquiry)
    row = JourneyDates(
        household_id=journey.pk,
        enquiry_on=enquiry,
        contact_on=dates.get(CONTACT),
        stage_one_end_on=journey.point(STAGE_ONE_END),
        left_stage_one_on=dates.get(LEFT_STAGE_ONE),
        contacted_on=contacted,
        contact_working_days=working_days,
        contact_kept=kept,
        refreshed_at=now,
        **dict(
            zip(
                ("first_touch_channel_id", "first_touch_phase", "first_touch_campaign_id"),
                touches.get(journey.pk, (None, None, None)),
                strict=True,
            )
        ),
        **fields,
    )
    steps = []
    for code, start_key, end_key in STEPS if journey.service == RECRUITMENT_SERVICE else ():
        start, end = journey.point(start_key), journey.point(end_key)
        if start is not None and end is not None and end >= start:
            steps.append(
                JourneyStep(household_id=journey.pk, step=code, ended_on=end, days=(end - start).days)
            )
    outcomes = []
    for clock in rules.timescales_of(journey.service):
        stop = clock_stop(journey, clock)
        start = clock_start(journey, clock)
        if stop is None or start is None or stop < start:
            continue
        due = extensions.get((journey.pk, clock.pk)) or clock_due_on(clock, start)
        outcomes.append(
            ClockOutcome(
                household_id=journey.pk,
                clock_id=clock.pk,
                started_on=start,
                stopped_on=stop,
                due_on=due,
                kept=stop <= due,
            )
        )
    return row, steps, outcomes


def households_lock(household_ids: Sequence[int]) -> list[int]:
    """Lock these households' rows, in id order, before rewriting what is kept for them; returns the ids found.

    Every service that changes a household locks it first, so a refresh never interleaves with a
    change to the same household, and the one order means two refreshes cannot deadlock.
    """
    return list(
        Household.objects.select_for_update()
        .filter(pk__in=household_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def journey_refresh(
    *, household_ids: Sequence[int], clocks: list[Clock] | None = None, counter: WorkingDays | None = None
) -> int:
    """Work out these households' journey dates and stopped clocks again, and store them. Returns how many.

    The households' rows are locked first (``households_lock``).
    """
    household_ids = list(household_ids)
    if not household_ids:
        return 0
    rules = Rules.current(clocks)
    now = timezone.now()
    with transaction.atomic():
        locked = households_lock(household_ids)
        # Someone known before any enquiry (a pack-only request, a family event's booking) has no journey yet.
        cases = Household.objects.filter(pk__in=locked).exclude(stage__in=STAGES_BEFORE_ENQUIRY)
        found = list(journeys(cases))
        if counter is None and found:
            counter = WorkingDays(min(journey.dates[ENQUIRY] for journey in found) - dt.timedelta(days=1))
        extensions = extensions_by_clock(locked)
        touches = _first_touches(locked)
        rows, steps, outcomes = [], [], []
        for journey in found:
            row, ended, stopped = _rows(journey, rules, extensions, touches, counter, now)
            rows.append(row)
            steps.extend(ended)
            outcomes.extend(stopped)
        ClockOutcome.objects.filter(household_id__in=locked).delete()
        JourneyStep.objects.filter(household_id__in=locked).delete()
        JourneyDates.objects.filter(household_id__in=locked).delete()
        JourneyDates.objects.bulk_create(rows, batch_size=BATCH)
        JourneyStep.objects.bulk_create(steps, batch_size=BATCH)
        ClockOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
    return len(rows)


def journey_start(*, household: Household) -> None:
    """A new household's row: it has enquired and nothing more, so no query of its history is needed."""
    JourneyDates.objects.create(
        household_id=household.pk,
        enquiry_on=timezone.localdate(household.first_enquiry_at),
        contact_on=timezone.localdate(household.first_contact_at) if household.first_contact_at else None,
    )


def journeys_rebuild(*, clocks: list[Clock] | None = None, batch: int = BATCH) -> int:
    """Work out every household's journey dates and stopped clocks again, a batch of households at a time.

    Each batch is its own transaction, so the rebuild never holds more than a batch of households
    locked, and reports read complete rows throughout. Returns how many households it stored.
    """
    rules = Rules.current(clocks)
    first = Household.objects.aggregate(first=Min("first_enquiry_at"))["first"]
    if first is None:
        return 0
    counter = WorkingDays(timezone.localdate(first) - dt.timedelta(days=1))
    ids = Household.objects.order_by("pk").values_list("pk", flat=True)
    last, count = 0, 0
    while batch_ids := list(ids.filter(pk__gt=last)[:batch]):
        count += journey_refresh(household_ids=batch_ids, clocks=rules.clocks, counter=counter)
        last = batch_ids[-1]
    return count

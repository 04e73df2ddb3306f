"""The Timeliness screen: how long each step takes, and how often each clock is kept, for one service.

Step durations (``JourneyStep``) are measured for recruitment (adopting) only; for another service the
screen shows its own clocks alone (``reported_clocks(service)``).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.periods import Counted
from core.reports.queries import reporting
from core.reports.tables import (
    Cell,
    Column,
    Group,
    Kind,
    Report,
    Table,
    count,
    percent,
    protect,
    text,
)
from core.reports.views import ReportView
from crm.journey import (
    TIMELINESS_STEPS,
    journey_for,
)
from crm.models import (
    STAGE_ORDER,
    Clock,
    ClockOutcome,
    EnquiryType,
    Household,
    JourneyStep,
)
from crm.reports.overdue import OVERDUE_AUDIENCES
from crm.reports.scope import (
    SERVICE_LABELS,
    ServiceForWorkersForm,
    ServiceScreenMixin,
    scoped,
    service_shown,
)

TIMELINESS_AUDIENCES = {Audience.EVERYONE, Audience.TEAM, Audience.AGGREGATE}


@dataclass(frozen=True)
class TimelinessFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""
    service: str = EnquiryType.ADOPTING


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


def reported_clocks(service: str = EnquiryType.ADOPTING) -> list[Clock]:
    """One service's timescales, in journey order. Stall rules are no timescale: they are not counted kept or late."""
    journey = journey_for(service)
    timescales = [
        clock
        for clock in Clock.objects.filter(kind=Clock.Kind.TIMESCALE)
        if journey.has(clock.starts_at_stage)
    ]
    return sorted(timescales, key=lambda clock: STAGE_ORDER[clock.starts_at_stage])


@reporting()
def timeliness_report(*, user, filters: TimelinessFilters, today: dt.date | None = None) -> Report:
    """For one service: median and 90th percentile days for each step (recruitment only), and how often
    each of its clocks was kept."""
    audience = audience_require(user, TIMELINESS_AUDIENCES)
    today = today or timezone.localdate()
    recruitment = filters.service == EnquiryType.ADOPTING
    households = scoped(user, audience, filters.council, service=filters.service)
    tables = {}
    if recruitment:
        tables["steps"] = _steps_table(households, filters)
    clocks = reported_clocks(filters.service)
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
                text(f"{result.clock.name} ({result.clock.figure})"),
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
    service_shown(report, filters.service, first_table=next(iter(tables)))
    if not recruitment:
        report.notes.append(
            "Step durations are measured for recruitment (adopting a child) only, so this screen shows only "
            f"how often the clocks of the service chosen were kept: {SERVICE_LABELS[filters.service]}."
        )
    if audience == Audience.TEAM:
        report.notes.append("These figures cover your team's cases and the cases assigned to you.")
    if report.protected:
        protect(tables.values(), groups)
    return report


def _steps_table(households: QuerySet[Household], filters: TimelinessFilters) -> Table:
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
    return Table(
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


class TimelinessView(ServiceScreenMixin, ReportView):
    page_title = "Timeliness"
    url_name = "insight_timeliness"
    audiences = TIMELINESS_AUDIENCES
    form_class = ServiceForWorkersForm
    intro = "How long each step takes, and how often each clock is kept."

    def report(self, data):
        return timeliness_report(
            user=self.request.user,
            filters=TimelinessFilters(
                date_from=data["date_from"],
                date_to=data["date_to"],
                council=data.get("council") or "",
                service=data["service"],
            ),
        )

    def chart(self, table, report):
        if table.key == "steps":
            return charts.table_bars(
                table, "Median days", chart_id="chart-steps", title="Median days for each step"
            )
        if table.key == "clocks":
            return charts.table_stacks(
                table, ["Kept", "Late"], "Stopped", chart_id="chart-clocks", title="Clocks kept and late"
            )
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue_link"] = self.audience in OVERDUE_AUDIENCES
        return context

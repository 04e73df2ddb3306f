"""The Workload screen: open cases by service, and for one service (recruitment unless another is chosen)
open cases by team and worker, unassigned cases' wait, and time to first contact.

Each service's workload groups come from its journey (``crm.journey.journey_for``); first contact is
stored for every service in ``JourneyDates`` (``crm.services.journeys``).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.periods import Counted, percentile
from core.reports.queries import reporting
from core.reports.tables import (
    Cell,
    Column,
    Group,
    Kind,
    Report,
    Table,
    add_column_groups,
    count,
    percent,
    protect,
    text,
)
from core.reports.views import ReportView
from crm.journey import Journey, journey_for
from crm.models import (
    Clock,
    EnquiryType,
    Household,
    StaffMember,
    Team,
)
from crm.reports.scope import (
    SERVICE_LABELS,
    ServiceForWorkersForm,
    ServiceScreenMixin,
    scoped,
    service_shown,
)
from crm.selectors import staff_member_for
from crm.services.journeys import Rules

WORKLOAD_AUDIENCES = {Audience.EVERYONE, Audience.TEAM, Audience.AGGREGATE}
NO_TEAM = "No team (outside the three councils)"
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
    service: str = EnquiryType.ADOPTING


def team_labels(*, without_cases: set[int] | None = None) -> dict[int | None, str]:
    """Each team's name (and no team's), in the teams' order; ``without_cases`` collects the teams no case is
    routed to (the family-finding team), read by the same query."""
    labels = {}
    for pk, name, kind in Team.objects.values_list("pk", "name", "kind"):
        labels[pk] = name
        if without_cases is not None and kind == Team.Kind.FAMILY_FINDING:
            without_cases.add(pk)
    return {**labels, None: NO_TEAM}


@reporting()
def workload_report(*, user, filters: WorkloadFilters, now: dt.datetime | None = None) -> Report:
    """Open cases of every service; and for the service chosen, open cases per team and worker, how long
    unassigned cases have waited, and time to first contact."""
    audience = audience_require(user, WORKLOAD_AUDIENCES)
    now = now or timezone.now()
    today = timezone.localdate(now)
    journey = journey_for(filters.service)
    households = scoped(user, audience, filters.council, service=filters.service)
    holds_no_cases: set[int] = set()
    teams = team_labels(without_cases=holds_no_cases)
    # Every service's open cases in one grouped query: the chosen service's by team, worker and stage,
    # and each service's row of the services table.
    every_open = list(
        scoped(user, audience, filters.council, service=None)
        .open()
        .order_by()
        .values_list("service", "team_id", "assigned_to_id", "stage")
        .annotate(
            n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today, clock__kind=Clock.Kind.TIMESCALE))
        )
    )
    open_rows = [row[1:] for row in every_open if not filters.service or row[0] == filters.service]
    groups: list[Group] = []
    tables: dict[str, Table] = {}

    # Teams: assigned and unassigned open cases, and how many are overdue.
    per_team: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for team_id, assigned_to_id, _, number, overdue in open_rows:
        per_team[team_id][0 if assigned_to_id else 1] += number
        per_team[team_id][2] += overdue
    # Every partner team has a row, even with nothing open; a worker sees only the teams their cases are in.
    # No case is routed to the family-finding team: it has a row only if one is with it.
    team_order = [
        pk
        for pk in teams
        if pk in per_team or (pk is not None and audience != Audience.TEAM and pk not in holds_no_cases)
    ]
    team_rows = []
    for pk in team_order:
        assigned, unassigned, overdue = per_team.get(pk, [0, 0, 0])
        team_rows.append(_team_row(teams[pk], assigned, unassigned, overdue, groups))
    totals = [sum(per_team.get(pk, [0, 0, 0])[index] for pk in team_order) for index in range(3)]
    team_total = _team_row("Total", *totals, groups)
    add_column_groups(groups, team_rows, team_total, [1, 2, 3, 4, 5])
    tables["services"] = _services_table(every_open, filters, team_total, groups)
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
        tables["workers"] = _workers_table(user, audience, open_rows, journey)

    tables["unassigned"] = _unassigned_table(households, teams, now, groups)
    tables["first_contact"] = _first_contact_table(households, teams, filters, groups)
    report = Report(audience=audience, tables=tables, groups=groups)
    service_shown(report, filters.service, first_table="teams")
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


def _services_table(
    every_open: list[tuple], filters: WorkloadFilters, team_total: list[Cell], groups: list[Group]
) -> Table:
    """Open cases of every service the audience may count (``every_open``: service, team, worker, stage,
    open and overdue): a row for each with any.

    The chosen service's row shows the very cells of the team table's total, so a figure hidden there
    is hidden here too. There is no total row: a sum across services would let a small count of one
    service be worked out from the others, and hide more of each service's own figures to stop it.
    """
    figures: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for service, _, assigned_to_id, _, number, overdue in every_open:
        figures[service][0] += number
        figures[service][1] += 0 if assigned_to_id else number
        figures[service][2] += overdue
    rows = []
    for service, label in SERVICE_LABELS.items():
        if service == filters.service:
            # Team table columns: label, assigned, not assigned, overdue, not overdue, open, % overdue.
            if team_total[5].value:
                rows.append([text(label), team_total[5], team_total[2], team_total[3]])
        elif figures.get(service, (0,))[0]:
            number, unassigned, overdue = figures[service]
            open_cell, unassigned_cell, overdue_cell = count(number), count(unassigned), count(overdue)
            # What the row gives away by subtraction: the assigned cases, and those not overdue.
            assigned = Cell(number - unassigned, Kind.COUNT, implicit=True)
            on_time = Cell(number - overdue, Kind.COUNT, implicit=True)
            groups.append(Group((assigned, unassigned_cell), open_cell))
            groups.append(Group((overdue_cell, on_time), open_cell))
            rows.append([text(label), open_cell, unassigned_cell, overdue_cell])
    return Table(
        key="services",
        caption="Open cases by service",
        columns=[
            Column("Service", Kind.TEXT),
            Column("Open cases"),
            Column("Not assigned"),
            Column("Overdue"),
        ],
        rows=rows,
        note="Every service's open cases, whichever service is chosen in the filters.",
    )


def _workers_table(user, audience: Audience, open_rows, journey: Journey) -> Table:
    staff = StaffMember.objects.select_related("user", "team")
    if audience == Audience.TEAM:
        me = staff_member_for(user)
        team_ids = me.team_ids()
        staff = staff.filter(Q(pk=me.pk) | Q(team_id__in=team_ids)) if team_ids else staff.filter(pk=me.pk)
    stage_groups = journey.stage_groups
    per_worker: dict[int, list[int]] = defaultdict(lambda: [0] * (len(stage_groups) + 1))
    for _, assigned_to_id, stage, number, overdue in open_rows:
        if assigned_to_id:
            per_worker[assigned_to_id][journey.group_index[stage]] += number
            per_worker[assigned_to_id][-1] += overdue
    members = [member for member in staff if member.is_active or member.pk in per_worker]
    members.sort(key=lambda member: (-sum(per_worker.get(member.pk, [0])[:-1] or [0]), str(member)))
    rows = []
    for member in members:
        numbers = per_worker.get(member.pk, [0] * (len(stage_groups) + 1))
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
            *(Column(label) for label, _ in stage_groups),
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
    # The service's first-contact clock, as its stored figures were worked out against.
    clock = Rules.current().contact_clock(filters.service)
    # One pass over the households and their journey dates: each team's figures by working days taken.
    found = (
        households.filter(journey_dates__enquiry_on__range=(filters.date_from, filters.date_to))
        .order_by()
        .values("team_id", "journey_dates__contact_working_days")
        .annotate(
            n=Count("pk"),
            kept=Count("pk", filter=Q(journey_dates__contact_kept=True)),
            late=Count("pk", filter=Q(journey_dates__contact_kept=False)),
            waiting=Count("pk", filter=Q(journey_dates__contacted_on__isnull=True)),
        )
        .values_list("team_id", "journey_dates__contact_working_days", "n", "kept", "late", "waiting")
    )
    per_team: dict[int | None, dict] = defaultdict(
        lambda: {"kept": 0, "late": 0, "waiting": 0, "days": Counted.of([])}
    )
    days: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for team_id, working_days, number, kept, late, waiting in found:
        figures = per_team[team_id]
        figures["kept"] += kept
        figures["late"] += late
        figures["waiting"] += waiting
        if working_days is not None:
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
    clock_text = clock.figure if clock else "no clock set"
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


class WorkloadView(ServiceScreenMixin, ReportView):
    page_title = "Workload"
    url_name = "insight_workload"
    audiences = WORKLOAD_AUDIENCES
    form_class = ServiceForWorkersForm
    intro = (
        "Open cases of every service; then, for the service chosen, open cases by team and worker and how long "
        "unassigned cases have waited, as they are now, and the time to first contact for enquiries in the "
        "dates chosen."
    )

    def report(self, data):
        return workload_report(
            user=self.request.user,
            filters=WorkloadFilters(
                date_from=data["date_from"],
                date_to=data["date_to"],
                council=data.get("council") or "",
                service=data["service"],
            ),
        )

    def chart(self, table, report):
        if table.key == "teams":
            return charts.table_stacks(
                table,
                ["Assigned", "Not assigned"],
                "Open cases",
                chart_id="chart-teams",
                title="Open cases by team",
            )
        if table.key == "workers":
            return charts.table_stacks(
                table,
                [label for label, _ in journey_for(report.extra["service"]).stage_groups],
                "Open cases",
                chart_id="chart-workers",
                title="Open cases by worker and stage",
            )
        if table.key == "unassigned":
            return charts.table_stacks(
                table,
                [label for label, _, _ in AGE_BANDS],
                "Not assigned",
                chart_id="chart-unassigned",
                title="Unassigned cases by how long they have waited",
            )
        if table.key == "first_contact":
            return charts.table_stacks(
                table,
                ["Contacted in time", "Contacted late", "Not contacted"],
                "Enquiries",
                chart_id="chart-first-contact",
                title="First contact by team",
            )
        return None

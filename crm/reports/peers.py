"""The Peers and mentors screen: matches running now, people waiting for a peer and for how long, the
volunteers by where their offer stands, and the matches started and ended in the dates chosen.

A match and a request count under the council of the person supported (where the family lives); a volunteer
under their own. A worker counts their team's and their own cases (either side of a match); marketing sees
totals with the small-number rule, as on every Insight screen.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from django.db.models import Q
from django.utils import timezone

from core.reports import charts
from core.reports.access import Audience, audience_require
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
    protect,
    text,
)
from core.reports.views import ReportView
from crm.models import (
    PARTNER_COUNCILS,
    Council,
    PeerMatch,
    PeerRequest,
    PeerRole,
    PeerRoleWanted,
    PeerVolunteer,
)
from crm.reports.scope import CouncilForWorkersForm, scoped
from crm.reports.timeliness import TIMELINESS_AUDIENCES

PEERS_AUDIENCES = TIMELINESS_AUDIENCES
# How long someone has waited for a peer since they asked: (label, days from, days to).
WAIT_BANDS = (("Under 4 weeks", 0, 28), ("4 to 12 weeks", 28, 84), ("Over 12 weeks", 84, None))
BAND_LABELS = [label for label, _, _ in WAIT_BANDS]
ROLE_LABELS = [label for _, label in PeerRole.choices]


@dataclass(frozen=True)
class PeersFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


def wait_band(days: int) -> str:
    return next(label for label, low, high in WAIT_BANDS if days >= low and (high is None or days < high))


def _councils(found: set[str]) -> list[str]:
    return [*PARTNER_COUNCILS, *(c for c in Council.values if c in found and c not in PARTNER_COUNCILS)]


@reporting()
def peers_report(*, user, filters: PeersFilters, today: dt.date | None = None) -> Report:
    """Active matches by council and role, people waiting by council and wait, volunteers by status and
    role, and the matches started and ended in the dates."""
    audience = audience_require(user, PEERS_AUDIENCES)
    today = today or timezone.localdate()
    households = scoped(user, audience, filters.council, service=None).order_by().values("pk")
    groups: list[Group] = []
    active = list(
        PeerMatch.objects.filter(ended_at__isnull=True, request__household__in=households)
        .order_by()
        .values_list("request__household__council", "role")
    )
    waiting = list(
        PeerRequest.objects.filter(status=PeerRequest.Status.WAITING, household__in=households)
        .order_by()
        .values_list("household__council", "requested_at")
    )
    volunteers = list(
        PeerVolunteer.objects.filter(household__in=households).order_by().values_list("status", "role")
    )
    within = (filters.date_from, filters.date_to)
    in_dates = PeerMatch.objects.filter(request__household__in=households).filter(
        Q(started_at__date__range=within) | Q(ended_at__date__range=within)
    )
    moves = list(in_dates.order_by().values_list("role", "started_at", "ended_at"))
    tables = {
        "active": _active_table(active, groups),
        "waiting": _waiting_table(waiting, today, groups),
        "volunteers": _volunteers_table(volunteers, groups),
        "started": _started_table(moves, filters, groups),
    }
    report = Report(audience=audience, tables=tables, groups=groups)
    if audience == Audience.TEAM:
        report.notes.append("These figures cover your team's cases and the cases assigned to you.")
    if report.protected:
        protect(tables.values(), groups)
    return report


def _grid_table(
    found: dict, rows: list[tuple[str, str]], columns: list[str], groups: list[Group]
) -> tuple[list, list]:
    body = []
    for key, label in rows:
        cells = [count(found[key][column]) for column in columns]
        total = count(sum(found[key].values()))
        groups.append(Group(tuple(cells), total))
        body.append([text(label), *cells, total])
    totals_cells = [count(sum(found[key][column] for key, _ in rows)) for column in columns]
    grand = count(sum(sum(found[key].values()) for key, _ in rows))
    groups.append(Group(tuple(totals_cells), grand))
    total = [text("Total"), *totals_cells, grand]
    add_column_groups(groups, body, total, range(1, len(columns) + 2))
    return body, [total]


def _active_table(active: list[tuple], groups: list[Group]) -> Table:
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for council, role in active:
        found[council][role] += 1
    rows = [(council, Council(council).label) for council in _councils(set(found))]
    body, totals = _grid_table(found, rows, PeerRole.values, groups)
    return Table(
        key="active",
        caption="Matches running now, by council and role",
        columns=[
            Column("Council", Kind.TEXT),
            *(Column(label) for label in ROLE_LABELS),
            Column("All matches"),
        ],
        rows=body,
        totals=totals,
        note="Each open match once, under the council where the person supported lives.",
    )


def _waiting_table(waiting: list[tuple], today: dt.date, groups: list[Group]) -> Table:
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    days: dict[str, list[int]] = defaultdict(list)
    for council, requested_at in waiting:
        waited = (today - timezone.localdate(requested_at)).days
        found[council][wait_band(waited)] += 1
        days[council].append(waited)
    rows = [(council, Council(council).label) for council in _councils(set(found))]
    body, totals = _grid_table(found, rows, BAND_LABELS, groups)
    everyone = [day for values in days.values() for day in values]
    for row, (council, _) in zip(body, rows, strict=True):
        row.append(Cell(median(days[council]) if days[council] else None, Kind.DAYS, depends=(row[-1],)))
    totals[0].append(Cell(median(everyone) if everyone else None, Kind.DAYS, depends=(totals[0][-1],)))
    return Table(
        key="waiting",
        caption="People waiting for a peer now, by council and time since they asked",
        columns=[
            Column("Council", Kind.TEXT),
            *(Column(label) for label in BAND_LABELS),
            Column("Waiting now"),
            Column("Median days waiting", Kind.DAYS),
        ],
        rows=body,
        totals=totals,
        note="Requests not yet matched, counted by the days since they asked; someone whose match ended and who "
        "wants another counts from their first request.",
    )


def _volunteers_table(volunteers: list[tuple], groups: list[Group]) -> Table:
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for status, role in volunteers:
        found[status][role] += 1
    rows = list(PeerVolunteer.Status.choices)
    body, totals = _grid_table(found, rows, PeerRoleWanted.values, groups)
    return Table(
        key="volunteers",
        caption="Peer volunteers by where their offer stands, and what they offer",
        columns=[
            Column("Status", Kind.TEXT),
            *(Column(f"Offers {label.lower()}") for _, label in PeerRoleWanted.choices),
            Column("All volunteers"),
        ],
        rows=body,
        totals=totals,
        note="Every offer to volunteer; someone who offered again after being declined or standing down counts each time.",
    )


def _started_table(moves: list[tuple], filters: PeersFilters, groups: list[Group]) -> Table:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for role, started_at, ended_at in moves:
        if filters.date_from <= timezone.localdate(started_at) <= filters.date_to:
            found[role][0] += 1
        if ended_at and filters.date_from <= timezone.localdate(ended_at) <= filters.date_to:
            found[role][1] += 1
    body = [[text(label), count(found[role][0]), count(found[role][1])] for role, label in PeerRole.choices]
    total = [text("Total"), *(count(sum(found[role][index] for role in PeerRole.values)) for index in (0, 1))]
    add_column_groups(groups, body, total, [1, 2])
    return Table(
        key="started",
        caption="Matches started and ended in these dates",
        columns=[Column("Role", Kind.TEXT), Column("Matches started"), Column("Matches ended")],
        rows=body,
        totals=[total],
    )


class PeersView(ReportView):
    page_title = "Peers and mentors"
    url_name = "insight_peers"
    audiences = PEERS_AUDIENCES
    form_class = CouncilForWorkersForm
    intro = (
        "Peer mentors and buddies: the matches running now, the people waiting for a peer and for how long, the "
        "volunteers, and the matches started and ended in the dates chosen."
    )

    def report(self, data):
        return peers_report(
            user=self.request.user,
            filters=PeersFilters(
                date_from=data["date_from"], date_to=data["date_to"], council=data.get("council") or ""
            ),
        )

    def chart(self, table, report):
        if table.key == "active":
            return charts.table_stacks(
                table, ROLE_LABELS, "All matches", chart_id="chart-peers-active", title="Matches running now"
            )
        if table.key == "waiting":
            return charts.table_stacks(
                table,
                BAND_LABELS,
                "Waiting now",
                chart_id="chart-peers-waiting",
                title="People waiting for a peer",
            )
        return None

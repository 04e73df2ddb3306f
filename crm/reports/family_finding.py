"""The Families waiting and matched screen: approved families waiting for a child, and the matches,
placements and adoption orders that follow approval.

Two different measures of waiting, each labelled on the screen:

- **Waiting now** counts the approved families with no child linked with them today (at approval, waiting
  for family finding, or on hold), by their council and how long it is since their approval, however long
  that is; with what they hope for and how many have waited more than 3 months so far.
- **The scorecard's measure** (the adoption scorecard's table 5) counts the families *matched* in the dates
  chosen: of them, the share who waited more than 3 calendar months from approval to the matching panel's
  recommendation. Families still waiting are not in it.

Dates are the journey dates (``JourneyDates``): the first approval and the first match, as the scorecard
counts them. The placements and orders by quarter count links (``Link``), so a second placement after one
that ended counts too. A family's council is where the family lives, not the child's council.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.periods import Cohort, Counted, periods
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
from crm.models import PARTNER_COUNCILS, AgeBand, Council, JourneyDates, Link, Openness
from crm.reports.scope import CouncilForWorkersForm, scoped
from crm.reports.timeliness import TIMELINESS_AUDIENCES
from crm.selectors import SCORECARD_MONTHS, WAIT_BANDS, WAITING_STAGES, wait_band, waited_over

# Who sees the screen: as the Timeliness screen (managers everyone's, workers their team's and their own,
# marketing editors totals only).
FAMILY_FINDING_AUDIENCES = TIMELINESS_AUDIENCES
BAND_LABELS = [label for label, _, _ in WAIT_BANDS]
OVER_3 = f"Waited over {SCORECARD_MONTHS} months"
OPEN = (Openness.YES, Openness.MAYBE)
WAITING_NOTE = (
    "Waiting now: the approved families with no child linked with them today (at approval, waiting for "
    "family finding, or on hold), counted by how long it is since they were approved, however long that is."
)
SCORECARD_NOTE = (
    "The scorecard's measure: of the families matched at a matching panel in these dates, how many waited "
    f"more than {SCORECARD_MONTHS} calendar months from approval to the match. Families still waiting are not "
    "in it, so it is a different figure from the waiting now."
)


@dataclass(frozen=True)
class FamilyFindingFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


def _council_rows(found: set[str]) -> list[str]:
    """The three partner councils always; any other council only when some family is there."""
    return [
        *PARTNER_COUNCILS,
        *(council for council in Council.values if council in found and council not in PARTNER_COUNCILS),
    ]


@reporting()
def family_finding_report(*, user, filters: FamilyFindingFilters, today: dt.date | None = None) -> Report:
    """Families waiting now (by council and wait, and what they hope for), the scorecard's measure and the
    days from approval to match for the families matched in the dates, and the matches, placements and
    adoption orders by quarter."""
    audience = audience_require(user, FAMILY_FINDING_AUDIENCES)
    today = today or timezone.localdate()
    households = scoped(user, audience, filters.council)
    groups: list[Group] = []
    waiting = list(
        households.open()
        .filter(stage__in=WAITING_STAGES, journey_dates__approved_on__isnull=False)
        .order_by()
        .values_list(
            "council",
            "stage",
            "journey_dates__approved_on",
            "early_permanence",
            "matching_profile__age_bands",
            "matching_profile__siblings",
            "matching_profile__disability",
        )
    )
    tables = {"waiting": _waiting_table(waiting, today, groups)}
    tables["hopes"] = _hopes_table(waiting, tables["waiting"].totals[0][5])
    matched = list(
        JourneyDates.objects.filter(
            household__in=households.order_by().values("pk"),
            matched_on__range=(filters.date_from, filters.date_to),
            approved_on__isnull=False,
        )
        .order_by()
        .values_list("household__council", "approved_on", "matched_on")
    )
    tables["scorecard"] = _scorecard_table(matched, groups)
    tables["approval_to_match"] = _days_table(matched)
    tables["quarters"] = _quarters_table(households, filters, groups)
    report = Report(audience=audience, tables=tables, groups=groups)
    if audience == Audience.TEAM:
        report.notes.append("These figures cover your team's cases and the cases assigned to you.")
    if report.protected:
        protect(tables.values(), groups)
    return report


def _waiting_table(waiting: list[tuple], today: dt.date, groups: list[Group]) -> Table:
    per_council: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BAND_LABELS) + 1))
    for council, stage, approved_on, *_ in waiting:
        per_council[council][BAND_LABELS.index(wait_band(approved_on, today))] += 1
        per_council[council][-1] += stage == "on_hold"
    rows = []
    for council in _council_rows(set(per_council)):
        rows.append(_waiting_row(Council(council).label, per_council[council], groups))
    total = _waiting_row(
        "Total",
        [
            sum(per_council[council][index] for council in per_council)
            for index in range(len(BAND_LABELS) + 1)
        ],
        groups,
    )
    add_column_groups(groups, rows, total, range(1, len(BAND_LABELS) + 4))
    return Table(
        key="waiting",
        caption="Waiting now: approved families with no child linked, by council and time since approval",
        columns=[
            Column("Council", Kind.TEXT),
            *(Column(label) for label in BAND_LABELS),
            Column("Waiting now"),
            Column(OVER_3),
            Column("Of them on hold"),
        ],
        rows=rows,
        totals=[total],
        note=WAITING_NOTE,
    )


def _waiting_row(label: str, numbers: list[int], groups: list[Group]) -> list[Cell]:
    bands = [count(number) for number in numbers[: len(BAND_LABELS)]]
    waiting = count(sum(numbers[: len(BAND_LABELS)]))
    over = count(sum(numbers[1 : len(BAND_LABELS)]))
    groups.append(Group(tuple(bands), waiting))
    groups.append(Group(tuple(bands[1:]), over))
    groups.append(Group((bands[0], over), waiting))
    return [text(label), *bands, waiting, over, count(numbers[-1])]


def _hopes_table(waiting: list[tuple], total: Cell) -> Table:
    """What the waiting families hope for. A family may hope for several ages, so nothing here adds up."""
    found: dict[str, int] = defaultdict(int)
    for _, _, _, early_permanence, bands, siblings, disability in waiting:
        for band in bands or []:
            found[band] += 1
        found["siblings"] += siblings in OPEN
        found["disability"] += disability in OPEN
        found["early_permanence"] += bool(early_permanence)
        found["no_ages"] += not bands
    lines = [
        *((f"Hopes for a child aged {label.lower()}", band) for band, label in AgeBand.choices),
        ("Open to brothers and sisters (yes or maybe)", "siblings"),
        ("Open to a disability or extra needs (yes or maybe)", "disability"),
        ("Open to early permanence", "early_permanence"),
        ("No ages recorded yet", "no_ages"),
    ]
    rows = []
    for label, key in lines:
        families = count(found[key])
        rows.append([text(label), families, percent(families, total)])
    return Table(
        key="hopes",
        caption="What the families waiting now hope for",
        columns=[
            Column("Matching profile", Kind.TEXT),
            Column("Families"),
            Column("% of those waiting", Kind.PERCENT),
        ],
        rows=rows,
        note="From each family's matching profile; a family may hope for more than one age, so these do not add up.",
    )


def _scorecard_table(matched: list[tuple], groups: list[Group]) -> Table:
    per_council: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for council, approved_on, matched_on in matched:
        per_council[council][0] += 1
        per_council[council][1] += waited_over(approved_on, matched_on)
    rows = [
        _scorecard_row(Council(council).label, per_council[council], groups)
        for council in _council_rows(set(per_council))
    ]
    total = _scorecard_row(
        "Total", [sum(numbers[index] for numbers in per_council.values()) for index in (0, 1)], groups
    )
    add_column_groups(groups, rows, total, [1, 2])
    return Table(
        key="scorecard",
        caption=f"The scorecard's measure: families matched in these dates who waited more than {SCORECARD_MONTHS} months from approval",
        columns=[
            Column("Council", Kind.TEXT),
            Column("Families matched"),
            Column(f"Waited more than {SCORECARD_MONTHS} months"),
            Column(f"% waited more than {SCORECARD_MONTHS} months", Kind.PERCENT),
        ],
        rows=rows,
        totals=[total],
        note=SCORECARD_NOTE,
    )


def _scorecard_row(label: str, numbers: list[int], groups: list[Group]) -> list[Cell]:
    matched, over = count(numbers[0]), count(numbers[1])
    # Those matched within 3 months: the table gives them away by subtraction.
    within = Cell(numbers[0] - numbers[1], Kind.COUNT, implicit=True)
    groups.append(Group((over, within), matched))
    return [text(label), matched, over, percent(over, matched)]


def _days_table(matched: list[tuple]) -> Table:
    per_council: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for council, approved_on, matched_on in matched:
        per_council[council].append(((matched_on - approved_on).days, 1))
    rows = []
    everyone = Counted.of([])
    for council in _council_rows(set(per_council)):
        values = Counted.of(per_council[council])
        everyone += values
        rows.append(_days_row(Council(council).label, values))
    return Table(
        key="approval_to_match",
        caption="Days from approval to match, for the families matched in these dates",
        columns=[
            Column("Council", Kind.TEXT),
            Column("Families matched"),
            Column("Median days", Kind.DAYS),
            Column("90th percentile days", Kind.DAYS),
        ],
        rows=rows,
        totals=[_days_row("All families", everyone)],
    )


def _days_row(label: str, values: Counted) -> list[Cell]:
    families = count(len(values))
    return [
        text(label),
        families,
        Cell(values.percentile(0.5), Kind.DAYS, depends=(families,)),
        Cell(values.percentile(0.9), Kind.DAYS, depends=(families,)),
    ]


def _quarters_table(households, filters: FamilyFindingFilters, groups: list[Group]) -> Table:
    quarters = periods(filters.date_from, filters.date_to, Cohort.QUARTER)
    within = (filters.date_from, filters.date_to)
    links = (
        Link.objects.filter(household__in=households.order_by().values("pk"))
        .filter(Q(matched_on__range=within) | Q(placed_on__range=within) | Q(order_on__range=within))
        .order_by()
        .values_list("matched_on", "placed_on", "order_on")
    )
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])

    def quarter_of(day: dt.date | None) -> str | None:
        if day is None or not filters.date_from <= day <= filters.date_to:
            return None
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"

    for dates in links:
        for index, day in enumerate(dates):
            if key := quarter_of(day):
                found[key][index] += 1
    rows = [[text(quarter.label), *(count(number) for number in found[quarter.key])] for quarter in quarters]
    total = [
        text("Total"),
        *(count(sum(found[quarter.key][index] for quarter in quarters)) for index in range(3)),
    ]
    add_column_groups(groups, rows, total, [1, 2, 3])
    return Table(
        key="quarters",
        caption="Matches, placements and adoption orders by quarter",
        columns=[
            Column("Quarter", Kind.TEXT),
            Column("Matches"),
            Column("Placements"),
            Column("Adoption orders"),
        ],
        rows=rows,
        totals=[total],
        note="Each link's match, placement and order, in the calendar quarter it happened; a second link after "
        "one that ended counts too.",
    )


class FamilyFindingView(ReportView):
    page_title = "Families waiting and matched"
    url_name = "insight_family_finding"
    audiences = FAMILY_FINDING_AUDIENCES
    form_class = CouncilForWorkersForm
    intro = (
        "Approved families waiting for a child now, and the matches, placements and adoption orders after "
        "approval. The waiting now and the scorecard's measure count different families: each table says which."
    )

    def report(self, data):
        return family_finding_report(
            user=self.request.user,
            filters=FamilyFindingFilters(
                date_from=data["date_from"], date_to=data["date_to"], council=data.get("council") or ""
            ),
        )

    def chart(self, table, report):
        if table.key == "waiting":
            return charts.table_stacks(
                table,
                BAND_LABELS,
                "Waiting now",
                chart_id="chart-waiting",
                title="Families waiting now, by time since approval",
            )
        if table.key == "hopes":
            return charts.table_bars(
                table, "Families", chart_id="chart-hopes", title="What the families waiting hope for"
            )
        if table.key == "scorecard":
            return charts.table_bars(
                table,
                f"% waited more than {SCORECARD_MONTHS} months",
                chart_id="chart-scorecard",
                title=f"Share of families matched who waited more than {SCORECARD_MONTHS} months",
            )
        if table.key == "approval_to_match":
            return charts.table_bars(
                table,
                "Median days",
                chart_id="chart-approval-to-match",
                title="Median days from approval to match",
            )
        if table.key == "quarters":
            return charts.table_lines(
                table,
                ["Matches", "Placements", "Adoption orders"],
                chart_id="chart-quarters",
                title="Matches, placements and adoption orders by quarter",
            )
        return None

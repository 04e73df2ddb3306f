"""The Funnel screen: households by cohort of first enquiry and how far they have got, and closures.

Marketing editors see totals only; the journey's steps come from ``crm.journey``.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.db.models import Case, CharField, Count, F, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.forms import DateRangeForm
from core.reports.periods import Cohort, Period, periods
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
    lower_first,
    percent,
    protect,
    text,
)
from core.reports.views import ReportView
from crm.journey import (
    APPROVED_STEP,
    FUNNEL_STEPS,
    ROI_STEP,
    STEP_LABELS,
)
from crm.models import (
    STAGE_ORDER,
    ClosureReason,
    Council,
    Household,
)
from crm.reports.scope import (
    CouncilMixin,
)
from crm.services.journeys import touch_source

FUNNEL_AUDIENCES = {Audience.EVERYONE, Audience.AGGREGATE}


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
    households = (
        Household.objects.active()
        .recruitment()
        .filter(first_enquiry_at__gte=cohorts[0].starts, first_enquiry_at__lt=cohorts[-1].ends)
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


class FunnelForm(CouncilMixin, DateRangeForm):
    cohort = forms.ChoiceField(label="Cohorts by", choices=Cohort.choices)
    split = forms.ChoiceField(label="Split by", choices=Split.choices, required=False)
    channel = forms.TypedChoiceField(label="Source channel", required=False, coerce=int, empty_value=None)
    campaign = forms.TypedChoiceField(
        label="Campaign of first touch", required=False, coerce=int, empty_value=None
    )

    field_order = ["date_from", "date_to", "cohort", "split", "council", "channel", "campaign"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = touch_source()
        if source is None:
            for name in ("channel", "campaign"):
                del self.fields[name]
            self.fields["split"].choices = [
                (value, label) for value, label in Split.choices if value in (Split.NONE, Split.COUNCIL)
            ]
            return
        for name, label in (("channel", "All channels"), ("campaign", "All campaigns")):
            labels = source.labels(dimension=name)
            self.fields[name].choices = [("", label), *((value, labels[value]) for value in labels)]


class FunnelView(ReportView):
    page_title = "Funnel"
    url_name = "insight_funnel"
    audiences = FUNNEL_AUDIENCES
    form_class = FunnelForm
    intro = (
        "How enquiries become approved adopters: households by when they first enquired and how far they "
        "have got, and why cases closed. Recruitment only: people who only asked for the information pack "
        "or booked a family event are not counted until they enquire about adopting."
    )

    def initial(self):
        return {**super().initial(), "cohort": Cohort.MONTH}

    def report(self, data):
        return funnel_report(
            user=self.request.user,
            filters=FunnelFilters(
                date_from=data["date_from"],
                date_to=data["date_to"],
                cohort=data["cohort"],
                split=data.get("split") or "",
                council=data.get("council") or "",
                channel=data.get("channel"),
                campaign=data.get("campaign"),
            ),
        )

    def chart(self, table, report):
        if table.key == "steps":
            return charts.table_bars(
                table, "Households", chart_id="chart-steps", title="Households reaching each step"
            )
        if table.key == "cohorts":
            return charts.table_lines(
                table,
                ["Enquiry", "Registration of interest", "Approved"],
                chart_id="chart-cohorts",
                title="Enquiries, registrations of interest and approvals by cohort",
            )
        if table.key == "split":
            return charts.table_bars(
                table,
                "Enquiry",
                chart_id="chart-split",
                title=f"Enquiries by {lower_first(table.columns[0].label)}",
            )
        if table.key == "closures":
            return charts.table_stacks(
                table,
                [column.label for column in table.columns[1:-1]],
                "Total",
                chart_id="chart-closures",
                title="Closed cases by reason, split by the step reached",
            )
        return None

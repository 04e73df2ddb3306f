"""Channels and phases, a screen of the Insight menu: which channels and phases earn the credit.

Each household's first touch reaches the CRM through ``campaigns.selectors.FirstTouches``; the
credit is added up from the stored credit (``campaigns.models.Credit``, kept by the attribution
engine as touches and outcomes change) through ``campaigns.selectors.attribution_report``.
"""

import datetime as dt

from django import forms

from campaigns.budgets import budget_position, costs_over_time
from campaigns.reports.base import channel_level_field
from campaigns.reports.budget import (
    budget_months_chart,
    budget_months_table,
    budget_table,
    costs_chart,
    costs_table,
)
from campaigns.selectors import (
    NO_TOUCH,
    AttributionModel,
    ChannelLevel,
    Dimension,
    Outcome,
    attribution_report,
    local_months,
    month_label,
)
from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.forms import DateRangeForm
from core.reports.periods import Cohort, period_text
from core.reports.queries import reporting
from core.reports.tables import (
    Cell,
    Column,
    Group,
    Kind,
    Report,
    Table,
    add_column_groups,
    cost,
    count,
    credit,
    lower_first,
    protect,
    text,
)
from core.reports.views import ReportView
from crm import selectors as crm_selectors

CHANNELS_AUDIENCES = {Audience.EVERYONE, Audience.AGGREGATE}
BREAKDOWNS = [(Dimension.CHANNEL, "Channel"), (Dimension.PHASE, "Kindred phase")]


@reporting()
def channels_report(
    *,
    user,
    date_from: dt.date,
    date_to: dt.date,
    model: str,
    dimension: str,
    level: str = ChannelLevel.ALL,
    costs_by: str = Cohort.MONTH,
) -> Report:
    """Credited enquiries and approvals by channel (at ``level``) or Kindred phase, with cost per outcome;
    the months; the marketing budget of the financial year ``date_to`` is in, to ``date_to``, by the same
    breakdown; and the cost per enquiry and per approval by month or quarter (``costs_by``)."""
    audience = audience_require(user, CHANNELS_AUDIENCES)
    dimension_label = dict(BREAKDOWNS)[dimension]
    reports = {
        outcome: attribution_report(
            outcome=outcome,
            model=model,
            dimension=dimension,
            date_from=date_from,
            date_to=date_to,
            stored=True,
            level=level,
        )
        for outcome in (Outcome.ENQUIRY, Outcome.APPROVAL)
    }
    merged: dict = {}
    for outcome, report in reports.items():
        for row in report.rows:
            entry = merged.setdefault((row.value, row.tracked), {"label": row.label, "spend": row.spend})
            entry[outcome] = row
            entry["spend"] = entry["spend"] if entry["spend"] is not None else row.spend
    groups: list[Group] = []
    rows = []
    with_spend = dimension == Dimension.CHANNEL
    ordered = sorted(
        merged.items(),
        key=lambda item: (
            not item[0][1],
            -(item[1].get(Outcome.ENQUIRY).credit if item[1].get(Outcome.ENQUIRY) else 0),
            item[1]["label"],
        ),
    )
    if dimension == Dimension.PHASE:
        ordered = sorted(merged.items(), key=lambda item: (not item[0][1], item[0][0] or 0))
    for _, entry in ordered:
        enquiry_row, approval_row = entry.get(Outcome.ENQUIRY), entry.get(Outcome.APPROVAL)
        enquiries = credit(enquiry_row.credit if enquiry_row else 0)
        approvals = credit(approval_row.credit if approval_row else 0)
        cells = [text(entry["label"]), enquiries, approvals]
        if with_spend:
            cells += [
                Cell(entry["spend"], Kind.MONEY),
                cost(enquiries, enquiry_row.cost_per_outcome if enquiry_row else None),
                cost(approvals, approval_row.cost_per_outcome if approval_row else None),
            ]
        rows.append(cells)
    total = [
        text("Total"),
        credit(sum(row[1].value for row in rows)),
        credit(sum(row[2].value for row in rows)),
    ]
    if with_spend:
        total += [Cell(None, Kind.MONEY), Cell(None, Kind.MONEY), Cell(None, Kind.MONEY)]
    add_column_groups(groups, rows, total, [1, 2])
    columns = [
        Column(dimension_label, Kind.TEXT),
        Column("Credited enquiries", Kind.CREDIT),
        Column("Credited approvals", Kind.CREDIT),
    ]
    if with_spend:
        columns += [
            Column("Spend (£)", Kind.MONEY),
            Column("Cost per enquiry (£)", Kind.MONEY),
            Column("Cost per approval (£)", Kind.MONEY),
        ]
    model_label = AttributionModel(model).label.lower()
    tables = {
        "credit": Table(
            key="credit",
            caption=f"Enquiries and approvals credited to each {lower_first(dimension_label)}, {model_label}",
            columns=columns,
            rows=rows,
            totals=[total],
            note=(
                "Spend is each channel's spend in the campaigns running in these dates. "
                f"“{NO_TOUCH}” holds the outcomes with no touch before them."
                if with_spend
                else f"“{NO_TOUCH}” holds the outcomes with no touch before them."
            ),
        )
    }
    counts = crm_selectors.outcomes_by_month(date_from=date_from, date_to=date_to)
    tables["months"], month_cells = _months_table(date_from, date_to, groups, counts)
    position = budget_position(as_of=date_to, dimension=dimension, level=level)
    tables["budget"] = budget_table(position)
    tables["budget_months"] = budget_months_table(position)
    months_total = tables["months"].totals[0]
    tables["costs"] = costs_table(
        costs_over_time(date_from=date_from, date_to=date_to, cohort=costs_by, counts=counts),
        cohort=costs_by,
        month_cells=month_cells,
        month_totals=(months_total[1], months_total[3]),
        groups=groups,
        period=period_text(date_from, date_to),
    )
    report = Report(audience=audience, tables=tables, groups=groups)
    if report.protected:
        protect(tables.values(), groups)
    return report


def _months_table(
    date_from: dt.date, date_to: dt.date, groups: list[Group], counts: dict
) -> tuple[Table, dict[str, tuple[Cell, Cell]]]:
    """Enquiries, registrations of interest and approvals in each month: each counts once, whatever the model.

    With the table, each month's enquiry and approval cells, which the costs table shows again.
    """
    rows, cells = [], {}
    for key, _, _ in local_months(date_from, date_to):
        rows.append([text(month_label(key)), *(count(number) for number in counts.get(key, (0, 0, 0)))])
        cells[key] = (rows[-1][1], rows[-1][3])
    total = [text("Total"), *(count(sum(row[index].value for row in rows)) for index in range(1, 4))]
    add_column_groups(groups, rows, total, [1, 2, 3])
    return Table(
        key="months",
        caption="Enquiries, registrations of interest and approvals by month",
        columns=[
            Column("Month", Kind.TEXT),
            Column("Enquiries"),
            Column("Registrations of interest"),
            Column("Approvals"),
        ],
        rows=rows,
        totals=[total],
    ), cells


class ChannelsForm(DateRangeForm):
    model = forms.ChoiceField(label="Attribution model", choices=AttributionModel.choices)
    dimension = forms.ChoiceField(label="Break down by", choices=BREAKDOWNS)
    channels = channel_level_field()
    costs_by = forms.ChoiceField(
        label="Costs by",
        choices=Cohort.choices,
        help_text="Cost per enquiry and per approval by month or by quarter.",
    )


class ChannelsView(ReportView):
    page_title = "Channels and phases"
    url_name = "insight_channels"
    audiences = CHANNELS_AUDIENCES
    form_class = ChannelsForm
    intro = (
        "Which channels and Kindred phases earn the credit for enquiries and approvals under the chosen "
        "attribution model, what each costs, the outcomes month by month, and the marketing budget "
        "against spend."
    )

    def initial(self):
        return {
            **super().initial(),
            "model": AttributionModel.LINEAR,
            "dimension": Dimension.CHANNEL,
            "costs_by": Cohort.MONTH,
            "channels": ChannelLevel.KEY,
        }

    def report(self, data):
        return channels_report(
            user=self.request.user,
            date_from=data["date_from"],
            date_to=data["date_to"],
            model=data["model"],
            dimension=data["dimension"],
            level=data["channels"],
            costs_by=data["costs_by"],
        )

    def chart(self, table, report):
        if table.key == "credit":
            return charts.bar_chart(
                chart_id="chart-credit",
                title=f"Credited enquiries by {lower_first(table.columns[0].label)}",
                bars=[
                    charts.Bar(str(row[0].value), row[1].chart_value, row[1].display) for row in table.rows
                ],
            )
        if table.key == "months":
            return charts.line_chart(
                chart_id="chart-months",
                title=table.caption,
                x_labels=[str(row[0].value) for row in table.rows],
                series=[
                    charts.Series(
                        name=column.label,
                        values=[row[index].chart_value for row in table.rows],
                        texts=[row[index].display for row in table.rows],
                    )
                    for index, column in enumerate(table.columns[1:], start=1)
                ],
            )
        if table.key == "budget_months":
            return budget_months_chart(table)
        if table.key == "costs":
            return costs_chart(table)
        return None

"""Campaign results: credited outcomes by channel, phase, campaign, council or month, under one model."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from campaigns import selectors
from campaigns.reports.base import COST_LABELS, SINGULAR, ResultsScreen, channel_level_field
from campaigns.selectors import AttributionModel, AttributionReport, ChannelLevel, Dimension, Outcome
from core.reports import charts
from core.reports.forms import DateRangeForm
from core.reports.periods import period_text
from core.reports.tables import Column, Group, Kind, Table, cost, credit, how_many, money, percent, text


def credit_tables(report: AttributionReport, *, caption: str, campaign_url) -> tuple[dict, list[Group]]:
    """Credited outcomes by channel, phase, campaign, council or month, with each row's share and cost."""
    with_spend = report.dimension in (Dimension.CHANNEL, Dimension.CAMPAIGN)
    outcome_label = report.outcome_label
    rows = []
    credits = [credit(row.credit) for row in report.rows]
    total = credit(sum(row.credit for row in report.rows))
    for row, credited in zip(report.rows, credits, strict=True):
        cells = [text(row.label, url=campaign_url(row)), credited, percent(credited, total)]
        if with_spend:
            cells += [money(row.spend), cost(credited, row.cost_per_outcome)]
        rows.append(cells)
    totals = [text("Total"), total, percent(total, total)]
    if with_spend:
        totals += [money(None), money(None)]
    columns = [
        Column(report.dimension_label, Kind.TEXT),
        Column(f"Credited {outcome_label.lower()}", Kind.CREDIT),
        Column("Share (%)", Kind.PERCENT),
    ]
    if with_spend:
        columns += [Column("Spend (£)", Kind.MONEY), Column(COST_LABELS[report.outcome], Kind.MONEY)]
    table = Table(key="results", caption=caption, columns=columns, rows=rows, totals=[totals])
    return {"results": table}, [Group(tuple(credits), total)]


def credit_chart(table: Table, *, title: str) -> str:
    return charts.bar_chart(
        chart_id="results-chart",
        title=title,
        bars=[charts.Bar(str(row[0].value), row[1].chart_value, row[1].display) for row in table.rows],
        empty="Nothing to show for these choices.",
    )


class ResultsForm(DateRangeForm):
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices)
    model = forms.ChoiceField(label="Attribution model", choices=AttributionModel.choices)
    dimension = forms.ChoiceField(label="Break down by", choices=Dimension.choices)
    channels = channel_level_field()

    field_order = ["outcome", "model", "dimension", "channels", "date_from", "date_to"]


class ResultsView(ResultsScreen):
    """Credited outcomes by channel, phase, campaign, council or month, under the chosen model."""

    template_name = "campaigns/reports/results.html"
    page_title = "Campaign results"
    url_name = "campaigns_results"
    form_class = ResultsForm

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def initial(self) -> dict:
        return {
            **super().initial(),
            "outcome": Outcome.ENQUIRY,
            "model": AttributionModel.LINEAR,
            "dimension": Dimension.CHANNEL,
            "channels": ChannelLevel.KEY,
        }

    def report(self, data):
        attribution = selectors.attribution_report(
            outcome=data["outcome"],
            model=data["model"],
            dimension=data["dimension"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            stored=True,
            level=data["channels"],
        )
        dates = urlencode(
            {"date_from": data["date_from"].isoformat(), "date_to": data["date_to"].isoformat()}
        )

        def campaign_url(row) -> str:
            if attribution.dimension == Dimension.CAMPAIGN and row.value is not None and row.tracked:
                return f"{reverse('campaigns_results_campaign', args=[row.value])}?{dates}"
            return ""

        outcome_label = attribution.outcome_label.lower()
        caption = (
            f"Credited {outcome_label} by {attribution.dimension_label.lower()}, "
            f"{attribution.model_label.lower()}"
        )
        tables, groups = credit_tables(
            attribution,
            caption=f"{caption}, {period_text(data['date_from'], data['date_to'])}",
            campaign_url=campaign_url,
        )
        report = self.protected_report(tables, groups)
        table = report.tables["results"]
        report.extra.update(
            attribution=attribution,
            results_summary=how_many(table.totals[0][1], SINGULAR[attribution.outcome], outcome_label),
            table=table,
            per_outcome=attribution.dimension in (Dimension.COUNCIL, Dimension.MONTH),
            chart=credit_chart(table, title=caption) if table.rows else None,
        )
        return report

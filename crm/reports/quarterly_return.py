"""The quarterly return screen: what the return holds, the rows it cannot complete, and the download.

Managers and superusers only. The download is the return itself, in the national template's
columns and codes (``crm.quarterly_return.TEMPLATE``); the rows it cannot complete are listed on the
screen, with a link to each household, and can be downloaded too.
"""

from django import forms

from core.reports import charts
from core.reports.forms import ReportForm
from core.reports.tables import Cell, Column, Kind, Report, Table, count, text
from core.reports.views import ReportView, paginate
from crm.quarterly_return import (
    DATE_ORDER,
    FIELD_LABELS,
    RETURN_AUDIENCES,
    Quarter,
    QuarterlyReturn,
    quarter_choices,
    quarterly_return,
)
from crm.reports.household_files import household_file_response
from crm.views.households_common import household_url

PREVIEW_ROWS = 25


class QuarterForm(ReportForm):
    quarter = forms.ChoiceField(label="Quarter", choices=quarter_choices)


class QuarterlyReturnView(ReportView):
    page_title = "Quarterly return"
    url_name = "insight_return"
    audiences = RETURN_AUDIENCES
    form_class = QuarterForm
    template_name = "crm/reports/quarterly_return.html"
    intro = (
        "The adopter-level return for the national adoption data collection: one row per household whose case "
        "was open at some point in the quarter, with the key dates up to the end of the quarter."
    )

    def initial(self):
        return {"quarter": quarter_choices(count=2)[1][0]}

    def quarter(self, data) -> Quarter:
        return Quarter.parse(data["quarter"])

    def report(self, data):
        found = quarterly_return(user=self.request.user, quarter=self.quarter(data))
        in_quarter = found.counts_in_quarter()
        summary = Table(
            key="summary",
            caption=f"What happened in {found.quarter.label}",
            columns=[Column("In the quarter", Kind.TEXT), Column("Households")],
            rows=[
                [text(FIELD_LABELS[key]), count(in_quarter[key])] for key in [*DATE_ORDER, "withdrawal_date"]
            ],
        )
        problems = Table(
            key="problems",
            caption="Rows the return cannot complete",
            columns=[Column("Reference", Kind.TEXT), Column("What to put right", Kind.TEXT)],
            rows=[
                [
                    text(row.values["reference"], url=household_url(row.household_id)),
                    text(" ".join(row.problems)),
                ]
                for row in found.incomplete
            ],
        )
        report = Report(audience=self.audience, tables={"summary": summary, "problems": problems})
        report.extra["return"] = found
        return report

    def summary(self, data, report):
        found: QuarterlyReturn = report.extra["return"]
        return (
            f"{len(found.rows):,} households active in {found.quarter.label}: {len(found.complete):,} complete, "
            f"{len(found.incomplete):,} cannot be completed yet."
        )

    def chart(self, table, report):
        if table.key != "summary":
            return None
        return charts.bar_chart(
            chart_id="chart-summary",
            title="Households reaching each point of the journey in the quarter",
            bars=[charts.Bar(str(row[0].value), row[1].chart_value, row[1].display) for row in table.rows],
        )

    def download(self, report, key, kind, data):
        if key != "return":
            return super().download(report, key, kind, data)
        found: QuarterlyReturn = report.extra["return"]
        return household_file_response(
            request=self.request,
            title=f"{found.template.name} {found.quarter.key}",
            kind=kind,
            sheet=found.quarter.key,
            header=found.header,
            rows=found.coded_rows(),
            household_ids=[row.household_id for row in found.complete],
            date_format=found.template.date_format,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context.get("report")
        form = context["form"]
        if report is not None:
            found: QuarterlyReturn = report.extra["return"]
            page = paginate(self.request, found.complete, PREVIEW_ROWS)
            preview = Table(
                key="return",
                caption=f"The return for {found.quarter.label}",
                columns=[Column(name, Kind.TEXT) for name in found.header],
                rows=[
                    [
                        Cell(value, Kind.DATE) if hasattr(value, "isoformat") else text(value)
                        for value in found.coded(row)
                    ]
                    for row in page.object_list
                ],
            )
            template = found.template
            context.update(
                unconfirmed=template.unconfirmed_columns(),
                uncoded=template.uncoded_reasons(),
                confirmed=[(FIELD_LABELS[key], where) for key, where in template.confirmed.items()],
                preview=preview,
                page_obj=page,
                return_downloads=self.download_links(form, "return"),
                problems_page=paginate(
                    self.request, report.tables["problems"].rows, 50, parameter="problems_page"
                ),
            )
        return context

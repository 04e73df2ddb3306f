"""The Funnel, Timeliness, Overdue cases and Workload screens.

Each asks one selector in ``crm.reports`` and draws a chart for each table from the table's own
cells, so hidden figures stay hidden in the picture too.
"""

from django import forms
from django.utils.safestring import SafeString

from crm import charts
from crm.reports import (
    AGE_BANDS,
    FUNNEL_AUDIENCES,
    OVERDUE_AUDIENCES,
    STAGE_GROUPS,
    TIMELINESS_AUDIENCES,
    WORKLOAD_AUDIENCES,
    Audience,
    Cell,
    Cohort,
    Column,
    FunnelFilters,
    Kind,
    Report,
    Split,
    Table,
    TimelinessFilters,
    WorkloadFilters,
    count,
    funnel_report,
    lower_first,
    overdue_cases,
    text,
    timeliness_report,
    touch_source,
    workload_report,
)
from crm.views.households_common import household_url

from .insight import CouncilMixin, DateRangeForm, InsightForm, InsightView, paginate


def bars(table: Table, column: str, *, chart_id: str, title: str, rows: list | None = None) -> SafeString:
    index = table.header.index(column)
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        bars=[
            charts.Bar(str(row[0].value), row[index].chart_value, row[index].display)
            for row in rows or table.rows
        ],
    )


def stacks(table: Table, columns: list[str], total: str, *, chart_id: str, title: str) -> SafeString:
    indexes = [table.header.index(column) for column in columns]
    total_index = table.header.index(total)
    return charts.stacked_bar_chart(
        chart_id=chart_id,
        title=title,
        series=columns,
        stacks=[
            charts.Stack(
                label=str(row[0].value),
                values=[row[index].chart_value for index in indexes],
                texts=[row[index].display for index in indexes],
                total_text=row[total_index].display,
            )
            for row in table.rows
        ],
    )


def lines(table: Table, columns: list[str], *, chart_id: str, title: str) -> SafeString:
    indexes = [table.header.index(column) for column in columns]
    return charts.line_chart(
        chart_id=chart_id,
        title=title,
        x_labels=[str(row[0].value) for row in table.rows],
        series=[
            charts.Series(
                name=column,
                values=[row[index].chart_value for row in table.rows],
                texts=[row[index].display for row in table.rows],
            )
            for column, index in zip(columns, indexes, strict=True)
        ],
    )


# Funnel -------------------------------------------------------------------------------------------


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


class FunnelView(InsightView):
    page_title = "Funnel"
    url_name = "insight_funnel"
    audiences = FUNNEL_AUDIENCES
    form_class = FunnelForm
    intro = (
        "How enquiries become approved adopters: households by when they first enquired and how far they "
        "have got, and why cases closed."
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
            return bars(table, "Households", chart_id="chart-steps", title="Households reaching each step")
        if table.key == "cohorts":
            return lines(
                table,
                ["Enquiry", "Registration of interest", "Approved"],
                chart_id="chart-cohorts",
                title="Enquiries, registrations of interest and approvals by cohort",
            )
        if table.key == "split":
            return bars(
                table,
                "Enquiry",
                chart_id="chart-split",
                title=f"Enquiries by {lower_first(table.columns[0].label)}",
            )
        if table.key == "closures":
            return stacks(
                table,
                [column.label for column in table.columns[1:-1]],
                "Total",
                chart_id="chart-closures",
                title="Closed cases by reason, split by the step reached",
            )
        return None


# Timeliness ---------------------------------------------------------------------------------------


class TimelinessForm(CouncilMixin, DateRangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.audience == Audience.TEAM:
            del self.fields["council"]


class TimelinessView(InsightView):
    page_title = "Timeliness"
    url_name = "insight_timeliness"
    audiences = TIMELINESS_AUDIENCES
    form_class = TimelinessForm
    intro = "How long each step takes, and how often each clock is kept."

    def report(self, data):
        return timeliness_report(
            user=self.request.user,
            filters=TimelinessFilters(
                date_from=data["date_from"], date_to=data["date_to"], council=data.get("council") or ""
            ),
        )

    def chart(self, table, report):
        if table.key == "steps":
            return bars(table, "Median days", chart_id="chart-steps", title="Median days for each step")
        if table.key == "clocks":
            return stacks(
                table, ["Kept", "Late"], "Stopped", chart_id="chart-clocks", title="Clocks kept and late"
            )
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue_link"] = self.audience in OVERDUE_AUDIENCES
        return context


class OverdueForm(CouncilMixin, InsightForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.audience == Audience.TEAM:
            del self.fields["council"]


class OverdueView(InsightView):
    """Open cases past their due date. People's names: managers and workers only (their own and their team's)."""

    page_title = "Overdue cases"
    url_name = "insight_overdue"
    audiences = OVERDUE_AUDIENCES
    form_class = OverdueForm
    intro = "Open cases whose clock has run out, the longest overdue first."
    per_page = 50

    def initial(self):
        return {}

    def report(self, data):
        cases = overdue_cases(user=self.request.user, council=data.get("council") or "")
        if self.request.GET.get("download") and self.request.GET.get("table") == "overdue":
            shown, page = cases, None
        else:
            page = paginate(self.request, cases, self.per_page)
            shown = page.object_list
        table = Table(
            key="overdue",
            caption="Overdue cases",
            columns=[
                Column("Reference", Kind.TEXT),
                Column("Household", Kind.TEXT),
                Column("Council", Kind.TEXT),
                Column("Stage", Kind.TEXT),
                Column("Clock", Kind.TEXT),
                Column("Due", Kind.DATE),
                Column("Days overdue"),
                Column("Assigned to", Kind.TEXT),
            ],
            rows=[self.row(case) for case in shown],
        )
        clocks = Table(
            key="by_clock",
            caption="Overdue cases by clock",
            columns=[Column("Clock", Kind.TEXT), Column("Overdue cases")],
            rows=[[text(name), count(number)] for name, number in cases.by_clock()],
        )
        report = Report(audience=self.audience, tables={"by_clock": clocks, "overdue": table})
        report.extra.update(page=page, count=len(cases))
        return report

    @staticmethod
    def row(case) -> list[Cell]:
        url = household_url(case.pk)
        return [
            text(case.reference, url=url),
            text(case.display_name, url=url),
            text(case.council_label),
            text(case.stage_label),
            text(case.clock_name),
            Cell(case.due_on, Kind.DATE),
            count(case.days_overdue),
            text(case.assigned_to or "Not assigned"),
        ]

    def summary(self, data, report):
        number = report.extra["count"]
        return f"{number:,} overdue case{'' if number == 1 else 's'}"

    def chart(self, table, report):
        if table.key == "by_clock":
            return bars(table, "Overdue cases", chart_id="chart-overdue", title="Overdue cases by clock")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context.get("report")
        if report is not None and report.extra.get("page") is not None:
            page = report.extra["page"]
            context["page_obj"] = page
            for section in context["sections"]:
                if section["table"].key == "overdue":
                    section["rows"] = section["table"].rows
                    section["paged"] = page
        return context


# Workload -----------------------------------------------------------------------------------------


class WorkloadForm(TimelinessForm):
    pass


class WorkloadView(InsightView):
    page_title = "Workload"
    url_name = "insight_workload"
    audiences = WORKLOAD_AUDIENCES
    form_class = WorkloadForm
    intro = (
        "Open cases by team and worker and how long unassigned cases have waited, as they are now; and the time "
        "to first contact for enquiries in the dates chosen."
    )

    def report(self, data):
        return workload_report(
            user=self.request.user,
            filters=WorkloadFilters(
                date_from=data["date_from"], date_to=data["date_to"], council=data.get("council") or ""
            ),
        )

    def chart(self, table, report):
        if table.key == "teams":
            return stacks(
                table,
                ["Assigned", "Not assigned"],
                "Open cases",
                chart_id="chart-teams",
                title="Open cases by team",
            )
        if table.key == "workers":
            return stacks(
                table,
                [label for label, _ in STAGE_GROUPS],
                "Open cases",
                chart_id="chart-workers",
                title="Open cases by worker and stage",
            )
        if table.key == "unassigned":
            return stacks(
                table,
                [label for label, _, _ in AGE_BANDS],
                "Not assigned",
                chart_id="chart-unassigned",
                title="Unassigned cases by how long they have waited",
            )
        if table.key == "first_contact":
            return stacks(
                table,
                ["Contacted in time", "Contacted late", "Not contacted"],
                "Enquiries",
                chart_id="chart-first-contact",
                title="First contact by team",
            )
        return None

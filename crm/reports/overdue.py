"""The Overdue cases screen: open cases whose clock has run out, with people's names.

Managers see every case; workers their own and their team's; marketing editors get a 404.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, QuerySet
from django.utils import timezone

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.forms import ReportForm
from core.reports.tables import (
    Cell,
    Column,
    Kind,
    Report,
    Table,
    count,
    text,
)
from core.reports.views import ReportView, paginate
from crm.models import (
    Clock,
    Council,
    Household,
    Stage,
)
from crm.reports.scope import (
    CouncilMixin,
    scoped,
)
from crm.views.households_common import household_url

OVERDUE_AUDIENCES = {Audience.EVERYONE, Audience.TEAM}


@dataclass(frozen=True)
class OverdueCase:
    """One overdue case, as the list shows it: read as plain values, since there may be thousands."""

    pk: int
    first_name: str
    last_name: str
    partner_first_name: str
    partner_last_name: str
    council: str
    stage: str
    due_on: dt.date
    clock_name: str
    assigned_first_name: str | None
    assigned_last_name: str | None
    assigned_username: str | None
    days_overdue: int

    @property
    def reference(self) -> str:
        return f"APSE-{self.pk:06d}"

    @property
    def display_name(self) -> str:
        return Household(
            first_name=self.first_name,
            last_name=self.last_name,
            partner_first_name=self.partner_first_name,
            partner_last_name=self.partner_last_name,
        ).display_name

    @property
    def council_label(self) -> str:
        return Council(self.council).label

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def assigned_to(self) -> str:
        if self.assigned_username is None:
            return ""
        return f"{self.assigned_first_name} {self.assigned_last_name}".strip() or self.assigned_username


OVERDUE_FIELDS = [
    "pk",
    "first_name",
    "last_name",
    "partner_first_name",
    "partner_last_name",
    "council",
    "stage",
    "due_on",
    "clock__name",
    "assigned_to__user__first_name",
    "assigned_to__user__last_name",
    "assigned_to__user__username",
]


class OverdueCases(Sequence):
    """Open cases whose clock has run out, oldest first, read a page at a time: there may be thousands."""

    def __init__(self, households: QuerySet[Household], today: dt.date):
        self.households = households
        self.today = today

    @cached_property
    def _count(self) -> int:
        # Every overdue case has exactly one clock: the counts by clock add up to all of them.
        return sum(number for _, number in self.by_clock)

    def __len__(self) -> int:
        return self._count

    def count(self) -> int:
        return self._count

    def _cases(self, households: QuerySet[Household]) -> list[OverdueCase]:
        return [
            OverdueCase(*values, days_overdue=(self.today - values[7]).days)
            for values in households.values_list(*OVERDUE_FIELDS)
        ]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._cases(self.households[index])
        return self._cases(self.households[index : index + 1])[0]

    def __iter__(self):
        return iter(self._cases(self.households))

    @cached_property
    def by_clock(self) -> list[tuple[str, int]]:
        """How many cases each clock has overdue, most first: one grouped query, kept."""
        return list(
            self.households.order_by()
            .values("clock__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "clock__name")
            .values_list("clock__name", "n")
        )


def overdue_cases(*, user, council: str = "", today: dt.date | None = None) -> OverdueCases:
    """Open cases whose clock has run out, oldest first: everyone's for a manager, a worker's own and team's."""
    audience = audience_require(user, OVERDUE_AUDIENCES)
    today = today or timezone.localdate()
    households = (
        scoped(user, audience, council, service=None)
        .open()
        .filter(due_on__lt=today, clock__kind=Clock.Kind.TIMESCALE)
        .order_by("due_on", "pk")
    )
    return OverdueCases(households, today)


class OverdueForm(CouncilMixin, ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.audience == Audience.TEAM:
            del self.fields["council"]


class OverdueView(ReportView):
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
            rows=[[text(name), count(number)] for name, number in cases.by_clock],
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
            return charts.table_bars(
                table, "Overdue cases", chart_id="chart-overdue", title="Overdue cases by clock"
            )
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

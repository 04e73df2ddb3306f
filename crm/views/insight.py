"""Insight screens in the Wagtail admin: the menu, the shared screen, its filters and its downloads.

Each screen is a GET form over one selector (so a view can be bookmarked and shared, and works
without JavaScript). The selector decides who may see what and hides small counts for marketing
editors; the screen draws a chart beside each of its tables from the very same cells, and its CSV
and XLSX downloads write those cells too, so what is downloaded is exactly what is shown.
https://docs.wagtail.org/en/stable/extending/admin_views.html
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm import exports
from crm.reports import Audience, Report, Table, audience_for, council_choices, default_dates
from crm.services.privacy import audit_export

INSIGHT_MENU_HOOK = "register_insight_menu_item"
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)
DOWNLOADS = {"csv", "xlsx"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InsightForm(forms.Form):
    """Filters, bound to the query string. Bad input is explained beside the field and kept as typed."""

    def __init__(self, *args, audience: Audience, **kwargs):
        self.audience = audience
        super().__init__(*args, **kwargs)


class DateRangeForm(InsightForm):
    date_from = forms.DateField(
        label="Start date",
        widget=DateInput(),
        error_messages={"invalid": "Enter the start date as a real date, like 1 January 2026."},
    )
    date_to = forms.DateField(
        label="End date",
        widget=DateInput(),
        error_messages={"invalid": "Enter the end date as a real date, like 31 December 2026."},
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value and not EARLIEST <= value <= LATEST:
                self.add_error(name, f"Choose a date between {EARLIEST.year} and {LATEST.year}.")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned


class CouncilMixin(forms.Form):
    council = forms.ChoiceField(label="Council", choices=council_choices, required=False)


def period_text(date_from: dt.date, date_to: dt.date) -> str:
    return f"{date_format(date_from, 'j F Y')} to {date_format(date_to, 'j F Y')}"


class InsightView(WagtailAdminTemplateMixin, TemplateView):
    """One Insight screen: its filters, its tables with their charts, and a CSV and XLSX download per table."""

    template_name = "crm/insight/screen.html"
    header_icon = "table"
    audiences: set[Audience] = set()
    form_class: type[InsightForm] = DateRangeForm
    url_name = ""
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        self.audience = audience_for(request.user)
        if self.audience not in self.audiences:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": f"Insight: {self.get_page_title()}"}]

    def initial(self) -> dict:
        date_from, date_to = default_dates()
        return {"date_from": date_from, "date_to": date_to}

    def get_form(self) -> InsightForm:
        """Bound to the query string, with defaults for anything not given."""
        data = {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in self.initial().items()
        }
        data.update({name: value for name, value in self.request.GET.items() if name != "download"})
        form = self.form_class(data, audience=self.audience)
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}_error"}
                )
        return form

    def report(self, data: dict) -> Report:
        raise NotImplementedError

    def chart(self, table: Table, report: Report) -> SafeString | None:
        return None

    def summary(self, data: dict, report: Report) -> str:
        if "date_from" in data:
            return period_text(data["date_from"], data["date_to"])
        return ""

    def download_title(self, table: Table, data: dict) -> str:
        when = f" {data['date_from']:%Y-%m-%d} to {data['date_to']:%Y-%m-%d}" if "date_from" in data else ""
        return f"{self.get_page_title()} {table.key.replace('_', ' ')}{when}"

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        report = self.report(form.cleaned_data) if form.is_valid() else None
        download = request.GET.get("download")
        if download:
            if download not in DOWNLOADS or report is None:
                raise Http404("No such download")
            return self.download(report, request.GET.get("table", ""), download, form.cleaned_data)
        context = self.get_context_data(form=form, report=report, **kwargs)
        return self.render_to_response(context)

    def download(self, report: Report, key: str, kind: str, data: dict):
        table = report.tables.get(key)
        if table is None:
            raise Http404("No such table")
        title = self.download_title(table, data)
        audit_export(request=self.request, what=f"{title} ({kind.upper()})", rows=len(table.rows))
        if kind == "csv":
            return exports.csv_response(title=title, header=table.header, rows=table.export_rows())
        return exports.xlsx_response(
            title=title, sheets=[exports.Sheet(table.caption, table.header, table.export_rows())]
        )

    def download_links(self, form: InsightForm, key: str) -> list[dict]:
        query = {
            name: value
            for name, value in form.data.items()
            if name not in ("download", "table", "p", "problems_page")
        }
        return [
            {"label": label, "url": "?" + urlencode({**query, "download": kind, "table": key})}
            for kind, label in (("csv", "CSV"), ("xlsx", "XLSX"))
        ]

    def get_context_data(self, *, form, report, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form,
            report=report,
            intro=self.intro,
            tabs=insight_tabs(self.request.user, self.url_name),
            protected=bool(report and report.protected),
        )
        if report is not None:
            context["summary"] = self.summary(form.cleaned_data, report)
            context["sections"] = [
                {
                    "table": table,
                    "chart": self.chart(table, report),
                    "downloads": self.download_links(form, table.key),
                }
                for table in report.tables.values()
            ]
        return context


def paginate(request, items, per_page: int = 50, parameter: str = "p"):
    """One page of ``items``, with links to the pages either side that keep the rest of the query."""
    page = Paginator(items, per_page).get_page(request.GET.get(parameter))
    query = {name: value for name, value in request.GET.items() if name not in ("download", "table")}
    page.label = f"Page {page.number} of {page.paginator.num_pages}"
    page.previous_url = (
        "?" + urlencode({**query, parameter: page.previous_page_number()}) if page.has_previous() else ""
    )
    page.next_url = "?" + urlencode({**query, parameter: page.next_page_number()}) if page.has_next() else ""
    return page


# The menu and the tabs ------------------------------------------------------------------------------

# (url name, label, audiences), in menu order. Screens on the campaigns side register their own
# URL but are listed here so the tabs and the menu agree.
SCREENS: list[tuple[str, str, set[Audience], int]] = []


def screen_register(url_name: str, label: str, audiences: set[Audience], order: int) -> None:
    SCREENS.append((url_name, label, set(audiences), order))
    SCREENS.sort(key=lambda screen: screen[3])


def insight_tabs(user, current: str) -> list[dict]:
    audience = audience_for(user)
    return [
        {"label": label, "url": reverse(name), "current": name == current}
        for name, label, audiences, _ in SCREENS
        if audience in audiences
    ]


class InsightMenuItem(MenuItem):
    def __init__(self, *args, audiences: set[Audience], **kwargs):
        self.audiences = audiences
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return audience_for(request.user) in self.audiences


class InsightSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return audience_for(request.user) != Audience.NONE and super().is_shown(request)


@hooks.register("register_admin_menu_item")
def register_insight_menu():
    return InsightSubmenu(
        "Insight", Menu(register_hook_name=INSIGHT_MENU_HOOK), name="insight", icon_name="table", order=160
    )


def menu_item(url_name: str, label: str, audiences: set[Audience], order: int):
    """Register a screen's menu item and its tab in one go."""
    screen_register(url_name, label, audiences, order)

    @hooks.register(INSIGHT_MENU_HOOK)
    def register():
        return InsightMenuItem(label, reverse(url_name), icon_name="table", order=order, audiences=audiences)

    return register


def _urlpatterns():
    from crm.views import insight_return, insight_screens

    return [
        path("insight/funnel/", insight_screens.FunnelView.as_view(), name="insight_funnel"),
        path("insight/timeliness/", insight_screens.TimelinessView.as_view(), name="insight_timeliness"),
        path("insight/timeliness/overdue/", insight_screens.OverdueView.as_view(), name="insight_overdue"),
        path("insight/workload/", insight_screens.WorkloadView.as_view(), name="insight_workload"),
        path(
            "insight/quarterly-return/", insight_return.QuarterlyReturnView.as_view(), name="insight_return"
        ),
    ]


@hooks.register("register_admin_urls")
def register_insight_urls():
    return _urlpatterns()


def _register_menu() -> None:
    from crm.reports import (
        FUNNEL_AUDIENCES,
        OVERDUE_AUDIENCES,
        RETURN_AUDIENCES,
        TIMELINESS_AUDIENCES,
        WORKLOAD_AUDIENCES,
    )

    menu_item("insight_funnel", "Funnel", FUNNEL_AUDIENCES, 100)
    menu_item("insight_timeliness", "Timeliness", TIMELINESS_AUDIENCES, 200)
    menu_item("insight_overdue", "Overdue cases", OVERDUE_AUDIENCES, 250)
    menu_item("insight_workload", "Workload", WORKLOAD_AUDIENCES, 400)
    menu_item("insight_return", "Quarterly return", RETURN_AUDIENCES, 500)


_register_menu()

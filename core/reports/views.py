"""The base view of every report screen: its filters, its tables with their charts, and the downloads.

Each screen is a GET form over one builder (so a view can be bookmarked and shared, and works
without JavaScript). The builder decides who may see what and hides small counts; the screen draws
a chart beside each of its tables from the very same cells, and its CSV and XLSX downloads write
those cells too, so what is downloaded is exactly what is shown. Every download is recorded first,
through ``settings.REPORT_DOWNLOAD_AUDIT_FUNCTION`` (see ``core.reports``).
https://docs.wagtail.org/en/stable/extending/admin_views.html
"""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import exports
from core.reports import registry
from core.reports.access import Audience, audience_for
from core.reports.forms import DateRangeForm, ReportForm
from core.reports.periods import default_dates, period_text
from core.reports.tables import Report, Table

DOWNLOADS = {"csv", "xlsx"}
PROTECTED_NOTE = (
    "These are totals only. A count of fewer than 5 people reads “fewer than 5”; where a total, a "
    "difference or a percentage would give such a count away, one more figure reads “not shown”. "
    "Downloads and charts hide the same figures."
)


def download_audit(*, request, what: str, rows: int) -> None:
    """Record a download before it is written, wherever the project keeps its audit trail."""
    import_string(settings.REPORT_DOWNLOAD_AUDIT_FUNCTION)(request=request, what=what, rows=rows)


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """One report screen: its filters, its tables with their charts, and a CSV and XLSX download per table.

    A screen sets ``audiences`` (who may open it; anyone else gets a 404), ``form_class``,
    ``report()`` (the builder's answer for the cleaned filters) and ``chart()`` for each table
    that has one. ``tab_group`` names the screens it shares tabs with in ``registry``.
    """

    template_name = "reports/screen.html"
    header_icon = "table"
    audiences: set[Audience] = set()
    form_class: type[ReportForm] = DateRangeForm
    url_name = ""
    tab_group = registry.INSIGHT
    tabs_label = "Insight screens"
    submit_label = "Show figures"
    protected_note = PROTECTED_NOTE
    intro = ""

    @classmethod
    def audience_of(cls, user) -> Audience:
        return audience_for(user)

    def dispatch(self, request, *args, **kwargs):
        self.audience = self.audience_of(request.user)
        if self.audience not in self.audiences:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": f"Insight: {self.get_page_title()}"}]

    def initial(self) -> dict:
        date_from, date_to = default_dates()
        return {"date_from": date_from, "date_to": date_to}

    def get_form(self) -> ReportForm:
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
        download_audit(request=self.request, what=f"{title} ({kind.upper()})", rows=len(table.rows))
        if kind == "csv":
            return exports.csv_response(title=title, header=table.header, rows=table.export_rows())
        return exports.xlsx_response(
            title=title, sheets=[exports.Sheet(table.caption, table.header, table.export_rows())]
        )

    def download_links(self, form: ReportForm, key: str) -> list[dict]:
        query = {
            name: value
            for name, value in form.data.items()
            if name not in ("download", "table", "p", "problems_page")
        }
        return [
            {"label": label, "url": "?" + urlencode({**query, "download": kind, "table": key})}
            for kind, label in (("csv", "CSV"), ("xlsx", "XLSX"))
        ]

    def tab_query(self, form: ReportForm) -> dict:
        """What the tabs carry to the next screen: nothing, unless a screen says so."""
        return {}

    def get_context_data(self, *, form, report, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form,
            report=report,
            intro=self.intro,
            tabs=registry.tabs(self.tab_group, self.request.user, self.url_name, self.tab_query(form)),
            tabs_label=self.tabs_label,
            submit_label=self.submit_label,
            protected_note=self.protected_note,
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

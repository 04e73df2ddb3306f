"""Campaign results in the admin: credit by model, phase movement, said against tracked, and one campaign.

Aggregates only, for the marketing team and managers; anyone else gets a 404, as in the CRM.
The screens live in the "Campaigns" menu. Each is a GET form (so a result can be bookmarked and
shared) over one selector in ``campaigns.selectors``. Its figures become Insight tables
(``campaigns.views.results_tables``), so the small-number rule is Insight's own: marketing editors
see "fewer than 5" wherever Insight would say so; managers and superusers see every figure. Tables
and charts are drawn by the Insight templates and ``crm.charts``.
https://docs.wagtail.org/en/stable/extending/admin_views.html
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns import selectors
from campaigns.selectors import AttributionModel, Dimension, Outcome
from campaigns.views import results_tables
from campaigns.views.admin_setup import CAMPAIGNS_MENU_HOOK

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months: from the first of the month eleven months ago to today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return dt.date(year, month + 1, 1), today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateRangeForm(forms.Form):
    """A range of local dates, both ends included. Bad input is explained and kept as typed."""

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


class ResultsForm(DateRangeForm):
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices)
    model = forms.ChoiceField(label="Attribution model", choices=AttributionModel.choices)
    dimension = forms.ChoiceField(label="Break down by", choices=Dimension.choices)

    field_order = ["outcome", "model", "dimension", "date_from", "date_to"]


class ResultsOnlyMixin:
    """Marketing editors, managers and superusers; a 404 for everyone else (never a 403)."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.can_see_campaign_results(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class ResultsScreen(ResultsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A results screen: a GET form with defaults, its errors, and the tabs between the screens."""

    form_class = DateRangeForm
    header_icon = "table"
    tab = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaigns_results"), "label": "Campaign results"},
            {"url": "", "label": self.get_page_title()},
        ]

    def initial(self) -> dict:
        date_from, date_to = default_dates()
        return {"date_from": date_from, "date_to": date_to}

    def get_form(self):
        """Bound to the query string, with defaults for anything not given."""
        initial = self.initial()
        data = {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in initial.items()
        }
        data.update(
            {name: value for name, value in self.request.GET.items() if name in self.form_class.base_fields}
        )
        return self.form_class(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        context["form"] = form
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}_error"}
                )
        if form.is_valid():
            context.update(self.results(form.cleaned_data))
            context["period"] = period_text(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        dates = {name: form.data.get(name, "") for name in ("date_from", "date_to")}
        context["tabs"] = [
            {
                "label": label,
                "url": f"{reverse(name)}?{urlencode(dates)}",
                "current": name == self.tab,
            }
            for name, label in TABS
        ]
        return context

    def results(self, data: dict) -> dict:
        raise NotImplementedError


TABS = [
    ("campaigns_results", "Credit by model"),
    ("campaigns_results_phases", "Phase movement"),
    ("campaigns_results_heard", "Said and tracked"),
]


def period_text(date_from: dt.date, date_to: dt.date) -> str:
    return f"{date_format(date_from, 'j F Y')} to {date_format(date_to, 'j F Y')}"


class ResultsView(ResultsScreen):
    """Credited outcomes by channel, phase, campaign, council or month, under the chosen model."""

    template_name = "campaigns/reports/results.html"
    page_title = "Campaign results"
    form_class = ResultsForm
    tab = "campaigns_results"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def initial(self) -> dict:
        return {
            **super().initial(),
            "outcome": Outcome.ENQUIRY,
            "model": AttributionModel.LINEAR,
            "dimension": Dimension.CHANNEL,
        }

    def results(self, data: dict) -> dict:
        report = selectors.attribution_report(
            outcome=data["outcome"],
            model=data["model"],
            dimension=data["dimension"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        dates = urlencode(
            {"date_from": data["date_from"].isoformat(), "date_to": data["date_to"].isoformat()}
        )

        def campaign_url(row) -> str:
            if report.dimension == Dimension.CAMPAIGN and row.value is not None and row.tracked:
                return f"{reverse('campaigns_results_campaign', args=[row.value])}?{dates}"
            return ""

        outcome_label = report.outcome_label.lower()
        caption = (
            f"Credited {outcome_label} by {report.dimension_label.lower()}, {report.model_label.lower()}"
        )
        tables, groups = results_tables.credit_tables(
            report,
            caption=f"{caption}, {period_text(data['date_from'], data['date_to'])}",
            campaign_url=campaign_url,
        )
        shown = results_tables.results_protect(user=self.request.user, tables=tables, groups=groups)
        table = shown.tables["results"]
        return {
            "report": report,
            "protected": shown.protected,
            "summary": results_tables.how_many(
                table.totals[0][1], results_tables.SINGULAR[report.outcome], outcome_label
            ),
            "table": table,
            "per_outcome": report.dimension in (Dimension.COUNCIL, Dimension.MONTH),
            "chart": results_tables.credit_chart(table, title=caption) if table.rows else None,
        }


class PhaseMovementView(ResultsScreen):
    template_name = "campaigns/reports/phases.html"
    page_title = "Phase movement"
    tab = "campaigns_results_phases"

    def results(self, data: dict) -> dict:
        movement = selectors.phase_movement(date_from=data["date_from"], date_to=data["date_to"])
        period = period_text(data["date_from"], data["date_to"])
        tables, groups, summary = results_tables.movement_tables(movement, period=period)
        shown = results_tables.results_protect(user=self.request.user, tables=tables, groups=groups)
        return {
            "protected": shown.protected,
            "registered": results_tables.how_many(summary["households"], "household", "households"),
            "touched": summary["touched"].display,
            "tables": shown.tables,
            "chart": results_tables.movement_chart(tables["channels"]),
        }


class HeardAboutView(ResultsScreen):
    template_name = "campaigns/reports/heard_about.html"
    page_title = "Said and tracked"
    tab = "campaigns_results_heard"

    def results(self, data: dict) -> dict:
        cross = selectors.heard_about_vs_tracked(date_from=data["date_from"], date_to=data["date_to"])
        tables, groups = results_tables.heard_tables(
            cross, period=period_text(data["date_from"], data["date_to"])
        )
        shown = results_tables.results_protect(user=self.request.user, tables=tables, groups=groups)
        table = shown.tables["heard"]
        return {
            "protected": shown.protected,
            "summary": results_tables.how_many(table.totals[0][-1], "enquiry", "enquiries"),
            "any": bool(cross.total),
            "table": table,
        }


class CampaignResultsView(ResultsScreen):
    """One campaign's credited enquiries, registrations and approvals under every model, with its cost."""

    template_name = "campaigns/reports/campaign.html"

    @cached_property
    def campaign(self):
        return selectors.campaign_for_results(pk=self.kwargs["pk"])

    def get_page_title(self):
        return str(self.campaign)

    def initial(self) -> dict:
        """From the campaign's first day to today: outcomes often come after a campaign ends."""
        today = timezone.localdate()
        return {"date_from": self.campaign.starts_on, "date_to": max(today, self.campaign.starts_on)}

    def results(self, data: dict) -> dict:
        results = selectors.campaign_results(
            campaign=self.campaign, date_from=data["date_from"], date_to=data["date_to"]
        )
        period = period_text(data["date_from"], data["date_to"])
        tables, groups = results_tables.campaign_tables(
            results,
            caption=f"Credited outcomes and cost per outcome for {self.campaign}, by model, {period}",
        )
        shown = results_tables.results_protect(user=self.request.user, tables=tables, groups=groups)
        return {"results": results, "protected": shown.protected, "tables": shown.tables}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaign"] = self.campaign
        return context


urlpatterns = [
    path("campaigns/results/", ResultsView.as_view(), name="campaigns_results"),
    path("campaigns/results/phases/", PhaseMovementView.as_view(), name="campaigns_results_phases"),
    path("campaigns/results/said-and-tracked/", HeardAboutView.as_view(), name="campaigns_results_heard"),
    path(
        "campaigns/results/campaign/<int:pk>/",
        CampaignResultsView.as_view(),
        name="campaigns_results_campaign",
    ),
]


@hooks.register("register_admin_urls")
def register_results_urls():
    return urlpatterns


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.can_see_campaign_results(request.user)


@hooks.register(CAMPAIGNS_MENU_HOOK)
def register_results_menu_item():
    return ResultsMenuItem("Campaign results", reverse("campaigns_results"), icon_name="table", order=300)

"""Campaign results in the admin: credit by model, phase movement, said against tracked, and one campaign.

Aggregates only, for the marketing team and managers; anyone else gets a 404, as in the CRM.
The screens live in the "Campaigns" menu. Each is a GET form (so a result can be bookmarked and
shared) over one selector in ``campaigns.selectors``; the chart beside each table is drawn here as
inline SVG, with the table as its accessible equivalent.
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
from campaigns.views.admin_setup import CAMPAIGNS_MENU_HOOK

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)
COST_LABELS = {
    Outcome.ENQUIRY: "Cost per enquiry",
    Outcome.REGISTRATION: "Cost per registration",
    Outcome.APPROVAL: "Cost per approval",
}
SINGULAR = {
    Outcome.ENQUIRY: "enquiry",
    Outcome.REGISTRATION: "registration of interest",
    Outcome.APPROVAL: "approval",
}
# Chart geometry, in SVG user units.
CHART_WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, LABEL_CHARACTERS = 520, 190, 250, 30, 26


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


def percentage(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, float]], *, unit: str) -> dict:
    """Geometry for a horizontal bar chart of (label, value) pairs, drawn by the template as SVG."""
    largest = max((value for _, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        bars.append(
            {
                "label": shorten(label),
                "value": f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}",
                "y": y,
                "text_y": y + ROW_HEIGHT * 0.62,
                "bar_x": LABEL_WIDTH,
                "bar_y": y + 6,
                "bar_width": round(BAR_WIDTH * value / largest, 1),
                "bar_height": ROW_HEIGHT - 12,
                "value_x": LABEL_WIDTH + round(BAR_WIDTH * value / largest, 1) + 6,
            }
        )
    description = "; ".join(f"{label}: {bar['value']}" for (label, _), bar in zip(rows, bars, strict=True))
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "description": f"{unit}: {description}." if rows else f"No {unit.lower()} to show.",
    }


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
        total = sum(row.credit for row in report.rows)
        dates = urlencode(
            {"date_from": data["date_from"].isoformat(), "date_to": data["date_to"].isoformat()}
        )
        rows = [
            {
                "row": row,
                "share": percentage(row.credit, total),
                "url": (
                    f"{reverse('campaigns_results_campaign', args=[row.value])}?{dates}"
                    if report.dimension == Dimension.CAMPAIGN and row.value is not None and row.tracked
                    else ""
                ),
            }
            for row in report.rows
        ]
        outcome_label = report.outcome_label.lower()
        count = report.outcomes
        return {
            "report": report,
            "summary": f"{count:,} {SINGULAR[report.outcome] if count == 1 else outcome_label}",
            "rows": rows,
            "total": total,
            "has_spend": report.dimension in (Dimension.CHANNEL, Dimension.CAMPAIGN),
            "cost_label": COST_LABELS[report.outcome],
            "per_outcome": report.dimension in (Dimension.COUNCIL, Dimension.MONTH),
            "caption": f"Credited {outcome_label} by {report.dimension_label.lower()}, {report.model_label.lower()}",
            "chart": bar_chart(
                [(row.label, row.credit) for row in report.rows],
                unit=f"Credited {outcome_label} by {report.dimension_label.lower()}",
            ),
        }


class PhaseMovementView(ResultsScreen):
    template_name = "campaigns/reports/phases.html"
    page_title = "Phase movement"
    tab = "campaigns_results_phases"

    def results(self, data: dict) -> dict:
        movement = selectors.phase_movement(date_from=data["date_from"], date_to=data["date_to"])
        labels = movement.phase_labels
        return {
            "movement": movement,
            "channels": [
                {
                    "row": row,
                    "share": percentage(row.households, movement.households),
                    "phase": labels[row.phase - 1],
                }
                for row in movement.channels
            ],
            "phases": [
                {"label": label, "households": count, "share": percentage(count, movement.households)}
                for _, label, count in movement.phases
            ],
            "matrix": [
                {"label": labels[index], "counts": counts} for index, counts in enumerate(movement.matrix)
            ],
            "matrix_columns": [f"Phase {number}" for number in range(1, len(labels) + 1)],
            "chart": bar_chart(
                [(row.label, row.households) for row in movement.channels],
                unit="Households who touched each channel before registering interest",
            ),
        }


class HeardAboutView(ResultsScreen):
    template_name = "campaigns/reports/heard_about.html"
    page_title = "Said and tracked"
    tab = "campaigns_results_heard"

    def results(self, data: dict) -> dict:
        return {
            "table": selectors.heard_about_vs_tracked(date_from=data["date_from"], date_to=data["date_to"])
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
        outcomes = [
            {"value": outcome, "label": Outcome(outcome).label, "cost_label": COST_LABELS[outcome]}
            for outcome in Outcome.values
        ]
        return {
            "results": results,
            "outcomes": outcomes,
            "rows": [
                {
                    "label": row.label,
                    "cells": [(row.credits[outcome], row.costs[outcome]) for outcome in Outcome.values],
                }
                for row in results.rows
            ],
        }

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

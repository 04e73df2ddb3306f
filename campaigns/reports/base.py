"""What the Campaign results screens share: who may open them, their tabs, and the words for outcomes.

Marketing editors, managers and superusers may open them (anyone else gets a 404, never a 403);
managers and superusers see every figure, as on Insight, and everyone else totals only.
https://docs.wagtail.org/en/stable/extending/admin_views.html
"""

from django import forms
from django.urls import reverse

from campaigns import selectors
from campaigns.selectors import ChannelLevel, Outcome
from core.reports.access import Audience, audience_for
from core.reports.periods import period_text
from core.reports.tables import Report, protect
from core.reports.views import ReportView

CAMPAIGN_RESULTS = "campaign_results"
COST_LABELS = {
    Outcome.ENQUIRY: "Cost per enquiry (£)",
    Outcome.REGISTRATION: "Cost per registration (£)",
    Outcome.APPROVAL: "Cost per approval (£)",
}
SINGULAR = {
    Outcome.ENQUIRY: "enquiry",
    Outcome.REGISTRATION: "registration of interest",
    Outcome.APPROVAL: "approval",
}


def channel_level_field() -> forms.ChoiceField:
    """The level a channel screen reads at: the business case's key channels (the default), or every channel."""
    return forms.ChoiceField(
        label="Channels",
        choices=ChannelLevel.choices,
        help_text="Key channels add each finer channel (radio, Facebook...) into the key channel it sits under.",
    )


class ResultsScreen(ReportView):
    """A Campaign results screen: a GET form with defaults, its errors, and the tabs between the screens.

    ``report()`` answers with the protected tables and, in ``Report.extra``, whatever else the
    screen's template shows (its summary sentence, its chart), all drawn from the protected cells.
    """

    audiences = {Audience.EVERYONE, Audience.AGGREGATE}
    tab_group = CAMPAIGN_RESULTS
    tabs_label = "Campaign results"
    submit_label = "Show results"
    protected_note = (
        "These are totals only. A count of fewer than 5 people reads “fewer than 5”; where a total, a "
        "difference or a share would give such a count away, one more figure reads “not shown”. "
        "The charts hide the same figures."
    )

    @classmethod
    def audience_of(cls, user) -> Audience:
        if not selectors.can_see_campaign_results(user):
            return Audience.NONE
        return Audience.EVERYONE if audience_for(user) == Audience.EVERYONE else Audience.AGGREGATE

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("campaigns_results"), "label": "Campaign results"},
            {"url": "", "label": self.get_page_title()},
        ]

    def protected_report(self, tables: dict, groups: list, **extra) -> Report:
        """The tables as a report for this person, with small counts hidden unless they may see every figure."""
        report = Report(audience=self.audience, tables=tables, groups=groups, extra=extra)
        if report.protected:
            protect(tables.values(), groups)
        return report

    def summary(self, data: dict, report: Report) -> str:
        return ""

    def tab_query(self, form) -> dict:
        """The tabs keep the dates chosen, so moving between screens compares like with like."""
        return {name: form.data.get(name, "") for name in ("date_from", "date_to")}

    def get_context_data(self, *, form, report, **kwargs):
        context = super().get_context_data(form=form, report=report, **kwargs)
        if report is not None:
            context.update(report.extra)
            context["period"] = period_text(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        return context

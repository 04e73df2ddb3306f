"""One campaign's results: its credited enquiries, registrations and approvals under every model, and cost."""

from django.utils import timezone
from django.utils.functional import cached_property

from campaigns import selectors
from campaigns.reports.base import COST_LABELS, ResultsScreen
from campaigns.selectors import CampaignResults, Outcome
from core.reports.periods import period_text
from core.reports.tables import Column, Group, Kind, Table, cost, credit, money, text


def campaign_tables(results: CampaignResults, *, caption: str) -> tuple[dict, list[Group]]:
    """One campaign's credit and cost under each model; and its spend by channel, which is money, not people."""
    outcomes = list(Outcome.values)
    columns = [Column("Model", Kind.TEXT)]
    for outcome in outcomes:
        columns += [Column(Outcome(outcome).label, Kind.CREDIT), Column(COST_LABELS[outcome], Kind.MONEY)]
    rows = []
    for row in results.rows:
        cells = [text(row.label)]
        for outcome in outcomes:
            credited = credit(row.credits[outcome])
            cells += [credited, cost(credited, row.costs[outcome])]
        rows.append(cells)
    tables = {"campaign": Table(key="campaign", caption=caption, columns=columns, rows=rows)}
    if results.spend_by_channel:
        tables["spend"] = Table(
            key="spend",
            caption=f"What {results.campaign} spent on each channel",
            columns=[Column("Channel", Kind.TEXT), Column("Spend (£)", Kind.MONEY)],
            rows=[[text(name), money(spend)] for name, spend in results.spend_by_channel],
            totals=[[text("Total"), money(results.spend)]],
        )
    return tables, []


class CampaignResultsView(ResultsScreen):
    """One campaign's credited enquiries, registrations and approvals under every model, with its cost."""

    template_name = "campaigns/reports/campaign.html"
    url_name = "campaigns_results_campaign"

    @cached_property
    def campaign(self):
        return selectors.campaign_for_results(pk=self.kwargs["pk"])

    def get_page_title(self):
        return str(self.campaign)

    def initial(self) -> dict:
        """From the campaign's first day to today: outcomes often come after a campaign ends."""
        today = timezone.localdate()
        return {"date_from": self.campaign.starts_on, "date_to": max(today, self.campaign.starts_on)}

    def report(self, data):
        results = selectors.campaign_results(
            campaign=self.campaign, date_from=data["date_from"], date_to=data["date_to"]
        )
        period = period_text(data["date_from"], data["date_to"])
        tables, groups = campaign_tables(
            results,
            caption=f"Credited outcomes and cost per outcome for {self.campaign}, by model, {period}",
        )
        report = self.protected_report(tables, groups)
        report.extra.update(results=results, tables=report.tables)
        return report

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaign"] = self.campaign
        return context

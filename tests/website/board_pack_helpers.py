"""The board pack's test helpers: the hand-built history with some survey answers, and the screens' tables."""

import datetime as dt

from django.test import RequestFactory

from campaigns.reports.channels import ChannelsView
from crm.models import SurveyKind, SurveyResponse, Team
from crm.reports.family_finding import FamilyFindingView
from crm.reports.funnel import FunnelView
from crm.reports.timeliness import TimelinessView
from crm.reports.voice import VoiceView
from crm.reports.workload import WorkloadView
from crm.surveys import survey_for
from tests.crm.insight_history import history_make

# The last quarter of the financial year 2024–25: January to March 2025, the history's busiest months.
QUARTER = "2024-Q4"
QUARTER_DATES = {"date_from": "2025-01-01", "date_to": "2025-03-31"}


def history_with_answers():
    """The Insight history, and six answers to the first-contact survey from Kent in February 2025."""
    history = history_make()
    first = survey_for(SurveyKind.FIRST_CONTACT)
    for point in [5, 5, 4, 4, 3, 5]:
        SurveyResponse.objects.create(
            kind=SurveyKind.FIRST_CONTACT,
            version=1,
            month=dt.date(2025, 2, 1),
            answers=dict.fromkeys(first.keys, point),
            team=Team.objects.filter(council="kent").first(),
            council="kent",
        )
    return history


def _displayed(table) -> dict:
    return {
        "caption": table.caption,
        "header": table.header,
        "rows": [[cell.display for cell in row] for row in table.rows],
        "totals": [[cell.display for cell in row] for row in table.totals],
    }


def screen_tables(view_class, user, query: dict, *, only=None, without=()) -> list[dict]:
    """The tables a screen shows for this query string, as it displays them (its own form and builder call)."""
    request = RequestFactory().get("/", query)
    request.user = user
    view = view_class()
    view.setup(request)
    view.audience = view.audience_of(user)
    form = view.get_form()
    assert form.is_valid(), form.errors
    report = view.report(form.cleaned_data)
    return [
        _displayed(table)
        for key, table in report.tables.items()
        if (only is None or key in only) and key not in without
    ]


def screens_for(user, council: str) -> dict[str, list[dict]]:
    """Each board-pack section's tables as its Insight screens show them for the quarter and council."""
    dates = {**QUARTER_DATES, "council": council}
    channels = {**QUARTER_DATES, "model": "linear", "channels": "key", "costs_by": "quarter"}
    return {
        "funnel": screen_tables(FunnelView, user, {**dates, "cohort": "quarter"}),
        "timeliness": screen_tables(TimelinessView, user, {**dates, "service": "adopting"}),
        "family_finding": screen_tables(FamilyFindingView, user, dates),
        "channels": [
            *screen_tables(ChannelsView, user, {**channels, "dimension": "channel"}),
            *screen_tables(ChannelsView, user, {**channels, "dimension": "phase"}, only={"credit"}),
        ],
        "workload": screen_tables(WorkloadView, user, {**dates, "service": "adopting"}, without={"workers"}),
        "voice": screen_tables(VoiceView, user, dates, without={"comments"}),
    }

"""The Insight figures on a hand-built history (``tests/crm/insight_history.py``), worked out by hand.

Each expected table is what a manager sees, cell by cell, as displayed ("–" where there is nothing
to divide by). The households' journeys are in the history module's docstring.
"""

import datetime as dt

import pytest

from campaigns.models import Channel
from campaigns.reports.channels import channels_report
from campaigns.selectors import AttributionModel, Dimension, Outcome, attribution_report
from core.reports.periods import Cohort
from crm.reports import overdue as reports
from crm.reports.funnel import FunnelFilters, Split, funnel_report
from crm.reports.overdue import overdue_cases
from crm.reports.timeliness import TimelinessFilters, timeliness_report
from crm.reports.workload import WorkloadFilters, workload_report
from tests.crm.insight_history import history_make

FIRST_HALF = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 6, 30)}
YEAR = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}
STEPS = [
    "Enquiry",
    "Initial conversation",
    "Information event",
    "Registration of interest",
    "Stage one",
    "Stage two",
    "Approved",
]


@pytest.fixture
def history(db):
    return history_make()


def shown(table) -> list[list[str]]:
    return [[cell.display for cell in row] for row in [*table.rows, *table.totals]]


def test_households_reaching_each_step(history):
    report = funnel_report(user=history.manager.user, filters=FunnelFilters(**FIRST_HALF))

    # Ada and Gus approved, Eve in stage two, Cat closed in stage one, Hal at the event, Ben at the
    # initial conversation, Dev and Fay at enquiry; Hal's merged duplicate does not count.
    assert shown(report.tables["steps"]) == [
        ["Enquiry", "8", "–", "100.0"],
        ["Initial conversation", "6", "75.0", "75.0"],
        ["Information event", "5", "83.3", "62.5"],
        ["Registration of interest", "4", "80.0", "50.0"],
        ["Stage one", "4", "100.0", "50.0"],
        ["Stage two", "3", "75.0", "37.5"],
        ["Approved", "2", "66.7", "25.0"],
    ]


def test_funnel_by_monthly_cohort(history):
    report = funnel_report(user=history.manager.user, filters=FunnelFilters(**FIRST_HALF))

    table = report.tables["cohorts"]
    assert table.header == [
        "Month of first enquiry",
        *STEPS,
        "% reaching registration of interest",
        "% approved",
    ]
    assert shown(table) == [
        ["January 2025", "4", "3", "2", "2", "2", "1", "1", "50.0", "25.0"],
        ["February 2025", "3", "2", "2", "2", "2", "2", "1", "66.7", "33.3"],
        ["March 2025", "0", "0", "0", "0", "0", "0", "0", "–", "–"],
        ["April 2025", "1", "1", "1", "0", "0", "0", "0", "0.0", "0.0"],
        ["May 2025", "0", "0", "0", "0", "0", "0", "0", "–", "–"],
        ["June 2025", "0", "0", "0", "0", "0", "0", "0", "–", "–"],
        ["Total", "8", "6", "5", "4", "4", "3", "2", "50.0", "25.0"],
    ]


def test_funnel_by_quarterly_cohort_for_one_council(history):
    report = funnel_report(
        user=history.manager.user, filters=FunnelFilters(**FIRST_HALF, cohort=Cohort.QUARTER, council="kent")
    )

    assert shown(report.tables["cohorts"]) == [
        ["Jan to Mar 2025", "3", "3", "2", "2", "2", "2", "1", "66.7", "33.3"],
        ["Apr to Jun 2025", "1", "1", "1", "0", "0", "0", "0", "0.0", "0.0"],
        ["Total", "4", "4", "3", "2", "2", "2", "1", "50.0", "25.0"],
    ]


@pytest.mark.parametrize(
    ("split", "expected"),
    [
        (
            Split.COUNCIL,
            [
                ["Kent", "4", "4", "3", "2", "2", "2", "1", "50.0", "25.0"],
                ["Medway", "2", "2", "2", "2", "2", "1", "1", "100.0", "50.0"],
                ["Bexley", "1", "0", "0", "0", "0", "0", "0", "0.0", "0.0"],
                ["Elsewhere", "1", "0", "0", "0", "0", "0", "0", "0.0", "0.0"],
            ],
        ),
        (
            # Cat's Facebook visit came after her enquiry, so the radio is her first touch.
            Split.CHANNEL,
            [
                ["Online search", "2", "2", "1", "1", "1", "1", "0", "50.0", "0.0"],
                ["Radio advertising", "2", "2", "2", "2", "2", "1", "1", "100.0", "50.0"],
                ["Facebook", "1", "1", "1", "1", "1", "1", "1", "100.0", "100.0"],
                ["No tracked touch", "3", "1", "1", "0", "0", "0", "0", "0.0", "0.0"],
            ],
        ),
        (
            Split.PHASE,
            [
                ["1. Initial trigger and motivation", "2", "2", "2", "2", "2", "1", "1", "100.0", "50.0"],
                ["2. Fact-finding and research", "2", "2", "1", "1", "1", "1", "0", "50.0", "0.0"],
                ["3. Deeper engagement", "1", "1", "1", "1", "1", "1", "1", "100.0", "100.0"],
                ["No tracked touch", "3", "1", "1", "0", "0", "0", "0", "0.0", "0.0"],
            ],
        ),
        (
            Split.CAMPAIGN,
            [
                ["Winter radio (WINTER25)", "2", "2", "2", "2", "2", "1", "1", "100.0", "50.0"],
                ["No campaign", "6", "4", "3", "2", "2", "2", "1", "33.3", "16.7"],
            ],
        ),
    ],
)
def test_funnel_split(history, split, expected):
    report = funnel_report(user=history.manager.user, filters=FunnelFilters(**FIRST_HALF, split=split))

    assert shown(report.tables["split"]) == [
        *expected,
        ["Total", "8", "6", "5", "4", "4", "3", "2", "50.0", "25.0"],
    ]


def test_funnel_for_one_channel_and_for_one_campaign(history):
    radio = Channel.objects.get(slug="radio").pk
    by_channel = funnel_report(user=history.manager.user, filters=FunnelFilters(**FIRST_HALF, channel=radio))
    by_campaign = funnel_report(
        user=history.manager.user, filters=FunnelFilters(**FIRST_HALF, campaign=history.winter.pk)
    )

    for report in (by_channel, by_campaign):
        assert shown(report.tables["steps"])[0] == ["Enquiry", "2", "–", "100.0"]
        assert [cell.value for cell in report.tables["cohorts"].totals[0][1:8]] == [2, 2, 2, 2, 2, 1, 1]


def test_closed_cases_by_reason_and_step(history):
    report = funnel_report(user=history.manager.user, filters=FunnelFilters(**FIRST_HALF))

    rows = {row[0]: row[1:] for row in shown(report.tables["closures"])}
    assert rows["Lost contact"] == ["0", "1", "0", "0", "0", "0", "0", "1"]
    assert rows["Not suitable at stage one"] == ["0", "0", "0", "0", "1", "0", "0", "1"]
    assert rows["Moved out of area"] == ["1", "0", "0", "0", "0", "0", "0", "1"]
    assert rows["Total"] == ["1", "1", "0", "0", "1", "0", "0", "3"]
    others = [label for label, cells in rows.items() if label != "Total" and cells[-1] != "0"]
    assert sorted(others) == ["Lost contact", "Moved out of area", "Not suitable at stage one"]


def test_days_for_each_step(history):
    report = timeliness_report(user=history.manager.user, filters=TimelinessFilters(**YEAR))

    assert shown(report.tables["steps"]) == [
        # Ada 1, Ben 1, Cat 5, Dev 1, Eve 1, Gus 1; Hal was never called.
        ["Enquiry to first contact", "6", "1", "3"],
        # Ben 1, Gus 1, Ada 2, Eve 2, Hal 8; Cat went straight to registration of interest.
        ["Enquiry to initial conversation", "5", "2", "5.6"],
        ["Enquiry to registration of interest", "4", "27", "28"],  # Gus 8, Cat 26, Ada 28, Eve 28
        ["Registration of interest to decision", "4", "3.5", "8.2"],  # Eve 2, Ada 3, Gus 4, Cat 10
        ["ROI accepted to start of stage one", "3", "4", "4"],  # Eve 1, Ada 4, Cat 4; Gus skipped it
        ["Stage one (start to decision)", "2", "75.5", "91.1"],  # Ada 56, Eve 95
        ["Stage two (start to panel)", "2", "119.5", "119.9"],  # Ada 119, Gus 120
        ["Panel to approval", "2", "7", "7"],
        ["Enquiry to approval", "2", "181.5", "209.9"],  # Gus 146, Ada 217
    ]


def test_share_of_cases_within_each_clock(history):
    report = timeliness_report(user=history.manager.user, filters=TimelinessFilters(**YEAR))

    assert shown(report.tables["clocks"]) == [
        # Cat called on the third working day; Hal's first conversation on the sixth.
        ["First contact (2 working days)", "5", "2", "7", "71.4", "1"],
        # Cat's registration was decided on the eighth working day.
        ["Decision on registration of interest (5 working days)", "3", "1", "4", "75.0", "1"],
        # Ada moved on a day late; Eve's clock was extended to 30 June; Gus was fast-tracked.
        ["Stage one (2 calendar months)", "2", "1", "3", "66.7", "0"],
        ["Break between stages (6 calendar months)", "1", "0", "1", "100.0", "0"],
        ["Stage two (4 calendar months)", "2", "0", "2", "100.0", "1"],
        # Ada and Gus, approved in the summer of 2025 with no child linked since: approval to the first
        # link ran out two months on. Only the timescale that stops soonest runs, so the match is not counted.
        ["Approval to first link (2 calendar months)", "0", "0", "0", "–", "2"],
        ["Approval to match (3 calendar months)", "0", "0", "0", "–", "0"],
        ["Match to placement (1 calendar month)", "0", "0", "0", "–", "0"],
        ["Placement to adoption order (12 calendar months)", "0", "0", "0", "–", "0"],
    ]


def test_timeliness_for_one_council(history):
    report = timeliness_report(user=history.manager.user, filters=TimelinessFilters(**YEAR, council="medway"))

    assert shown(report.tables["steps"])[0] == ["Enquiry to first contact", "2", "3", "4.6"]  # Gus 1, Cat 5
    clocks = {row[0]: row[1:] for row in shown(report.tables["clocks"])}
    assert clocks["First contact (2 working days)"] == ["1", "1", "2", "50.0", "1"]


def test_a_worker_sees_timeliness_for_their_team_and_their_own_cases(history):
    report = timeliness_report(user=history.kent_worker.user, filters=TimelinessFilters(**YEAR))

    # Kent's Ada, Ben, Eve and Hal; Ivy (Medway, but assigned to them) enquired after these dates.
    assert shown(report.tables["steps"])[0] == ["Enquiry to first contact", "3", "1", "1"]
    assert report.notes == ["These figures cover your team's cases and the cases assigned to you."]


def names(cases) -> list[str]:
    return [case.first_name for case in cases]


def test_overdue_cases_for_each_role(history):
    # Gus's approval to the first link ran out on 8 September 2025 and Ada's on 11 October; Eve's stage
    # two on 1 January 2026; Jo's ROI decision and Ivy's first contact lately.
    assert names(overdue_cases(user=history.manager.user)) == ["Gus", "Ada", "Eve", "Jo", "Ivy"]
    assert names(overdue_cases(user=history.manager.user, council="medway")) == ["Gus", "Ivy"]
    # Ivy is Medway's, but assigned to the Kent worker.
    assert names(overdue_cases(user=history.kent_worker.user)) == ["Ada", "Eve", "Jo", "Ivy"]
    assert names(overdue_cases(user=history.medway_worker.user)) == ["Gus", "Ivy"]
    eve = overdue_cases(user=history.manager.user)[2]
    assert eve.days_overdue == (reports.timezone.localdate() - dt.date(2026, 1, 1)).days


def test_workload_by_team_and_worker(history):
    report = workload_report(user=history.manager.user, filters=WorkloadFilters(**YEAR))

    # Overdue: Eve, Jo and Ada (approval to the first link) in Kent, Ivy and Gus in Medway.
    assert shown(report.tables["teams"]) == [
        ["Bexley recruitment team", "0", "1", "0", "1", "1", "0.0"],
        ["Kent recruitment team", "3", "1", "3", "1", "4", "75.0"],
        ["Medway recruitment team", "2", "0", "2", "0", "2", "100.0"],
        ["Total", "5", "2", "5", "2", "7", "71.4"],
    ]
    assert shown(report.tables["workers"]) == [
        ["Kim Kent", "Kent recruitment team", "1", "1", "0", "1", "1", "4", "4"],
        ["Mo Medway", "Medway recruitment team", "0", "0", "0", "0", "1", "1", "1"],
        ["Mel Manager", "No team", "0", "0", "0", "0", "0", "0", "0"],
    ]
    unassigned = report.tables["unassigned"]
    assert [row[:6] for row in shown(unassigned)] == [
        ["Bexley recruitment team", "0", "0", "0", "1", "1"],
        ["Kent recruitment team", "0", "0", "0", "1", "1"],
        ["Total", "0", "0", "0", "2", "2"],
    ]
    # Dev has waited since 20 January 2025 and Hal since 7 April 2025.
    now = reports.timezone.now()
    waited = sorted(
        (now - history.households[name].first_enquiry_at).total_seconds() / 86400 for name in ("Dev", "Hal")
    )
    assert unassigned.totals[0][6].value == pytest.approx(sum(waited) / 2, abs=0.01)


def test_time_to_first_contact(history):
    report = workload_report(user=history.manager.user, filters=WorkloadFilters(**YEAR))

    assert shown(report.tables["first_contact"]) == [
        ["Bexley recruitment team", "1", "0", "0", "1", "1", "1", "100.0"],
        # Ada, Ben and Eve the next working day; Hal's first conversation on the sixth.
        ["Kent recruitment team", "3", "1", "0", "4", "1", "4.5", "75.0"],
        ["Medway recruitment team", "1", "1", "0", "2", "2", "2.8", "50.0"],
        ["No team (outside the three councils)", "0", "0", "1", "1", "–", "–", "0.0"],
        ["Total", "5", "2", "1", "8", "1", "4.2", "62.5"],
    ]


def test_a_worker_sees_workload_for_their_team_and_their_own_cases(history):
    report = workload_report(user=history.kent_worker.user, filters=WorkloadFilters(**YEAR))

    # Ivy is Medway's but theirs; nothing else of Medway's or Bexley's.
    assert shown(report.tables["teams"]) == [
        ["Kent recruitment team", "3", "1", "3", "1", "4", "75.0"],
        ["Medway recruitment team", "1", "0", "1", "0", "1", "100.0"],
        ["Total", "4", "1", "4", "1", "5", "80.0"],
    ]
    assert [row[0] for row in shown(report.tables["workers"])] == ["Kim Kent"]


def test_channels_and_months(history):
    report = channels_report(user=history.manager.user, model="linear", dimension="channel", **YEAR)

    # Enquiries: Ada and Cat after the radio advert, Ben and Eve after a search, Gus after Facebook,
    # Dev, Fay and Hal with no touch before. Approvals: Ada (radio) and Gus (Facebook). The winter
    # radio campaign spent £1,000 on radio.
    assert shown(report.tables["credit"]) == [
        ["Online search", "2.00", "0.00", "–", "–", "–"],
        ["Radio advertising", "2.00", "1.00", "1,000.00", "500.00", "1,000.00"],
        ["Facebook", "1.00", "1.00", "–", "–", "–"],
        ["No tracked touch", "3.00", "0.00", "–", "–", "–"],
        ["Total", "8.00", "2.00", "–", "–", "–"],
    ]

    # Key channels (the screen's default): the radio advert's credit and spend are Advertising's, Gus's
    # Facebook visit Social media's; equal credit sorts by name, so Advertising comes first.
    key = channels_report(user=history.manager.user, model="linear", dimension="channel", level="key", **YEAR)
    assert shown(key.tables["credit"]) == [
        ["Advertising", "2.00", "1.00", "1,000.00", "500.00", "1,000.00"],
        ["Online search", "2.00", "0.00", "–", "–", "–"],
        ["Social media", "1.00", "1.00", "–", "–", "–"],
        ["No tracked touch", "3.00", "0.00", "–", "–", "–"],
        ["Total", "8.00", "2.00", "–", "–", "–"],
    ]
    months = shown(report.tables["months"])
    assert months[:8] == [
        ["January 2025", "4", "0", "0"],
        ["February 2025", "3", "3", "0"],
        ["March 2025", "0", "1", "0"],
        ["April 2025", "1", "0", "0"],
        ["May 2025", "0", "0", "0"],
        ["June 2025", "0", "0", "0"],
        ["July 2025", "0", "0", "1"],
        ["August 2025", "0", "0", "1"],
    ]
    assert months[-1] == ["Total", "8", "4", "2"]
    # The months agree with the attribution engine's own count of each outcome.
    for column, outcome in enumerate((Outcome.ENQUIRY, Outcome.REGISTRATION, Outcome.APPROVAL), start=1):
        rows = attribution_report(
            outcome=outcome, model=AttributionModel.LINEAR, dimension=Dimension.MONTH, **YEAR
        ).rows
        assert [str(round(row.credit)) for row in rows] == [line[column] for line in months[:-1]]

"""The Families waiting and matched screen on a hand-built history (``tests/crm/family_finding_history.py``).

Each expected table is what a manager sees, cell by cell, as displayed; the families' journeys are in the
history module's docstring.
"""

import datetime as dt

from django.test import Client

import pytest

from core.reports.tables import FEWER_THAN_5, NOT_SHOWN
from crm.models import Household
from crm.reports.family_finding import FamilyFindingFilters, family_finding_report
from tests.crm.family_finding_history import TODAY, history_make
from tests.factories import UserFactory, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

YEAR = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}


@pytest.fixture
def history(crm_reference):
    return history_make()


@pytest.fixture
def manager(history):
    return staff_member("manager", role="manager", council=None).user


def shown(table) -> list[list[str]]:
    return [[cell.display for cell in row] for row in [*table.rows, *table.totals]]


def report_for(user, **filters):
    return family_finding_report(user=user, filters=FamilyFindingFilters(**{**YEAR, **filters}), today=TODAY)


@pytest.mark.django_db
def test_families_waiting_now_by_council_and_time_since_approval(manager):
    report = report_for(manager)

    assert report.tables["waiting"].header == [
        "Council",
        "Under 3 months",
        "3 to 6 months",
        "6 to 12 months",
        "Over 12 months",
        "Waiting now",
        "Waited over 3 months",
        "Of them on hold",
    ]
    # Kent: Gil (6 to 12) and Fin (over 12, on hold); Medway: Dee (3 to 6); Bexley: Eli (under 3). Amy, Bob,
    # Cas and Hal have a child linked; Ivo's case is closed.
    assert shown(report.tables["waiting"]) == [
        ["Kent", "0", "0", "1", "1", "2", "2", "1"],
        ["Medway", "0", "1", "0", "0", "1", "1", "0"],
        ["Bexley", "1", "0", "0", "0", "1", "0", "0"],
        ["Total", "1", "1", "1", "1", "4", "3", "1"],
    ]


@pytest.mark.django_db
def test_what_the_families_waiting_hope_for(manager):
    report = report_for(manager)

    assert shown(report.tables["hopes"]) == [
        ["Hopes for a child aged under 1", "1", "25.0"],  # Eli
        ["Hopes for a child aged 1 to 2", "1", "25.0"],  # Dee
        ["Hopes for a child aged 3 to 4", "1", "25.0"],  # Dee
        ["Hopes for a child aged 5 to 7", "1", "25.0"],  # Gil
        ["Hopes for a child aged 8 and over", "1", "25.0"],  # Gil
        ["Open to brothers and sisters (yes or maybe)", "2", "50.0"],  # Dee yes, Gil maybe
        ["Open to a disability or extra needs (yes or maybe)", "1", "25.0"],  # Dee maybe
        ["Open to early permanence", "1", "25.0"],  # Dee
        ["No ages recorded yet", "1", "25.0"],  # Fin has no profile
    ]


@pytest.mark.django_db
def test_the_scorecards_measure_counts_the_families_matched_in_the_dates(manager):
    report = report_for(manager)

    # Amy (69 days) and Hal (88) within 3 months; Bob (141) and Cas (159, her first link never matched) over.
    assert shown(report.tables["scorecard"]) == [
        ["Kent", "2", "1", "50.0"],
        ["Medway", "1", "1", "100.0"],
        ["Bexley", "1", "0", "0.0"],
        ["Total", "4", "2", "50.0"],
    ]
    # Only those matched in the dates: the first half of the year has Amy, Bob and Hal, not Cas.
    first_half = report_for(manager, date_to=dt.date(2025, 6, 30))
    assert shown(first_half.tables["scorecard"])[-1] == ["Total", "3", "1", "33.3"]


@pytest.mark.django_db
def test_days_from_approval_to_match(manager):
    report = report_for(manager)

    assert shown(report.tables["approval_to_match"]) == [
        ["Kent", "2", "105", "133.8"],  # Amy 69, Bob 141
        ["Medway", "1", "159", "159"],
        ["Bexley", "1", "88", "88"],
        ["All families", "4", "114.5", "153.6"],  # 69, 88, 141, 159
    ]


@pytest.mark.django_db
def test_matches_placements_and_orders_by_quarter(manager):
    report = report_for(manager)

    assert shown(report.tables["quarters"]) == [
        ["Jan to Mar 2025", "1", "0", "0"],  # Amy matched
        ["Apr to Jun 2025", "2", "3", "0"],  # Bob and Hal matched; Amy, Bob and Hal placed
        ["Jul to Sep 2025", "1", "0", "0"],  # Cas matched
        ["Oct to Dec 2025", "0", "0", "1"],  # Amy's adoption order
        ["Total", "4", "3", "1"],
    ]


@pytest.mark.django_db
def test_one_council(manager):
    report = report_for(manager, council="medway")

    assert shown(report.tables["waiting"])[-1] == ["Total", "0", "1", "0", "0", "1", "1", "0"]
    assert shown(report.tables["scorecard"])[-1] == ["Total", "1", "1", "100.0"]


@pytest.mark.django_db
def test_a_worker_sees_their_teams_families_only(history):
    worker = Household.objects.get(first_name="Amy").team.members.first().user

    report = report_for(worker)

    # Kent's Amy, Bob, Fin and Gil.
    assert shown(report.tables["waiting"])[-1] == ["Total", "0", "0", "1", "1", "2", "2", "1"]
    assert shown(report.tables["scorecard"])[-1] == ["Total", "2", "1", "50.0"]
    assert report.notes == ["These figures cover your team's cases and the cases assigned to you."]


@pytest.mark.django_db
def test_marketing_sees_totals_with_small_numbers_hidden(history):
    editor = UserFactory(username="editor")
    editor.groups.add(roles_sync()[MARKETING_EDITORS])

    report = report_for(editor)

    assert all(cell == FEWER_THAN_5 for cell in shown(report.tables["waiting"])[-1][1:])
    assert shown(report.tables["scorecard"])[-1] == ["Total", FEWER_THAN_5, FEWER_THAN_5, NOT_SHOWN]
    assert shown(report.tables["approval_to_match"])[-1] == [
        "All families",
        FEWER_THAN_5,
        NOT_SHOWN,
        NOT_SHOWN,
    ]


@pytest.mark.django_db
def test_the_report_reads_a_fixed_number_of_queries(manager, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        report_for(manager)


@pytest.mark.django_db
def test_the_screen_shows_every_table_with_a_chart_and_downloads(manager, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.force_login(manager)

    response = client.get(
        "/admin/insight/families-waiting/", {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    for chart in (
        "chart-waiting",
        "chart-hopes",
        "chart-scorecard",
        "chart-approval-to-match",
        "chart-quarters",
    ):
        assert f'id="{chart}-title"' in html
    assert "The scorecard&#x27;s measure" in html or "The scorecard's measure" in html
    download = client.get(
        "/admin/insight/families-waiting/",
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "download": "csv", "table": "scorecard"},
    )
    assert download.status_code == 200
    assert "Families matched" in b"".join(download.streaming_content).decode("utf-8-sig")

"""The Peers and mentors screen on a history built by hand, every figure worked out below.

Kent: volunteers Ann (approved, either), Ben (approved, buddy) and Cy (offered, mentor); requests Rae (matched
with Ann as a mentor), Sol (matched with Ben as a buddy) and Tam (waiting 10 days).
Medway: volunteers Dee (approved, mentor) and Eve (declined, buddy); requests Uma (waiting 40 days) and Vin
(matched with Dee as a mentor today, then ended by Vin).
"""

import datetime as dt

from django.test import Client
from django.utils import timezone

import pytest

from core.reports.tables import FEWER_THAN_5, NOT_SHOWN
from crm.models import PeerRequest, PeerSource, Stage
from crm.reports.peers import PeersFilters, peers_report
from crm.services.peers import (
    peer_match_create,
    peer_match_end,
    peer_request_create,
    peer_volunteer_approve,
    peer_volunteer_decline,
    peer_volunteer_offer,
)
from tests.crm.peers_helpers import household_at
from tests.factories import UserFactory, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

KENT, MEDWAY = "ME14 1XX", "ME4 4AA"


def volunteer(name: str, postcode: str, role: str, *, approve: bool = True):
    household = household_at(Stage.APPROVED, email=f"{name}@example.com", first_name=name, postcode=postcode)
    offer = peer_volunteer_offer(
        household=household, profile={"role": role, "share_consent": True}, source=PeerSource.WORKER
    )
    if not approve:
        return offer
    today = timezone.localdate()
    return peer_volunteer_approve(volunteer=offer, training_on=today, dbs_checked_on=today, by=None)


def request(name: str, postcode: str, role: str, *, days_ago: int = 0):
    household = household_at(Stage.STAGE_ONE, email=f"{name}@example.com", first_name=name, postcode=postcode)
    made = peer_request_create(
        household=household, profile={"role": role, "share_consent": True}, source="worker"
    )
    PeerRequest.objects.filter(pk=made.pk).update(requested_at=timezone.now() - dt.timedelta(days=days_ago))
    made.refresh_from_db()
    return made


@pytest.fixture
def history(crm_reference):
    staff_member("kent.worker", council="kent")
    staff_member("medway.worker", council="medway")
    ann, ben = volunteer("ann", KENT, "either"), volunteer("ben", KENT, "buddy")
    volunteer("cy", KENT, "mentor", approve=False)
    dee = volunteer("dee", MEDWAY, "mentor")
    peer_volunteer_decline(
        volunteer=volunteer("eve", MEDWAY, "buddy", approve=False), reason="Not now", by=None
    )
    peer_match_create(request=request("rae", KENT, "mentor"), volunteer=ann, role="mentor", by=None)
    peer_match_create(request=request("sol", KENT, "buddy"), volunteer=ben, role="buddy", by=None)
    request("tam", KENT, "either", days_ago=10)
    request("uma", MEDWAY, "buddy", days_ago=40)
    vin = peer_match_create(request=request("vin", MEDWAY, "mentor"), volunteer=dee, role="mentor", by=None)
    peer_match_end(match=vin, ended_by="requester", reason="not_a_good_fit")


@pytest.fixture
def manager(history):
    return staff_member("manager", role="manager", council=None).user


def shown(table) -> list[list[str]]:
    return [[cell.display for cell in row] for row in [*table.rows, *table.totals]]


def report_for(user, **filters):
    today = timezone.localdate()
    dates = {"date_from": today - dt.timedelta(days=30), "date_to": today}
    return peers_report(user=user, filters=PeersFilters(**{**dates, **filters}))


@pytest.mark.django_db
def test_matches_running_now_by_council_and_role(manager):
    table = report_for(manager).tables["active"]

    assert table.header == ["Council", "Mentor", "Buddy", "All matches"]
    assert shown(table) == [
        ["Kent", "1", "1", "2"],
        ["Medway", "0", "0", "0"],  # Vin's match ended
        ["Bexley", "0", "0", "0"],
        ["Total", "1", "1", "2"],
    ]


@pytest.mark.django_db
def test_people_waiting_for_a_peer_and_how_long(manager):
    table = report_for(manager).tables["waiting"]

    assert shown(table) == [
        ["Kent", "1", "0", "0", "1", "10"],  # Tam, 10 days
        ["Medway", "0", "1", "0", "1", "40"],  # Uma, 40 days; Vin ended his match, so is not waiting
        ["Bexley", "0", "0", "0", "0", "–"],
        ["Total", "1", "1", "0", "2", "25"],
    ]


@pytest.mark.django_db
def test_volunteers_by_status_and_what_they_offer(manager):
    table = report_for(manager).tables["volunteers"]

    assert table.header == ["Status", "Offers a mentor", "Offers a buddy", "Offers either", "All volunteers"]
    assert shown(table) == [
        ["Offered: to be checked", "1", "0", "0", "1"],  # Cy
        ["Approved", "1", "1", "1", "3"],  # Dee, Ben, Ann
        ["Declined", "0", "1", "0", "1"],  # Eve
        ["Stood down", "0", "0", "0", "0"],
        ["Total", "2", "2", "1", "5"],
    ]


@pytest.mark.django_db
def test_matches_started_and_ended_in_the_dates(manager):
    assert shown(report_for(manager).tables["started"]) == [
        ["Mentor", "2", "1"],  # Rae and Vin started; Vin's ended
        ["Buddy", "1", "0"],
        ["Total", "3", "1"],
    ]
    long_ago = report_for(manager, date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31))
    assert shown(long_ago.tables["started"])[-1] == ["Total", "0", "0"]


@pytest.mark.django_db
def test_a_worker_counts_their_own_team_only(history):
    medway = staff_member("medway.worker2", council="medway").user

    report = report_for(medway)

    assert shown(report.tables["active"])[-1] == ["Total", "0", "0", "0"]
    assert shown(report.tables["waiting"])[-1][:5] == ["Total", "0", "1", "0", "1"]
    assert shown(report.tables["volunteers"])[-1] == ["Total", "1", "1", "0", "2"]  # Dee and Eve
    assert report.notes == ["These figures cover your team's cases and the cases assigned to you."]


@pytest.mark.django_db
def test_marketing_sees_totals_with_small_numbers_hidden(history):
    editor = UserFactory(username="editor")
    editor.groups.add(roles_sync()[MARKETING_EDITORS])

    report = report_for(editor)

    assert shown(report.tables["active"])[-1] == ["Total", FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5]
    assert shown(report.tables["waiting"])[-1][-2:] == [FEWER_THAN_5, NOT_SHOWN]
    assert shown(report.tables["volunteers"])[-1][-1] == "5"  # five volunteers may be shown
    assert FEWER_THAN_5 in shown(report.tables["volunteers"])[-1]


@pytest.mark.django_db
def test_the_screen_shows_the_tables_charts_and_downloads(manager, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.force_login(manager)

    page = client.get("/admin/insight/peers/")
    download = client.get("/admin/insight/peers/", {"download": "csv", "table": "waiting"})

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="chart-peers-active-title"' in html and 'id="chart-peers-waiting-title"' in html
    assert download.status_code == 200
    assert "Median days waiting" in b"".join(download.streaming_content).decode("utf-8-sig")

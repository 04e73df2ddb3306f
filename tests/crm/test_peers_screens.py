"""Peer connection on the screens: who sees what on the matching screen and the volunteers list, the
ranking, the worker's actions and their refusals, the applicant's peer page, the public form through the
front door, and the matching screen's queries (the same for 3 waiting as for 20)."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from crm.models import Enquiry, EnquiryType, Household, PeerMatch, PeerRequest, PeerVolunteer, Stage
from crm.selectors.peers import match_score, peer_matching_board
from tests.crm.applicant_helpers import sign_in_as
from tests.crm.peers_helpers import approved_volunteer, household_at, waiting_request
from tests.factories import family_finding_team, staff_member


@pytest.fixture
def people(crm_reference):
    return {
        "kent": staff_member("kent.worker", council="kent"),
        "medway": staff_member("medway.worker", council="medway"),
        "finder": staff_member("family.finder", council=None, team=family_finding_team()),
        "manager": staff_member("manager", role="manager", council=None),
    }


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


def _surname(record, name: str):
    Household.objects.filter(pk=record.household_id).update(last_name=name)


@pytest.mark.django_db
def test_volunteers_are_ranked_by_what_they_share_then_by_load(people):
    request = waiting_request("r@example.com", role="buddy", single_adopter=True, sibling_group=True)
    both = approved_volunteer("both@example.com", single_adopter=True, sibling_group=True)
    one = approved_volunteer("one@example.com", single_adopter=True)
    mentor_only = approved_volunteer(
        "mentor@example.com", role="mentor", single_adopter=True, sibling_group=True
    )

    board = peer_matching_board(people["manager"].user)

    assert [entry.request.pk for entry in board] == [request.pk]
    ranked = [candidate.volunteer.pk for candidate in board[0].candidates]
    assert ranked == [both.pk, one.pk]  # the mentor-only volunteer offers no role they want
    assert mentor_only.pk not in ranked
    score, shared = match_score(request, both)
    assert score == 4 and shared == ["Single adopter", "Sibling group", "Same area (Kent)", "Role"]


@pytest.mark.django_db
def test_a_volunteer_with_no_room_is_left_off_the_board(people):
    volunteer = approved_volunteer("v@example.com")
    PeerVolunteer.objects.filter(pk=volunteer.pk).update(capacity=1)
    from crm.services.peers import peer_match_create

    peer_match_create(request=waiting_request("r1@example.com"), volunteer=volunteer, role="buddy", by=None)
    waiting_request("r2@example.com")

    board = peer_matching_board(people["manager"].user)

    assert [len(entry.candidates) for entry in board] == [0]


@pytest.mark.django_db
def test_workers_see_other_councils_volunteers_profiles_but_not_their_names(people):
    kent_request = waiting_request("r@example.com")
    _surname(kent_request, "Askerzq")
    medway_volunteer = approved_volunteer("mv@example.com", first_name="Morgan")
    Household.objects.filter(pk=medway_volunteer.household_id).update(
        council="medway", team=people["medway"].team, assigned_to=None, last_name="Medwayzq"
    )
    PeerVolunteer.objects.filter(pk=medway_volunteer.pk).update(council="medway")
    medway_request = waiting_request("mr@example.com")
    Household.objects.filter(pk=medway_request.household_id).update(
        council="medway", team=people["medway"].team, assigned_to=None
    )

    kent_page = client_for(people["kent"]).get("/admin/crm/peers/").content.decode()
    volunteers_page = client_for(people["kent"]).get("/admin/crm/peers/volunteers/").content.decode()
    medway = client_for(people["medway"])

    assert "Askerzq" in kent_page and f"PV-{medway_volunteer.pk:05d}" in kent_page
    assert "Medwayzq" not in kent_page and "mv@example.com" not in kent_page
    assert f"PV-{medway_volunteer.pk:05d}" in volunteers_page and "Medwayzq" not in volunteers_page
    assert "Askerzq" not in medway.get("/admin/crm/peers/").content.decode()
    assert (
        client_for(people["kent"]).get(f"/admin/crm/peers/volunteers/{medway_volunteer.pk}/").status_code
        == 404
    )
    assert (
        client_for(people["kent"])
        .post(
            f"/admin/crm/peers/requests/{medway_request.pk}/match/",
            {"volunteer": medway_volunteer.pk, "role": "buddy"},
        )
        .status_code
        == 404
    )
    assert not PeerMatch.objects.exists()


@pytest.mark.django_db
def test_offers_still_to_be_checked_show_only_to_their_households_workers(people):
    from crm.models import PeerSource
    from crm.services.peers import peer_volunteer_offer

    offer = peer_volunteer_offer(
        household=household_at(Stage.APPROVED, email="o@example.com"),
        profile={"role": "buddy", "share_consent": True},
        source=PeerSource.APPLICANT,
    )

    kent = client_for(people["kent"]).get("/admin/crm/peers/volunteers/").content.decode()
    finder = client_for(people["finder"]).get("/admin/crm/peers/volunteers/").content.decode()

    assert f"PV-{offer.pk:05d}" in kent and f"PV-{offer.pk:05d}" not in finder


@pytest.mark.django_db
def test_a_worker_approves_a_volunteer_and_is_told_clearly_when_a_date_is_missing(people):
    from crm.models import PeerSource
    from crm.services.peers import peer_volunteer_offer

    offer = peer_volunteer_offer(
        household=household_at(Stage.APPROVED, email="o@example.com"),
        profile={"role": "buddy", "share_consent": True},
        source=PeerSource.APPLICANT,
    )
    client = client_for(people["kent"])
    url = f"/admin/crm/peers/volunteers/{offer.pk}/approve/"

    refused = client.post(url, {"approve-training_on": "2026-11-01", "approve-capacity": "2"})
    approved = client.post(
        url,
        {
            "approve-training_on": "2026-11-01",
            "approve-dbs_checked_on": "2026-10-01",
            "approve-capacity": "3",
        },
    )

    assert refused.status_code == 400
    assert "Record the date of their DBS check before approving" in refused.content.decode()
    assert 'value="2026-11-01"' in refused.content.decode()  # what was typed is kept
    assert approved.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.dbs_checked_on, offer.capacity) == ("approved", dt.date(2026, 10, 1), 3)


@pytest.mark.django_db
def test_a_worker_matches_from_the_board_logs_a_contact_and_ends_the_match(people):
    request = waiting_request("r@example.com")
    volunteer = approved_volunteer("v@example.com")
    client = client_for(people["kent"])

    matched = client.post(
        f"/admin/crm/peers/requests/{request.pk}/match/", {"volunteer": volunteer.pk, "role": "buddy"}
    )
    match = PeerMatch.objects.get()
    logged = client.post(
        f"/admin/crm/peers/matches/{match.pk}/contact/",
        {
            "contact-on": timezone.localdate().isoformat(),
            "contact-kind": "phone",
            "contact-note": "Met for coffee",
        },
    )
    page = client.get(f"/admin/crm/peers/matches/{match.pk}/").content.decode()
    ended = client.post(
        f"/admin/crm/peers/matches/{match.pk}/end/",
        {"end-ended_by": "worker", "end-reason": "ran_its_course"},
    )

    assert matched.status_code == 302 and matched["Location"].endswith(f"/peers/matches/{match.pk}/")
    assert logged.status_code == 302 and "Met for coffee" in page
    assert ended.status_code == 302
    match.refresh_from_db()
    assert match.end_reason == "ran_its_course"


@pytest.mark.django_db
def test_a_worker_records_a_request_on_the_household_page_and_a_refusal_keeps_the_form(people):
    household = household_at(Stage.STAGE_TWO, email="s2@example.com")
    enquirer = household_at(Stage.INITIAL_CONVERSATION, email="new@example.com")
    client = client_for(people["kent"])

    page = client.get(f"/admin/crm/households/{household.pk}/").content.decode()
    done = client.post(
        f"/admin/crm/households/{household.pk}/peers/request/",
        {"request-role": "mentor", "request-council": "kent", "request-share_consent": "on"},
    )
    refused = client.post(
        f"/admin/crm/households/{enquirer.pk}/peers/request/",
        {
            "request-role": "mentor",
            "request-council": "kent",
            "request-share_consent": "on",
            "request-note": "kept",
        },
    )

    assert f"/admin/crm/households/{household.pk}/peers/" in page
    assert done.status_code == 302 and PeerRequest.objects.get().household_id == household.pk
    assert refused.status_code == 400 and "people in assessment" in refused.content.decode()
    assert "kept" in refused.content.decode()


def _board_queries(client, waiting: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/crm/peers/")
    assert response.status_code == 200
    assert response.content.decode().count("Match<span") == waiting * 4
    return len(queries)


@pytest.mark.django_db
def test_the_matching_screen_asks_the_same_queries_for_3_as_for_20_waiting(people):
    for number in range(4):
        approved_volunteer(f"v{number}@example.com")
    for number in range(3):
        waiting_request(f"r{number}@example.com")
    client = client_for(people["kent"])
    client.get("/admin/crm/peers/")  # warm caches (the session, Wagtail's settings)

    for_3 = _board_queries(client, 3)
    for number in range(3, 20):
        waiting_request(f"r{number}@example.com")
    for_20 = _board_queries(client, 20)

    assert for_3 == for_20


# The applicant's own page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_approved_applicant_volunteers_from_their_own_page(people):
    household = household_at(Stage.APPROVED, email="me@example.com")
    client = Client()
    sign_in_as(client, household)

    journey = client.get("/your-adoption/").content.decode()
    missing = client.post("/your-adoption/peers/volunteer/", {"volunteer-role": "mentor"})
    sent = client.post(
        "/your-adoption/peers/volunteer/",
        {"volunteer-role": "mentor", "volunteer-share_consent": "on", "volunteer-about": "Ask me anything"},
    )

    assert "/your-adoption/peers/" in journey and "support someone starting out" in journey
    assert missing.status_code == 400 and "Tick the box to agree to share" in missing.content.decode()
    assert sent.status_code == 302
    assert PeerVolunteer.objects.get().about == "Ask me anything"
    assert "You offered to volunteer" in client.get("/your-adoption/peers/").content.decode()


@pytest.mark.django_db
def test_someone_in_assessment_asks_sees_their_peers_first_name_and_ends_the_match(people):
    household = household_at(Stage.STAGE_ONE, email="me@example.com")
    client = Client()
    sign_in_as(client, household)
    volunteer = approved_volunteer("v@example.com", first_name="Valentina")
    Household.objects.filter(pk=volunteer.household_id).update(last_name="Privatezq")

    asked = client.post("/your-adoption/peers/ask/", {"request-role": "buddy", "request-share_consent": "on"})
    request = PeerRequest.objects.get(household=household)
    from crm.services.peers import peer_match_create

    match = peer_match_create(request=request, volunteer=volunteer, role="buddy", by=None)
    page = client.get("/your-adoption/peers/").content.decode()
    ended = client.post(
        "/your-adoption/peers/end/", {"match": match.pk, f"end-{match.pk}-reason": "not_a_good_fit"}
    )

    assert asked.status_code == 302
    assert "Valentina" in page and "Privatezq" not in page and "v@example.com" not in page
    assert ended.status_code == 302
    match.refresh_from_db()
    assert (match.ended_by, match.end_reason) == ("requester", "not_a_good_fit")


@pytest.mark.django_db
def test_the_volunteer_ends_a_match_from_their_own_page(people):
    volunteer = approved_volunteer("v@example.com")
    match = __import__("crm.services.peers", fromlist=["x"]).peer_match_create(
        request=waiting_request("r@example.com", first_name="Robin"),
        volunteer=volunteer,
        role="buddy",
        by=None,
    )
    client = Client()
    sign_in_as(client, volunteer.household)

    page = client.get("/your-adoption/peers/").content.decode()
    client.post("/your-adoption/peers/end/", {"match": match.pk, f"end-{match.pk}-reason": "no_time"})

    match.refresh_from_db()
    assert "You are a peer buddy to <strong>Robin</strong>" in page
    assert match.ended_by == "volunteer" and match.request.status == "waiting"


# The public form, through the front door ------------------------------------------------------------------


def public_data(**fields) -> dict:
    from core.spam import form_token

    return {
        "first_name": "Pat",
        "last_name": "Adopter",
        "email": "pat@example.com",
        "postcode": "ME14 1XX",
        "role": "buddy",
        "contact_consent": "on",
        "share_consent": "on",
        "form_token": form_token(),
        **fields,
    }


@pytest.mark.django_db
def test_the_public_form_joins_the_adopters_existing_record(people, monkeypatch):
    monkeypatch.setattr("core.spam.MIN_FILL_SECONDS", 0)
    adopter = household_at(Stage.APPROVED, email="pat@example.com")

    page = Client().get("/peers/volunteer/")
    response = Client().post("/peers/volunteer/", public_data(single_adopter="on"))

    assert page.status_code == 200 and page["Cache-Control"].startswith("private")
    assert response.status_code == 200 and "Thank you, Pat" in response.content.decode()
    volunteer = PeerVolunteer.objects.get()
    assert volunteer.household_id == adopter.pk and volunteer.source == "website" and volunteer.single_adopter
    enquiry = Enquiry.objects.filter(household=adopter).latest("received_at")
    assert "Offered to volunteer as a peer (a buddy)" in enquiry.message
    assert Household.objects.count() == 1


@pytest.mark.django_db
def test_someone_we_do_not_know_opens_an_other_request_not_a_recruitment_enquiry(people, monkeypatch):
    monkeypatch.setattr("core.spam.MIN_FILL_SECONDS", 0)

    Client().post("/peers/volunteer/", public_data(email="new@example.com"))

    household = Household.objects.get()
    assert household.service == EnquiryType.OTHER
    assert PeerVolunteer.objects.get().household_id == household.pk


@pytest.mark.django_db
def test_a_suspect_offer_is_held_in_quarantine_and_a_bad_form_keeps_what_was_typed(people):
    held = Client().post("/peers/volunteer/", public_data(website="http://spam.example"))
    bad = Client().post("/peers/volunteer/", public_data(postcode="nowhere", share_consent=""))

    assert held.status_code == 200
    assert Enquiry.objects.get().status == Enquiry.Status.QUARANTINED and not PeerVolunteer.objects.exists()
    body = bad.content.decode()
    assert (
        bad.status_code == 400
        and "Enter a full UK postcode" in body
        and "Tick the box to agree to share" in body
    )
    assert 'value="Pat"' in body

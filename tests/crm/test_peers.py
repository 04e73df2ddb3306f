"""Peer connection's services: volunteering, checks and approval, requests, matches, contacts and endings,
with every refusal, the introduction emails, the timeline and audit entries, and the touch a match records."""

import datetime as dt

from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from campaigns.models import Touchpoint
from campaigns.services import touchpoints_reconcile
from crm.models import (
    AuditEvent,
    Household,
    PeerMatch,
    PeerRequest,
    PeerSource,
    PeerVolunteer,
    SideEffect,
    Stage,
    TimelineEntry,
)
from crm.services.peers import (
    PeerError,
    peer_contact_log,
    peer_match_create,
    peer_match_end,
    peer_request_close,
    peer_request_create,
    peer_volunteer_approve,
    peer_volunteer_decline,
    peer_volunteer_offer,
    peer_volunteer_stand_down,
)
from tests.crm.peers_helpers import approved_volunteer, household_at, profile, waiting_request
from tests.factories import staff_member

TODAY = timezone.localdate


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent").user


# Volunteering ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_approved_adopter_volunteers_from_their_own_page_and_twice_is_one_offer(crm_reference):
    household = household_at(Stage.APPROVED, email="vol@example.com")

    first = peer_volunteer_offer(
        household=household, profile=profile(role="mentor"), source=PeerSource.APPLICANT
    )
    again = peer_volunteer_offer(
        household=household, profile=profile(role="buddy"), source=PeerSource.APPLICANT
    )

    assert first.pk == again.pk and again.role == "mentor"
    assert first.status == PeerVolunteer.Status.OFFERED and first.council == household.council
    assert (
        household.timeline.filter(
            kind=TimelineEntry.Kind.PEERS, summary__startswith="Offered to volunteer"
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(object_type="peervolunteer", object_id=first.pk).exists()


@pytest.mark.django_db
def test_someone_in_assessment_cannot_volunteer_from_their_own_page(crm_reference):
    household = household_at(Stage.STAGE_ONE, email="early@example.com")

    with pytest.raises(PeerError, match="once you have been approved"):
        peer_volunteer_offer(household=household, profile=profile(), source=PeerSource.APPLICANT)
    assert not PeerVolunteer.objects.exists()


@pytest.mark.django_db
def test_a_worker_may_record_an_experienced_adopter_at_any_stage(worker):
    household = household_at(Stage.INITIAL_CONVERSATION, email="experienced@example.com")

    volunteer = peer_volunteer_offer(
        household=household, profile=profile(), source=PeerSource.WORKER, by=worker
    )

    assert volunteer.source == PeerSource.WORKER


@pytest.mark.django_db
def test_volunteering_without_agreeing_to_share_is_refused(crm_reference):
    household = household_at(Stage.APPROVED, email="vol@example.com")

    with pytest.raises(PeerError, match="first name and email address"):
        peer_volunteer_offer(
            household=household, profile=profile(share_consent=False), source=PeerSource.APPLICANT
        )


@pytest.mark.django_db
def test_approval_is_refused_without_both_the_training_and_the_dbs_dates(worker):
    household = household_at(Stage.APPROVED, email="vol@example.com")
    volunteer = peer_volunteer_offer(household=household, profile=profile(), source=PeerSource.APPLICANT)

    with pytest.raises(PeerError, match="date of their DBS check before approving"):
        peer_volunteer_approve(volunteer=volunteer, training_on=TODAY(), dbs_checked_on=None, by=worker)
    with pytest.raises(PeerError, match="their peer-support training and the date of their DBS check"):
        peer_volunteer_approve(volunteer=volunteer, training_on=None, dbs_checked_on=None, by=worker)
    with pytest.raises(PeerError, match="cannot be in the future"):
        peer_volunteer_approve(
            volunteer=volunteer, training_on=TODAY() + dt.timedelta(days=1), dbs_checked_on=TODAY(), by=worker
        )
    volunteer.refresh_from_db()
    assert volunteer.status == PeerVolunteer.Status.OFFERED


@pytest.mark.django_db
def test_the_database_refuses_an_approved_volunteer_without_checks(crm_reference):
    household = household_at(Stage.APPROVED, email="vol@example.com")
    volunteer = peer_volunteer_offer(household=household, profile=profile(), source=PeerSource.APPLICANT)

    with pytest.raises(IntegrityError), transaction.atomic():
        PeerVolunteer.objects.filter(pk=volunteer.pk).update(status=PeerVolunteer.Status.APPROVED)


@pytest.mark.django_db
def test_approval_records_the_dates_and_twice_changes_nothing(worker):
    household = household_at(Stage.APPROVED, email="vol@example.com")
    volunteer = peer_volunteer_offer(household=household, profile=profile(), source=PeerSource.APPLICANT)
    training, dbs = TODAY() - dt.timedelta(days=3), TODAY() - dt.timedelta(days=9)

    approved = peer_volunteer_approve(
        volunteer=volunteer, training_on=training, dbs_checked_on=dbs, by=worker
    )
    peer_volunteer_approve(volunteer=volunteer, training_on=training, dbs_checked_on=dbs, by=worker)

    assert (approved.status, approved.training_on, approved.dbs_checked_on) == ("approved", training, dbs)
    assert approved.decided_by == worker
    assert household.timeline.filter(summary__startswith="Approved as a peer volunteer").count() == 1


@pytest.mark.django_db
def test_decline_and_stand_down_need_a_reason_and_the_right_status(worker):
    offered = peer_volunteer_offer(
        household=household_at(Stage.APPROVED, email="a@example.com"),
        profile=profile(),
        source=PeerSource.APPLICANT,
    )
    approved = approved_volunteer("b@example.com")

    with pytest.raises(PeerError, match="Give a reason"):
        peer_volunteer_decline(volunteer=offered, reason="  ", by=worker)
    with pytest.raises(PeerError, match="stand them down"):
        peer_volunteer_decline(volunteer=approved, reason="No", by=worker)
    with pytest.raises(PeerError, match="decline it"):
        peer_volunteer_stand_down(volunteer=offered, reason="No", by=worker)
    declined = peer_volunteer_decline(volunteer=offered, reason="Not the right time", by=worker)
    stood = peer_volunteer_stand_down(volunteer=approved, reason="Moving away", by=worker)

    assert (declined.status, stood.status) == ("declined", "stood_down")
    with pytest.raises(PeerError, match="record a new offer"):
        peer_volunteer_approve(volunteer=declined, training_on=TODAY(), dbs_checked_on=TODAY(), by=worker)


@pytest.mark.django_db
def test_standing_down_is_refused_while_they_still_support_someone(worker):
    volunteer = approved_volunteer("v@example.com")
    request = waiting_request("r@example.com")
    peer_match_create(request=request, volunteer=volunteer, role="buddy", by=worker)

    with pytest.raises(PeerError, match="still support 1 person: end those matches first"):
        peer_volunteer_stand_down(volunteer=volunteer, reason="Busy", by=worker)


# Requests -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.STAGE_ONE, Stage.STAGE_TWO, Stage.PANEL])
@pytest.mark.django_db
def test_people_in_assessment_ask_for_a_peer_and_twice_is_one_request(crm_reference, stage):
    household = household_at(stage, email="ask@example.com")

    first = peer_request_create(
        household=household, profile=profile(role="mentor"), source=PeerSource.APPLICANT
    )
    again = peer_request_create(
        household=household, profile=profile(role="buddy"), source=PeerSource.APPLICANT
    )

    assert first.pk == again.pk and first.status == PeerRequest.Status.WAITING
    assert household.timeline.filter(summary="Asked for a peer (a mentor)").exists()


@pytest.mark.django_db
def test_a_newly_placed_family_may_ask_and_an_enquirer_may_not(crm_reference):
    placed = household_at(Stage.APPROVED, email="placed@example.com")
    Household.objects.filter(pk=placed.pk).update(stage=Stage.PLACED)
    placed.refresh_from_db()
    enquirer = household_at(Stage.INITIAL_CONVERSATION, email="new@example.com")

    assert peer_request_create(household=placed, profile=profile(), source=PeerSource.APPLICANT).pk
    with pytest.raises(PeerError, match="people in assessment"):
        peer_request_create(household=enquirer, profile=profile(), source=PeerSource.WORKER)


@pytest.mark.django_db
def test_a_waiting_request_can_be_closed_and_a_matched_one_cannot(worker):
    waiting = waiting_request("w@example.com")
    matched = waiting_request("m@example.com")
    peer_match_create(request=matched, volunteer=approved_volunteer("v@example.com"), role="buddy", by=worker)

    closed = peer_request_close(request=waiting, reason="Found a friend", by=worker)

    assert closed.status == PeerRequest.Status.CLOSED
    with pytest.raises(PeerError, match="end the match"):
        peer_request_close(request=matched, reason="", by=worker)


# Matches --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_match_introduces_both_sides_by_email_with_only_first_name_and_email(
    worker, django_capture_on_commit_callbacks
):
    volunteer = approved_volunteer("vic@example.com", first_name="Vic")
    request = waiting_request("robin@example.com", first_name="Robin")
    Household.objects.filter(pk=volunteer.household_id).update(last_name="Vsurnamezq", phone="07700900555")

    with django_capture_on_commit_callbacks(execute=True):
        match = peer_match_create(request=request, volunteer=volunteer, role="mentor", by=worker)

    request.refresh_from_db()
    assert request.status == PeerRequest.Status.MATCHED and match.started_by == worker
    effects = SideEffect.objects.filter(kind=SideEffect.Kind.PEER_INTRODUCTION)
    assert effects.count() == 2 and set(effects.values_list("status", flat=True)) == {"done"}
    to_robin = next(message for message in mail.outbox if message.to == ["robin@example.com"])
    to_vic = next(message for message in mail.outbox if message.to == ["vic@example.com"])
    assert "Introducing your peer mentor" in to_robin.subject
    assert "Vic: vic@example.com" in to_robin.body
    assert "Robin: robin@example.com" in to_vic.body
    assert "/your-adoption/peers/" in to_robin.body and "\n    " not in to_robin.body
    for secret in ("Vsurnamezq", "07700900555", "07700 900555"):
        assert secret not in to_robin.body
    assert (
        Household.objects.get(pk=volunteer.household_id)
        .timeline.filter(summary__startswith="Matched as a peer mentor")
        .exists()
    )


@pytest.mark.django_db
def test_a_match_is_a_touch_on_mentor_schemes_or_peers_and_the_reconcile_catches_up(
    worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mentor = peer_match_create(
            request=waiting_request("r1@example.com"),
            volunteer=approved_volunteer("v1@example.com"),
            role="mentor",
            by=worker,
        )
    buddy = peer_match_create(
        request=waiting_request("r2@example.com"),
        volunteer=approved_volunteer("v2@example.com"),
        role="buddy",
        by=worker,
    )  # its signal never ran: the reconcile records it

    touchpoints_reconcile()
    touchpoints_reconcile()

    touches = Touchpoint.objects.filter(kind=Touchpoint.Kind.PEER_MATCH)
    assert {(t.household_id, t.channel.slug, t.phase) for t in touches} == {
        (mentor.request.household_id, "mentors", 6),
        (buddy.request.household_id, "peers", 5),
    }


@pytest.mark.django_db
def test_matching_refusals(worker):
    volunteer = approved_volunteer("v@example.com", role="buddy")
    request = waiting_request("r@example.com", role="mentor")
    offered = peer_volunteer_offer(
        household=household_at(Stage.APPROVED, email="o@example.com"),
        profile=profile(),
        source=PeerSource.APPLICANT,
    )

    with pytest.raises(PeerError, match="Choose a role both sides want"):
        peer_match_create(request=request, volunteer=volunteer, role="buddy", by=worker)
    with pytest.raises(PeerError, match="Only an approved volunteer"):
        peer_match_create(request=request, volunteer=offered, role="mentor", by=worker)
    assert not PeerMatch.objects.exists()


@pytest.mark.django_db
def test_a_volunteer_at_their_limit_is_refused_and_the_same_pair_twice_is_harmless(worker):
    volunteer = approved_volunteer("v@example.com")
    PeerVolunteer.objects.filter(pk=volunteer.pk).update(capacity=1)
    first = waiting_request("r1@example.com")
    match = peer_match_create(request=first, volunteer=volunteer, role="buddy", by=worker)

    assert peer_match_create(request=first, volunteer=volunteer, role="buddy", by=worker).pk == match.pk
    with pytest.raises(PeerError, match="already supports 1 person, as many as they offered"):
        peer_match_create(
            request=waiting_request("r2@example.com"), volunteer=volunteer, role="buddy", by=worker
        )
    with pytest.raises(PeerError, match="already have a peer"):
        peer_match_create(
            request=first, volunteer=approved_volunteer("w@example.com"), role="buddy", by=worker
        )


@pytest.mark.django_db
def test_the_database_allows_one_open_match_per_request(worker):
    request = waiting_request("r@example.com")
    match = peer_match_create(
        request=request, volunteer=approved_volunteer("v@example.com"), role="buddy", by=worker
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        PeerMatch.objects.create(request=request, volunteer=approved_volunteer("w@example.com"), role="buddy")
    assert match.is_open


@pytest.mark.django_db
def test_contacts_are_logged_on_open_matches_only_and_dates_are_checked(worker):
    match = peer_match_create(
        request=waiting_request("r@example.com"),
        volunteer=approved_volunteer("v@example.com"),
        role="buddy",
        by=worker,
    )

    contact = peer_contact_log(match=match, on=TODAY(), kind="phone", note="A good first call", by=worker)

    assert (contact.kind, contact.note, contact.logged_by) == ("phone", "A good first call", worker)
    with pytest.raises(PeerError, match="cannot be in the future"):
        peer_contact_log(match=match, on=TODAY() + dt.timedelta(days=1), kind="phone", by=worker)
    with pytest.raises(PeerError, match="before the match started"):
        peer_contact_log(match=match, on=TODAY() - dt.timedelta(days=3), kind="phone", by=worker)
    peer_match_end(match=match, ended_by="worker", reason="ran_its_course", by=worker)
    with pytest.raises(PeerError, match="has ended"):
        peer_contact_log(match=match, on=TODAY(), kind="phone", by=worker)


@pytest.mark.django_db
def test_the_volunteer_ending_a_match_puts_the_request_back_in_the_queue(worker):
    request = waiting_request("r@example.com")
    match = peer_match_create(
        request=request, volunteer=approved_volunteer("v@example.com"), role="buddy", by=worker
    )

    ended = peer_match_end(match=match, ended_by="volunteer", reason="no_time")
    again = peer_match_end(match=match, ended_by="requester", reason="not_a_good_fit")

    request.refresh_from_db()
    assert (ended.ended_by, ended.end_reason) == ("volunteer", "no_time")
    assert again.ended_by == "volunteer"  # ending twice changes nothing
    assert request.status == PeerRequest.Status.WAITING
    assert request.household.timeline.filter(summary__contains="ended by the volunteer").exists()


@pytest.mark.django_db
def test_the_person_supported_ending_a_match_closes_their_request(worker):
    request = waiting_request("r@example.com")
    match = peer_match_end(
        match=peer_match_create(
            request=request, volunteer=approved_volunteer("v@example.com"), role="buddy", by=worker
        ),
        ended_by="requester",
        reason="not_a_good_fit",
    )

    request.refresh_from_db()
    assert request.status == PeerRequest.Status.CLOSED and not match.is_open
    with pytest.raises(PeerError, match="Choose why"):
        peer_match_end(
            match=peer_match_create(
                request=waiting_request("s@example.com"),
                volunteer=approved_volunteer("w@example.com"),
                role="buddy",
                by=worker,
            ),
            ended_by="worker",
            reason="erased",
        )


@pytest.mark.django_db
def test_the_demo_shows_two_approved_volunteers_a_waiting_request_and_a_running_match(crm_reference):
    from website.demo.peers import demo_peers_load

    for number in range(2):
        household_at(Stage.APPROVED, email=f"vol{number}@example.com")
        household_at(Stage.STAGE_TWO, email=f"ask{number}@example.com")

    made = demo_peers_load()

    assert made == 5 and demo_peers_load() == 0
    assert PeerVolunteer.objects.filter(status="approved").count() == 2
    assert PeerRequest.objects.filter(status="waiting").count() == 1
    assert PeerMatch.objects.filter(ended_at__isnull=True).get().contacts.count() == 1

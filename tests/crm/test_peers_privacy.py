"""Peer connection in subject access and erasure: the volunteer offer, the request, the matches and their
contacts are in the person's file (the other side named only by role), and erasure removes what was written
and ends any match still open, leaving the other side waiting again."""

from django.utils import timezone

import pytest

from crm.models import ClosureReason, Household, PeerContact, PeerMatch, PeerRequest, PeerVolunteer, Stage
from crm.selectors import person_for_anchor
from crm.services import household_close
from crm.services.peers import peer_contact_log, peer_match_create, peer_request_create
from crm.services.privacy import person_erase, subject_access_export
from tests.crm.peers_helpers import approved_volunteer, household_at, waiting_request
from tests.factories import staff_member


@pytest.fixture
def manager(crm_reference):
    return staff_member("manager", role="manager", council=None).user


@pytest.fixture
def matched(manager):
    volunteer = approved_volunteer("vic@example.com", first_name="Vic")
    PeerVolunteer.objects.filter(pk=volunteer.pk).update(about="I adopted two brothers in 2019")
    request = waiting_request("robin@example.com", first_name="Robin")
    PeerRequest.objects.filter(pk=request.pk).update(note="We are nervous about panel")
    match = peer_match_create(request=request, volunteer=volunteer, role="buddy", by=manager)
    peer_contact_log(
        match=match, on=timezone.localdate(), kind="phone", note="Talked about panel nerves", by=manager
    )
    return match


@pytest.mark.django_db
def test_subject_access_holds_the_offer_the_request_and_the_match_with_its_contacts(matched, manager):
    anchor, person = person_for_anchor(key=f"household-{matched.volunteer.household_id}")

    export = subject_access_export(anchor=anchor, person=person, by=manager)

    offers = export.sections["Peer mentors and buddies: your offers to volunteer"]
    assert offers[0]["What you would share"] == "I adopted two brothers in 2019"
    assert offers[0]["Status"] == "Approved" and offers[0]["DBS check"]
    mine = export.sections["Peer mentors and buddies: your matches"]
    assert mine[0]["You were"] == "The buddy" and "Talked about panel nerves" in mine[0]["Contacts logged"][0]
    assert export.sections["Peer mentors and buddies: your requests for a peer"] == []
    assert "Robin" not in str(export.sections["Peer mentors and buddies: your matches"])
    anchor, person = person_for_anchor(key=f"household-{matched.request.household_id}")
    theirs = subject_access_export(anchor=anchor, person=person, by=manager).sections
    assert (
        theirs["Peer mentors and buddies: your requests for a peer"][0]["Anything else"]
        == "We are nervous about panel"
    )
    assert theirs["Peer mentors and buddies: your matches"][0]["You were"] == "Supported"


@pytest.mark.django_db
def test_erasing_the_volunteer_clears_what_was_written_and_the_person_supported_waits_again(matched, manager):
    volunteer_household = Household.objects.get(pk=matched.volunteer.household_id)
    household_close(household=volunteer_household, reason=ClosureReason.WITHDREW_CIRCUMSTANCES, by=manager)
    _, person = person_for_anchor(key=f"household-{volunteer_household.pk}")

    result = person_erase(person=person, by=manager, reason="Asked by email, ticket 12")

    volunteer = PeerVolunteer.objects.get(pk=matched.volunteer_id)
    match = PeerMatch.objects.get(pk=matched.pk)
    request = PeerRequest.objects.get(pk=matched.request_id)
    assert (volunteer.status, volunteer.about) == ("stood_down", "")
    assert (match.end_reason, match.ended_by) == ("erased", "worker") and match.ended_at is not None
    assert PeerContact.objects.get(match=match).note == ""
    assert request.status == PeerRequest.Status.WAITING and request.note == "We are nervous about panel"
    assert result.elsewhere["Peer connection rows cleared"] >= 2


@pytest.mark.django_db
def test_erasing_the_person_supported_closes_their_request(matched, manager):
    household = Household.objects.get(pk=matched.request.household_id)
    household_close(household=household, reason=ClosureReason.WITHDREW_CIRCUMSTANCES, by=manager)
    _, person = person_for_anchor(key=f"household-{household.pk}")

    person_erase(person=person, by=manager, reason="Asked by letter")

    request = PeerRequest.objects.get(pk=matched.request_id)
    assert (request.status, request.note) == ("closed", "")
    assert not PeerMatch.objects.get(pk=matched.pk).is_open
    assert PeerVolunteer.objects.get(pk=matched.volunteer_id).about == "I adopted two brothers in 2019"


@pytest.mark.django_db
def test_a_request_from_someone_else_is_untouched_by_an_erasure(manager):
    keep = peer_request_create(
        household=household_at(Stage.STAGE_ONE, email="keep@example.com"),
        profile={"role": "buddy", "share_consent": True},
        source="worker",
        note="Keep me",
    )
    gone = household_at(Stage.STAGE_ONE, email="gone@example.com")
    household_close(household=gone, reason=ClosureReason.WITHDREW_CIRCUMSTANCES, by=manager)
    _, person = person_for_anchor(key=f"household-{gone.pk}")

    person_erase(person=person, by=manager, reason="Asked")

    keep.refresh_from_db()
    assert (keep.status, keep.note) == ("waiting", "Keep me")

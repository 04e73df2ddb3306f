"""The touch reaching a stage records comes from the CRM's journey table, through its selector; and a
touch is in the phase of its channel, so reports by channel and by phase agree about the same touches."""

import dataclasses
import datetime as dt
import uuid

from django.core import checks
from django.utils import timezone

import pytest

from campaigns.checks import stage_touches_are_on_channels_of_their_phase
from campaigns.models import Campaign, CampaignChannel, Channel, Phase, Touchpoint
from campaigns.services import STAGE_PHASES, touchpoint_record_information_pack, touchpoint_record_landing
from crm import journey
from crm.models import Source, StaffMember, Stage
from crm.selectors import stage_touches
from crm.services import (
    booking_create,
    enquiry_create,
    household_advance,
    printed_pack_request,
    printed_packs_mark_posted,
)
from crm.services.peers import peer_match_create
from tests.crm.peers_helpers import approved_volunteer, waiting_request
from tests.factories import enquiry_details, event_index, event_page, staff_member

# Where each stage's touch is recorded (business case 3.6): an information event on "Information
# events" (2); the registration of interest on "Revisited channels" (4: they came back to decide);
# stage one to approval on "Agency channels" (5: the process, which goes on through matching until the
# adoption order; approval was phase 6 before, which begins only after the order). The initial
# conversation and ROI accepted are outcomes of the agency's work, not touches, and record none. Before
# any enquiry, a family known from a family event is in after care, on "Networking opportunities" (6):
# no move leads there, and the touch is the booking's.
STAGE_CHANNELS = {
    Stage.FAMILY_EVENT_BOOKED: (Phase.AFTER_CARE, "networking"),
    Stage.INFORMATION_EVENT: (Phase.RESEARCH, "information-events"),
    Stage.REGISTRATION_OF_INTEREST: (Phase.DECISION, "return-visits"),
    Stage.STAGE_ONE: (Phase.PROCESS, "agency"),
    Stage.BREAK: (Phase.PROCESS, "agency"),
    Stage.STAGE_TWO: (Phase.PROCESS, "agency"),
    Stage.PANEL: (Phase.PROCESS, "agency"),
    Stage.APPROVED: (Phase.PROCESS, "agency"),
    # After approval, the link meeting, the matching panel and the introductions are still the process (5);
    # the adoption order puts the family in after care (6). Family finding taking them on, and on hold, are
    # no touch.
    Stage.LINKED: (Phase.PROCESS, "agency"),
    Stage.MATCHED: (Phase.PROCESS, "agency"),
    Stage.PLACED: (Phase.PROCESS, "agency"),
    Stage.ADOPTION_ORDER: (Phase.AFTER_CARE, "networking"),
}


def test_each_stage_touch_is_on_the_channel_of_its_phase():
    assert {stage: (touch.phase, touch.channel) for stage, touch in stage_touches().items()} == STAGE_CHANNELS
    assert {stage: phase for stage, (phase, _) in STAGE_CHANNELS.items()} == STAGE_PHASES
    assert all(type(phase) is Phase for phase in STAGE_PHASES.values())


@pytest.mark.django_db
def test_every_stage_touch_is_on_a_channel_the_taxonomy_has_in_the_touchs_phase():
    phases = dict(Channel.objects.values_list("slug", "phase"))

    for stage, touch in stage_touches().items():
        assert touch.channel in phases, f"{stage} records its touch on {touch.channel!r}, which is no channel"
        assert phases[touch.channel] == touch.phase, f"{stage}'s touch is not in its channel's phase"
    assert stage_touches_are_on_channels_of_their_phase(databases=["default"]) == []


@pytest.mark.django_db
def test_the_check_names_a_journey_row_whose_channel_is_in_another_phase(monkeypatch):
    rows = list(journey.RECRUITMENT.rows)
    index = journey.RECRUITMENT.stages.index(Stage.STAGE_ONE)
    rows[index] = journey.Row(
        Stage.STAGE_ONE, group="stage_one", retention="x", phase=5, touch_channel="peers"
    )
    rows[index + 1] = journey.Row(
        Stage.BREAK, group="stage_one", retention="x", phase=5, touch_channel="radio"
    )
    rows[index + 2] = journey.Row(Stage.STAGE_TWO, group="stage_two", retention="x", phase=5)
    rows[index + 3] = journey.Row(
        Stage.PANEL, group="stage_two", retention="x", phase=5, touch_channel="nope"
    )
    monkeypatch.setattr(journey, "RECRUITMENT", dataclasses.replace(journey.RECRUITMENT, rows=tuple(rows)))

    errors = stage_touches_are_on_channels_of_their_phase(databases=["default"])

    assert [(error.id, type(error)) for error in errors] == [
        ("campaigns.E004", checks.Error),
        ("campaigns.E002", checks.Error),
        ("campaigns.E003", checks.Error),
    ]
    assert "'break' is in Kindred phase 5, but its channel 'radio' is in phase 1" in errors[0].msg


@pytest.mark.django_db
def test_every_touch_is_in_the_phase_of_its_channel(
    crm_reference, home_page, django_capture_on_commit_callbacks
):
    """Every kind of touch the services record, on every road: its phase is its channel's."""
    staff_member("kent.worker", council="kent")
    start = timezone.now() - dt.timedelta(days=40)
    aware = Campaign.objects.create(
        name="Aware", code="AWARE", starts_on=start.date(), aim_phase=Phase.TRIGGER
    )
    Campaign.objects.create(name="Engage", code="ENGAGE", starts_on=start.date(), aim_phase=3)
    CampaignChannel.objects.create(campaign=aware, channel=Channel.objects.get(slug="paid-social"), spend=100)
    visitor = uuid.uuid4()
    touchpoint_record_landing(params={"utm_medium": "paid-social", "utm_campaign": "AWARE"}, visitor=visitor)
    touchpoint_record_landing(params={"utm_medium": "paid-social", "utm_campaign": "ENGAGE"}, visitor=visitor)
    touchpoint_record_landing(params={}, referrer="https://www.facebook.com/", visitor=visitor)
    with django_capture_on_commit_callbacks(execute=True):
        household = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(heard_about="radio", newsletter_consent=True),
            attribution={"visitor": str(visitor), "utm_campaign": "AWARE", "utm_medium": "paid-social"},
            received_at=start,
        ).household
        for source in (Source.PHONE, Source.EMAIL, Source.EVENT):
            enquiry_create(source=source, details=enquiry_details(email=f"{source}@example.com", phone=""))
        events = event_index(home_page)
        evening = event_page(events, title="Information evening in Maidstone", days=10)
        booking_create(
            event_id=evening.pk,
            capacity=evening.capacity,
            details=enquiry_details(email="booked@example.com"),
        )
        group = event_page(events, title="Support group", days=12, event_type="support_group")
        booking_create(
            event_id=group.pk, capacity=group.capacity, details=enquiry_details(email="family@example.com")
        )
    for days, stage in enumerate(journey.RECRUITMENT.route(to=Stage.APPROVED), start=1):
        with django_capture_on_commit_callbacks(execute=True):
            household_advance(
                household=household,
                to_stage=stage,
                by=None,
                effective_at=start + dt.timedelta(days=days),
                note="Recorded late",
            )

    # Asking for the information pack, opening it from its email, and being posted a printed one.
    for kind in (Touchpoint.Kind.PACK_REQUEST, Touchpoint.Kind.PACK_DOWNLOAD):
        touchpoint_record_information_pack(household_id=household.pk, kind=kind, key=f"{kind}:1")
    worker = StaffMember.objects.get(user__username="kent.worker")
    printed = printed_pack_request(
        household=household, name="A", address="1 High Street", postcode="ME14 1XX", by=worker.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        printed_packs_mark_posted(user=worker.user, pack_ids=[printed.pk])

    # Matched with a peer: a buddy (Peers) for one household, a mentor (Mentor schemes) for another.
    for role in ("buddy", "mentor"):
        with django_capture_on_commit_callbacks(execute=True):
            peer_match_create(
                request=waiting_request(f"{role}.wanted@example.com"),
                volunteer=approved_volunteer(f"{role}.offered@example.com"),
                role=role,
                by=worker.user,
            )

    touches = list(Touchpoint.objects.select_related("channel"))
    kinds = {touch.kind for touch in touches}
    assert {touch.channel.slug for touch in touches if touch.kind == Touchpoint.Kind.PEER_MATCH} == {
        "peers",
        "mentors",
    }
    assert kinds == set(Touchpoint.Kind.values) - {
        Touchpoint.Kind.EVENT_ATTENDANCE,
        Touchpoint.Kind.EMAIL_CLICK,
    }
    for touch in touches:
        assert touch.phase == touch.channel.phase, (
            f"{touch.kind} on {touch.channel} is in phase {touch.phase}"
        )
    # The two paid social landings went under the key channel each campaign aims at.
    assert sorted(
        (touch.campaign.code, touch.channel.key_channel.name)
        for touch in touches
        if touch.kind == Touchpoint.Kind.LANDING and touch.campaign
    ) == [("AWARE", "Advertising"), ("ENGAGE", "Social media")]


def test_a_family_is_in_after_care_for_the_newsletter_once_the_adoption_order_is_made():
    from campaigns.newsletter.payloads import RETIRED_STAGE_TAGS, SUBSCRIBER_PHASES

    # Waiting and on hold record no touch: the family stays in the process, where approval put them.
    assert SUBSCRIBER_PHASES[Stage.ON_HOLD] == SUBSCRIBER_PHASES[Stage.FAMILY_FINDING] == Phase.PROCESS
    assert SUBSCRIBER_PHASES[Stage.PLACED] == Phase.PROCESS
    assert SUBSCRIBER_PHASES[Stage.ADOPTION_ORDER] == Phase.AFTER_CARE
    # Stage tags were never sent for the stages after approval, so none is switched off.
    assert RETIRED_STAGE_TAGS[-1] == "Stage: Approved"

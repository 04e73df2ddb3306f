import datetime as dt

from django.utils import timezone

import pytest

from campaigns.models import Campaign, CampaignChannel, Channel, SyncCursor, Touchpoint
from campaigns.services import landing_source, touchpoints_reconcile
from campaigns.tasks import touchpoints_reconcile_run
from crm.models import Enquiry, JourneyDates, Source, Stage
from crm.services import (
    booking_create,
    enquiry_create,
    household_advance,
    households_merge,
    printed_pack_request,
    printed_packs_mark_posted,
)
from tests.crm.conftest import celery_using
from tests.factories import enquiry_details, event_index, event_page, staff_member


@pytest.fixture
def winter(db):
    campaign = Campaign.objects.create(
        name="Winter radio", code="WINTER26", vanity_path="radio", starts_on=dt.date(2026, 11, 1)
    )
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=5000)
    return campaign


# The business case's table (section 3.6): each phase's key channels, under their own names.
KEY_CHANNELS = {
    1: {"Editorial coverage", "Advertising", "Friends and family"},
    2: {"Websites", "Online search", "Information packs", "Information events"},
    3: {"Social media", "Online forums"},
    4: {"Revisited channels", "Keeping in touch channels (newsletters)"},
    5: {"Agency channels", "Peers"},
    6: {"Mentor schemes", "Networking opportunities"},
}
FINER_CHANNELS = {
    "radio": "advertising",
    "posters": "advertising",
    "leaflets": "advertising",
    "paid-social": "advertising",
    "council": "editorial",
    "facebook": "social",
    "twitter": "social",
    "youtube": "social",
    "instagram": "social",
    "paid-social-engagement": "social",
    "front-door": "agency",
}


@pytest.mark.django_db
def test_every_key_channel_of_the_table_is_seeded_under_its_own_name_in_its_own_phase():
    key = {}
    for channel in Channel.objects.filter(parent=None):
        key.setdefault(channel.phase, set()).add(channel.name)
    assert key == KEY_CHANNELS
    assert dict(Channel.objects.exclude(parent=None).values_list("slug", "parent__slug")) == FINER_CHANNELS


@pytest.mark.django_db
def test_a_finer_channel_is_in_its_key_channels_phase():
    for channel in Channel.objects.exclude(parent=None).select_related("parent"):
        assert channel.phase == channel.parent.phase, channel
        assert channel.parent.parent_id is None
        channel.full_clean()


@pytest.mark.django_db
def test_a_channel_under_a_key_channel_of_another_phase_or_under_a_finer_one_is_refused():
    from django.core.exceptions import ValidationError

    advertising = Channel.objects.get(slug="advertising")
    radio = Channel.objects.get(slug="radio")
    podcast = Channel(name="Podcasts", slug="podcasts", phase=3, kind="online", parent=advertising)
    with pytest.raises(ValidationError, match="must be in the same phase"):
        podcast.clean()
    podcast.phase, podcast.parent = 1, radio
    with pytest.raises(ValidationError, match="Choose a key channel"):
        podcast.clean()
    advertising.parent = Channel.objects.get(slug="editorial")
    with pytest.raises(ValidationError, match="Other channels sit under this one"):
        advertising.clean()
    podcast.parent = advertising = Channel.objects.get(slug="advertising")
    podcast.clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("aim", "channel", "key_channel"),
    [
        (1, "paid-social", "advertising"),
        (3, "paid-social-engagement", "social"),
        (None, "paid-social", "advertising"),
    ],
)
def test_paid_social_counts_under_the_key_channel_of_the_campaigns_aim(aim, channel, key_channel):
    spring = Campaign.objects.create(
        name="Spring", code="SPRING27", starts_on=dt.date(2027, 3, 1), aim_phase=aim
    )

    source = landing_source({"utm_medium": "paid-social", "utm_campaign": "SPRING27"})

    assert (source.channel.slug, source.channel.key_channel.slug, source.campaign) == (
        channel,
        key_channel,
        spring,
    )
    assert source.channel.phase == source.channel.key_channel.phase == (aim or 1)


@pytest.mark.django_db
def test_the_business_case_taxonomy_is_loaded_phase_for_phase():
    by_phase = {}
    for channel in Channel.objects.all():
        by_phase.setdefault(channel.phase, set()).add(channel.slug)
    assert {"radio", "posters", "leaflets", "editorial", "friends-family"} <= by_phase[1]
    assert {"website", "search", "information-packs", "information-events"} <= by_phase[2]
    assert {"facebook", "twitter", "youtube", "forums"} <= by_phase[3]
    assert "newsletter" in by_phase[4]
    assert {"front-door", "peers"} <= by_phase[5]
    assert {"mentors", "networking"} <= by_phase[6]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "referrer", "channel", "campaign"),
    [
        ({"utm_medium": "facebook", "utm_campaign": "WINTER26"}, "", "facebook", "WINTER26"),
        ({"utm_campaign": "winter26"}, "", "radio", "WINTER26"),
        ({"vanity": "radio"}, "", "radio", "WINTER26"),
        ({}, "https://www.google.co.uk/search?q=adopt", "search", None),
        ({}, "https://t.co/abc", "twitter", None),
        ({}, "https://www.kent.gov.uk/adoption", "website", None),
    ],
)
def test_landing_source(winter, params, referrer, channel, campaign):
    source = landing_source(params, referrer=referrer, own_host="adoptionpartnership.example")
    assert source.channel.slug == channel
    assert (source.campaign.code if source.campaign else None) == campaign


@pytest.mark.django_db
def test_a_visit_with_nothing_to_go_on_is_not_a_landing(winter):
    assert (
        landing_source(
            {},
            referrer="https://adoptionpartnership.example/stories/",
            own_host="adoptionpartnership.example",
        )
        is None
    )


@pytest.mark.django_db
def test_an_enquiry_records_its_landing_what_they_said_and_itself(
    winter, crm_reference, django_capture_on_commit_callbacks
):
    staff_member("kent.worker", council="kent")
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(heard_about="radio"),
            attribution={"utm_campaign": "WINTER26", "utm_medium": "radio"},
        )
    touches = list(enquiry.household.touchpoints.order_by("occurred_at", "kind"))
    assert [(t.kind, t.channel.slug, t.phase, t.campaign_id) for t in touches] == [
        ("landing", "radio", 1, winter.pk),
        ("self_reported", "radio", 1, winter.pk),
        ("enquiry", "website", 2, winter.pk),
    ]


@pytest.mark.django_db
def test_the_first_touch_is_stored_for_the_reports_and_follows_a_merge(
    winter, crm_reference, django_capture_on_commit_callbacks
):
    staff_member("kent.worker", council="kent")
    with django_capture_on_commit_callbacks(execute=True):
        radio = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(),
            attribution={"utm_campaign": "WINTER26", "utm_medium": "radio"},
            received_at=timezone.now() - dt.timedelta(days=3),
        ).household
        phoned = enquiry_create(
            source=Source.PHONE,
            details=enquiry_details(first_name="Sam", email="sam@example.com", phone="07700 900456"),
        ).household
    first = {
        row["household_id"]: (
            row["first_touch_channel_id"],
            row["first_touch_phase"],
            row["first_touch_campaign_id"],
        )
        for row in JourneyDates.objects.values()
    }
    assert first[radio.pk] == (Channel.objects.get(slug="radio").pk, 1, winter.pk)
    # A phoned enquiry is on the single front door, an agency channel: phase 5, its channel's phase.
    assert first[phoned.pk] == (Channel.objects.get(slug="front-door").pk, 5, None)

    # The phone record turns out to be the same people, who first came from the radio advert.
    with django_capture_on_commit_callbacks(execute=True):
        households_merge(keep=phoned, remove=radio, by=None)
    kept = JourneyDates.objects.get(household=phoned)
    assert (kept.first_touch_channel_id, kept.first_touch_campaign_id) == (
        Channel.objects.get(slug="radio").pk,
        winter.pk,
    )


@pytest.mark.django_db
def test_touches_are_left_to_a_worker_and_the_reconcile_records_any_whose_task_was_lost(
    winter, crm_reference, django_capture_on_commit_callbacks, settings
):
    staff_member("kent.worker", council="kent")
    # A broker nobody listens on: the enquiry is taken, but its touches' task cannot be queued.
    with celery_using("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        household = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(heard_about="radio"),
            attribution={"utm_campaign": "WINTER26", "utm_medium": "radio"},
        ).household
    assert not Touchpoint.objects.exists()

    schedule = settings.CELERY_BEAT_SCHEDULE["touchpoints-reconcile"]
    assert schedule["task"] == touchpoints_reconcile_run.name and schedule["schedule"] <= 900
    assert touchpoints_reconcile_run() == 3
    assert JourneyDates.objects.get(household=household).first_touch_campaign_id == winter.pk
    assert touchpoints_reconcile_run() == 0


@pytest.mark.django_db
def test_stage_moves_are_touches_in_their_phase(crm_reference, django_capture_on_commit_callbacks):
    staff_member("kent.worker", council="kent")
    with django_capture_on_commit_callbacks(execute=True):
        household = enquiry_create(source=Source.PHONE, details=enquiry_details()).household
        household_advance(household=household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=None)
    stage = Touchpoint.objects.get(kind="stage")
    # Registering interest: they came back to decide, on "Revisited channels" (phase 4).
    assert (stage.phase, stage.detail, stage.channel.slug) == (
        4,
        {"stage": "registration_of_interest"},
        "return-visits",
    )
    assert Touchpoint.objects.get(kind="enquiry").channel.slug == "front-door"


@pytest.mark.django_db
def test_reconcile_catches_up_on_missed_signals_and_is_idempotent(crm_reference):
    staff_member("kent.worker", council="kent")
    household = enquiry_create(source=Source.WEB, details=enquiry_details(heard_about="friend")).household
    # An information event, a stage whose reaching is a touch (the initial conversation records none).
    household_advance(
        household=household, to_stage=Stage.INFORMATION_EVENT, by=None, effective_at=timezone.now()
    )
    assert not Touchpoint.objects.exists()  # on-commit signals never ran inside this test transaction
    made = touchpoints_reconcile()
    assert made == 3
    assert sorted(Touchpoint.objects.values_list("kind", flat=True)) == ["enquiry", "self_reported", "stage"]
    assert touchpoints_reconcile() == 0


@pytest.mark.django_db
def test_reconcile_reads_the_last_hour_again_behind_its_cursors(crm_reference, home_page):
    worker = staff_member("kent.worker", council="kent")
    # An enquiry and a move whose tasks were lost, and an older enquiry whose touches are long since
    # recorded (it was left without them here, to show how far back the catch-up reads).
    long_ago = enquiry_create(source=Source.PHONE, details=enquiry_details(email="old@example.com"))
    Enquiry.objects.filter(pk=long_ago.pk).update(received_at=timezone.now() - dt.timedelta(hours=2))
    late = enquiry_create(source=Source.PHONE, details=enquiry_details(email="late@example.com"))
    # An information event, a stage whose reaching is a touch (the initial conversation records none).
    move = household_advance(household=late.household, to_stage=Stage.INFORMATION_EVENT, by=None)
    evening = event_page(event_index(home_page), title="Information evening in Maidstone", days=10)
    booking = booking_create(
        event_id=evening.pk, capacity=evening.capacity, details=enquiry_details(email="booked@example.com")
    )
    pack = printed_pack_request(
        household=late.household, name="A", address="1 High Street", postcode="ME14 1XX", by=worker.user
    )
    printed_packs_mark_posted(user=worker.user, pack_ids=[pack.pk])
    pack.refresh_from_db()
    assert not Touchpoint.objects.exists()
    # The catch-up had read past all of them before these committed: higher ids and a later change
    # had committed first.
    newest_enquiry = Enquiry.objects.create(source=Source.PHONE, household=None).pk
    for name, last_id in (("enquiries", newest_enquiry), ("stage_changes", move.pk + 1)):
        SyncCursor.objects.create(name=name, last_id=last_id)
    cursor_time = booking.updated_at + dt.timedelta(seconds=1)
    SyncCursor.objects.create(name="bookings", last_time=cursor_time)
    posted_cursor = pack.posted_at + dt.timedelta(seconds=1)
    SyncCursor.objects.create(name="printed_packs", last_time=posted_cursor)

    assert touchpoints_reconcile() == 5
    touched = {(touch.kind, touch.household_id) for touch in Touchpoint.objects.all()}
    assert touched == {
        ("enquiry", late.household_id),
        ("stage", late.household_id),
        ("pack_posted", late.household_id),
        ("enquiry", booking.household_id),  # booking a place is an enquiry too
        ("event_booking", booking.household_id),
    }
    cursors = {cursor.name: (cursor.last_id, cursor.last_time) for cursor in SyncCursor.objects.all()}
    assert cursors == {
        "enquiries": (newest_enquiry, None),
        "stage_changes": (move.pk + 1, None),
        "bookings": (0, cursor_time),
        "printed_packs": (0, posted_cursor),
        "peer_matches": (0, None),  # no peer match yet
    }
    assert touchpoints_reconcile() == 0


@pytest.mark.django_db
def test_merging_households_moves_their_touches(crm_reference, django_capture_on_commit_callbacks):
    from crm.services import households_merge

    staff_member("kent.worker", council="kent")
    with django_capture_on_commit_callbacks(execute=True):
        keep = enquiry_create(
            source=Source.WEB, details=enquiry_details(email="a@example.com", phone="")
        ).household
        remove = enquiry_create(
            source=Source.PHONE, details=enquiry_details(email="", phone="01622 000000", heard_about="radio")
        ).household
    assert remove.touchpoints.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        households_merge(keep=keep, remove=remove, by=None)
    assert remove.touchpoints.count() == 0
    assert sorted(keep.touchpoints.values_list("kind", flat=True)) == ["enquiry", "enquiry", "self_reported"]


@pytest.mark.django_db
def test_a_consented_landing_is_not_counted_twice_when_the_visitor_enquires(winter, crm_reference):
    import uuid

    from campaigns.services import touchpoint_record_landing, touchpoints_record_enquiry

    staff_member("kent.worker", council="kent")
    visitor = uuid.uuid4()
    params = {"utm_campaign": "WINTER26", "utm_medium": "radio", "utm_source": "vanity"}
    touchpoint_record_landing(params=params, visitor=visitor, at=timezone.now() - dt.timedelta(minutes=5))
    enquiry = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(),
        attribution={**params, "visitor": str(visitor), "host": "x"},
    )
    touchpoints_record_enquiry(enquiry_id=enquiry.pk)
    kinds = list(enquiry.household.touchpoints.order_by("occurred_at").values_list("kind", "campaign__code"))
    assert kinds == [("landing", "WINTER26"), ("enquiry", "WINTER26")]


@pytest.mark.django_db
def test_reconcile_puts_each_kind_of_booking_on_its_own_channel(crm_reference, home_page):
    """A recruitment event's booking is an enquiry and a touch on information events; a family event's is
    one touch on networking opportunities (after care), and no enquiry."""
    staff_member("kent.worker", council="kent")
    events = event_index(home_page)
    evening = event_page(events, title="Information evening", days=10)
    group = event_page(events, title="Support group", days=11, event_type="support_group")
    training = event_page(
        events, title="Training for adoptive families", days=12, event_type="post_adoption_training"
    )
    adopter = booking_create(
        event_id=evening.pk, capacity=30, details=enquiry_details(email="new@example.com", phone="")
    ).household
    family = booking_create(
        event_id=group.pk, capacity=30, details=enquiry_details(email="family@example.com", phone="")
    ).household
    booking_create(
        event_id=training.pk, capacity=30, details=enquiry_details(email="family@example.com", phone="")
    )
    assert not Touchpoint.objects.exists()  # on-commit signals never ran inside this test transaction

    assert touchpoints_reconcile() == 4
    found = sorted(Touchpoint.objects.values_list("household_id", "kind", "channel__slug", "phase"))
    assert found == sorted(
        [
            (adopter.pk, "enquiry", "information-events", 2),
            (adopter.pk, "event_booking", "information-events", 2),
            (family.pk, "event_booking", "networking", 6),
            (family.pk, "event_booking", "networking", 6),
        ]
    )
    assert touchpoints_reconcile() == 0

"""Recording touches: every contact a person has with APSE, with its channel, phase and campaign.

Touches from the CRM (enquiries, stage moves, event bookings) arrive through ``crm.signals`` and
are replayed by ``touchpoints_reconcile``; each has a ``key`` so recording it twice is harmless.
Touches on the website (landings from tracked links and vanity addresses) are recorded by the
website layer through ``touchpoint_record_landing``.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.attribution import STAGE_OUTCOMES
from campaigns.credits import credits_refresh, credits_write
from campaigns.models import Campaign, Channel, Phase, Touchpoint
from crm import selectors as crm_selectors
from crm.journey import INFORMATION_EVENTS, NETWORKING
from crm.models import Source
from crm.services.journeys import households_lock, journey_first_touch_refresh

# What people tell us in "How did you hear about us?", as channels.
SELF_REPORTED_CHANNELS = {
    "search": "search",
    "social": "social",
    "radio": "radio",
    "poster": "posters",
    "news": "editorial",
    "event": "information-events",
    "friend": "friends-family",
    "council": "council",
}
SOURCE_CHANNELS = {
    Source.WEB: "website",
    Source.PHONE: "front-door",
    Source.EMAIL: "front-door",
    Source.EVENT: "information-events",
}
# An event booking's touch: at a recruitment event, or at a family event (``EventBooking.family_event``).
BOOKING_CHANNELS = {False: INFORMATION_EVENTS, True: NETWORKING}
# Reaching a stage is a touch on its channel and in its Kindred phase, as the CRM's journey table gives them
# (the two agree: ``campaigns.checks``). Stages missing here are outcomes that record no touch.
STAGE_TOUCHES = crm_selectors.stage_touches()
STAGE_PHASES = {stage: Phase(touch.phase) for stage, touch in STAGE_TOUCHES.items()}
# A medium used in more than one phase: a campaign's link says which of its channels by the campaign's aim.
# Without an aim, or with an aim it has no channel for, the medium's own channel is used.
AIMED_CHANNELS = {
    "paid-social": {Phase.TRIGGER: "paid-social", Phase.ENGAGEMENT: "paid-social-engagement"},
}
REFERRER_CHANNELS = {
    "google.": "search",
    "bing.": "search",
    "duckduckgo.": "search",
    "yahoo.": "search",
    "ecosia.": "search",
    "facebook.": "facebook",
    "fb.": "facebook",
    "instagram.": "instagram",
    "t.co": "twitter",
    "twitter.": "twitter",
    "x.com": "twitter",
    "youtube.": "youtube",
    "youtu.be": "youtube",
}
LANDING_PARAMS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
    "ref",
    "landing",
    "vanity",
)


@dataclass(frozen=True)
class LandingSource:
    channel: Channel
    campaign: Campaign | None


def _channel(slug: str) -> Channel:
    return Channel.objects.get(slug=slug)


def campaign_for_code(code: str) -> Campaign | None:
    code = (code or "").strip()
    if not code:
        return None
    return (
        Campaign.objects.filter(code__iexact=code).first()
        or Campaign.objects.filter(vanity_path=code.lower()).first()
    )


def _aimed(slug: str, campaign: Campaign | None) -> str:
    """The channel a medium means for this campaign: paid social for awareness is Advertising's (phase 1),
    for engagement Social media's (phase 3), as the campaign's ``aim_phase`` says."""
    if campaign is None or campaign.aim_phase is None:
        return slug
    return AIMED_CHANNELS.get(slug, {}).get(campaign.aim_phase, slug)


def landing_source(params: dict[str, str], *, referrer: str = "", own_host: str = "") -> LandingSource | None:
    """Which channel and campaign brought a visitor, from their landing parameters and referrer.

    ``utm_medium`` (or ``utm_source``) naming a channel wins; then the campaign's main channel;
    then the referring site. A visit with none of these is not a landing worth recording.
    """
    campaign = campaign_for_code(params.get("utm_campaign", "")) or campaign_for_code(
        params.get("vanity", "")
    )
    for name in ("utm_medium", "utm_source"):
        slug = _aimed((params.get(name) or "").strip().lower(), campaign)
        if slug and (channel := Channel.objects.filter(slug=slug).first()):
            return LandingSource(channel=channel, campaign=campaign)
    if campaign:
        spend = campaign.channel_spend.select_related("channel").order_by("-spend", "pk").first()
        return LandingSource(channel=spend.channel if spend else _channel("website"), campaign=campaign)
    host = (urlparse(referrer or params.get("ref", "")).hostname or "").removeprefix("www.")
    if host and host != own_host.removeprefix("www."):
        for fragment, slug in REFERRER_CHANNELS.items():
            if host.startswith(fragment) or fragment in host:
                return LandingSource(channel=_channel(slug), campaign=None)
        return LandingSource(channel=_channel("website"), campaign=None)
    return None


def _record(*, key: str | None, **fields) -> Touchpoint | None:
    """Create a touch unless one with this key exists already."""
    if key and Touchpoint.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Touchpoint.objects.create(key=key, **fields)
    except IntegrityError:
        return None


def touchpoint_record_landing(
    *,
    params: dict[str, str],
    referrer: str = "",
    own_host: str = "",
    visitor: uuid.UUID | None = None,
    household=None,
    at: dt.datetime | None = None,
    key: str | None = None,
) -> Touchpoint | None:
    """Record a visitor arriving from a tracked link, a vanity address or another site."""
    source = landing_source(params, referrer=referrer, own_host=own_host)
    if source is None:
        return None
    detail = {name: params[name][:300] for name in LANDING_PARAMS if params.get(name)}
    if referrer:
        detail["referrer"] = referrer[:300]
    return _record(
        key=key,
        household=household,
        visitor=visitor,
        kind=Touchpoint.Kind.LANDING,
        channel=source.channel,
        phase=source.channel.phase,
        campaign=source.campaign,
        occurred_at=at or timezone.now(),
        detail=detail,
    )


@transaction.atomic
def touchpoints_record_enquiry(*, enquiry_id: int) -> list[Touchpoint]:
    """The touches an enquiry brings: where they landed from, what they said, and the enquiry itself.

    Anonymous touches from the same visitor (with cookie consent) join the household too.
    """
    enquiry = crm_selectors.enquiry_by_id(pk=enquiry_id)
    if enquiry is None or enquiry.household is None:
        return []
    household = enquiry.household
    if enquiry.source == Source.IMPORT:
        # Moved in from a council's old system, which does not say how they came: no channel is credited.
        return []
    if not crm_selectors.household_is_recruitment(household):
        # Support and the other services are not recruitment: no touch, no credit.
        return []
    at = enquiry.received_at
    made = []
    attribution = enquiry.attribution or {}
    visitor = _uuid(attribution.get("visitor"))
    attached = 0
    if visitor:
        attached = Touchpoint.objects.filter(visitor=visitor, household__isnull=True).update(
            household=household
        )
    landing = _visitor_landing_already_recorded(attribution, household=household, visitor=visitor)
    if landing is None:
        landing = touchpoint_record_landing(
            params=attribution,
            referrer=attribution.get("referrer", ""),
            own_host=attribution.get("host", ""),
            household=household,
            visitor=visitor,
            at=at - dt.timedelta(seconds=1),
            key=f"enquiry-landing:{enquiry.pk}",
        )
        made.append(landing)
    if slug := SELF_REPORTED_CHANNELS.get(enquiry.heard_about):
        channel = _channel(slug)
        made.append(
            _record(
                key=f"enquiry-heard:{enquiry.pk}",
                household=household,
                kind=Touchpoint.Kind.SELF_REPORTED,
                channel=channel,
                phase=channel.phase,
                campaign=landing.campaign if landing else None,
                occurred_at=at - dt.timedelta(seconds=1),
                detail={"answer": enquiry.heard_about, "detail": enquiry.heard_about_detail[:200]},
            )
        )
    channel = _channel(SOURCE_CHANNELS.get(enquiry.source, "front-door"))
    made.append(
        _record(
            key=f"enquiry:{enquiry.pk}",
            household=household,
            kind=Touchpoint.Kind.ENQUIRY,
            channel=channel,
            phase=channel.phase,
            campaign=landing.campaign if landing else None,
            occurred_at=at,
            detail={"enquiry_id": enquiry.pk, "source": enquiry.source},
        )
    )
    made = [touch for touch in made if touch]
    if made or attached:
        touches_changed(household_ids=[household.pk])
    return made


def touches_record_imported(*, household_ids: list[int], batch: int = 500) -> int:
    """Households moved in from a council's old system: the touches of their stage history, then their
    first touch and stored credit. Returns how many touches were recorded.

    Each move's touch has the key its own signal would have given it (``stage:<id>``), so the reconcile
    job, which reads the same moves, records none of them again. Written in bulk: an import may bring
    thousands of households at once.
    """
    changes = [
        change
        for change in crm_selectors.stage_changes_of(household_ids=household_ids)
        if change.to_stage in STAGE_PHASES
    ]
    existing = set(
        Touchpoint.objects.filter(key__in=[f"stage:{change.pk}" for change in changes]).values_list(
            "key", flat=True
        )
    )
    channels = {slug: _channel(slug) for slug in {touch.channel for touch in STAGE_TOUCHES.values()}}
    touches = [
        Touchpoint(
            key=f"stage:{change.pk}",
            household_id=change.household_id,
            kind=Touchpoint.Kind.STAGE,
            channel=channels[STAGE_TOUCHES[change.to_stage].channel],
            phase=channels[STAGE_TOUCHES[change.to_stage].channel].phase,
            occurred_at=change.effective_at,
            detail={"stage": change.to_stage},
        )
        for change in changes
        if f"stage:{change.pk}" not in existing
    ]
    Touchpoint.objects.bulk_create(touches, batch_size=1000, ignore_conflicts=True)
    ids = sorted(set(household_ids))
    for start in range(0, len(ids), batch):
        touches_changed(household_ids=ids[start : start + batch])
    return len(touches)


def _visitor_landing_already_recorded(attribution: dict, *, household, visitor) -> Touchpoint | None:
    """With cookie consent the landing was recorded when it happened; the form's copy of it is not a second one."""
    if not visitor:
        return None
    source = landing_source(
        attribution, referrer=attribution.get("referrer", ""), own_host=attribution.get("host", "")
    )
    if source is None:
        return None
    return (
        Touchpoint.objects.filter(
            household=household,
            visitor=visitor,
            kind=Touchpoint.Kind.LANDING,
            channel=source.channel,
            campaign=source.campaign,
        )
        .order_by("-occurred_at")
        .first()
    )


@transaction.atomic
def touchpoint_record_stage(*, stage_change_id: int) -> Touchpoint | None:
    """Reaching a stage is a touch on the channel the journey table gives it, in that channel's phase.

    Stages the table marks as outcomes rather than touches (the initial conversation, ROI accepted)
    record none.

    A new touch, or a move that is itself an outcome (registration of interest, approval), changes
    the household's stored credit, so it is worked out again; a replayed move changes nothing.
    """
    change = crm_selectors.stage_change_by_id(pk=stage_change_id)
    if change is None or change.to_stage not in STAGE_PHASES:
        return None
    channel = _channel(STAGE_TOUCHES[change.to_stage].channel)
    touch = _record(
        key=f"stage:{change.pk}",
        household=change.household,
        kind=Touchpoint.Kind.STAGE,
        channel=channel,
        phase=channel.phase,
        occurred_at=change.effective_at,
        detail={"stage": change.to_stage},
    )
    if touch is not None or change.to_stage in STAGE_OUTCOMES.values():
        credits_refresh(household_ids=[change.household_id])
    return touch


def touchpoint_record_booking(*, booking_id: int) -> list[Touchpoint]:
    """Booking a place (or a waiting-list place) is a touch through events; coming is another.

    At a recruitment event both are on "Information events" (phase 2); at a family event, for
    approved and adoptive families, on "Networking opportunities" (phase 6, after care), and no
    enquiry is recorded, because none was made.
    """
    booking = crm_selectors.booking_by_id(pk=booking_id)
    if booking is None:
        return []
    channel = _channel(BOOKING_CHANNELS[booking.family_event])
    common = {"household": booking.household, "channel": channel, "phase": channel.phase}
    made = [
        _record(
            key=f"booking-made:{booking.pk}",
            kind=Touchpoint.Kind.EVENT_BOOKING,
            occurred_at=booking.created_at,
            detail={"event_id": booking.event_id},
            **common,
        )
    ]
    if booking.status == "attended":
        made.append(
            _record(
                key=f"booking-attended:{booking.pk}",
                kind=Touchpoint.Kind.EVENT_ATTENDANCE,
                occurred_at=booking.updated_at,
                detail={"event_id": booking.event_id},
                **common,
            )
        )
    made = [touch for touch in made if touch]
    if made:
        touches_changed(household_ids=[booking.household_id])
    return made


def touchpoint_record_information_pack(
    *, household_id: int, kind: str, key: str, at: dt.datetime | None = None
) -> Touchpoint | None:
    """Asking for the information pack, or opening it from its email: a touch on the information packs channel."""
    channel = _channel("information-packs")
    touch = _record(
        key=key,
        household_id=household_id,
        kind=kind,
        channel=channel,
        phase=channel.phase,
        occurred_at=at or timezone.now(),
        detail={},
    )
    if touch:
        touches_changed(household_ids=[household_id])
    return touch


def touchpoint_record_printed_pack(*, printed_pack_id: int) -> Touchpoint | None:
    """A printed pack posted to a household: a touch on the information packs channel, dated when it went."""
    pack = crm_selectors.printed_pack_by_id(pk=printed_pack_id)
    if pack is None:
        return None
    return touchpoint_record_information_pack(
        household_id=pack.household_id,
        kind=Touchpoint.Kind.PACK_POSTED,
        key=f"pack-posted:{pack.pk}",
        at=pack.posted_at,
    )


# A peer match's touch is on the channel of its role: a buddy is a peer (phase 5), a mentor the mentor scheme.
PEER_CHANNELS = {"buddy": "peers", "mentor": "mentors"}


def touchpoint_record_peer_match(*, peer_match_id: int) -> Touchpoint | None:
    """The person who asked for a peer was matched: a touch on "Peers" (a buddy) or "Mentor schemes"."""
    match = crm_selectors.peer_match_by_id(pk=peer_match_id)
    if match is None:
        return None
    channel = _channel(PEER_CHANNELS[match.role])
    touch = _record(
        key=f"peer-match:{match.pk}",
        household_id=match.request.household_id,
        kind=Touchpoint.Kind.PEER_MATCH,
        channel=channel,
        phase=channel.phase,
        occurred_at=match.started_at,
        detail={"role": match.role},
    )
    if touch:
        touches_changed(household_ids=[match.request.household_id])
    return touch


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _cursor(name: str):
    from campaigns.models import SyncCursor

    cursor, _ = SyncCursor.objects.select_for_update().get_or_create(name=name)
    return cursor


# How far back the catch-up reads again behind its cursors. A row's id (or change time) is taken
# before its transaction commits, so a row can become visible after a higher one was read and the
# cursor moved past it; no transaction here stays open this long. Recording twice is harmless.
RECONCILE_LOOK_BACK = dt.timedelta(hours=1)


@transaction.atomic
def touchpoints_reconcile(*, batch: int = 1000) -> int:
    """Catch up on CRM events whose signal was missed (a crash, a failed listener). Safe to run any time."""
    made = 0
    again_since = timezone.now() - RECONCILE_LOOK_BACK
    cursor = _cursor("enquiries")
    for enquiry in crm_selectors.enquiries_accepted_after(
        pk=cursor.last_id, again_since=again_since, limit=batch
    ):
        made += len(touchpoints_record_enquiry(enquiry_id=enquiry.pk))
        cursor.last_id = max(cursor.last_id, enquiry.pk)
    cursor.save()
    cursor = _cursor("stage_changes")
    for change in crm_selectors.stage_changes_after(pk=cursor.last_id, again_since=again_since, limit=batch):
        made += bool(touchpoint_record_stage(stage_change_id=change.pk))
        cursor.last_id = max(cursor.last_id, change.pk)
    cursor.save()
    made += _catch_up_by_time(
        "bookings",
        crm_selectors.bookings_updated_since,
        lambda booking: len(touchpoint_record_booking(booking_id=booking.pk)),
        changed="updated_at",
        again_since=again_since,
        batch=batch,
    )
    made += _catch_up_by_time(
        "printed_packs",
        crm_selectors.printed_packs_posted_since,
        lambda pack: int(touchpoint_record_printed_pack(printed_pack_id=pack.pk) is not None),
        changed="posted_at",
        again_since=again_since,
        batch=batch,
    )
    made += _catch_up_by_time(
        "peer_matches",
        crm_selectors.peer_matches_started_since,
        lambda match: int(touchpoint_record_peer_match(peer_match_id=match.pk) is not None),
        changed="started_at",
        again_since=again_since,
        batch=batch,
    )
    return made


def _catch_up_by_time(name: str, rows_since, record, *, changed: str, again_since, batch: int) -> int:
    """Record the touches of rows changed since the cursor ``name`` (and the look-back), moving it on."""
    cursor = _cursor(name)
    since = cursor.last_time or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    made = 0
    for row in rows_since(since=since, again_since=min(since, again_since), limit=batch):
        made += record(row)
        cursor.last_time = max(cursor.last_time or getattr(row, changed), getattr(row, changed))
    cursor.save()
    return made


def touchpoints_move(*, from_household_id: int, to_household_id: int) -> int:
    """When two records of one household are merged, its touches (and newsletter record) go with it."""
    from campaigns.models import Subscriber

    moved = Touchpoint.objects.filter(household_id=from_household_id).update(household_id=to_household_id)
    if not Subscriber.objects.filter(household_id=to_household_id).exists():
        Subscriber.objects.filter(household_id=from_household_id).update(household_id=to_household_id)
    touches_changed(household_ids=[from_household_id, to_household_id])
    return moved


# What the reports keep -----------------------------------------------------------------------------


@transaction.atomic
def touches_changed(*, household_ids: list[int]) -> None:
    """Once a household's touches were recorded or moved: its first touch and its stored credit again."""
    household_ids = households_lock(household_ids)
    journey_first_touch_refresh(household_ids=household_ids)
    credits_write(household_ids)

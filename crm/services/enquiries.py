"""The single front door: every enquiry, from every door, comes through ``enquiry_create``.

The enquiry and the household are committed first; emails and notices are side-effect rows
worked after the commit, so a broker outage delays them and loses nothing.
"""

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from core import consent
from core.outbox import enqueue_together
from crm.journey import journey_for
from crm.models import (
    PARTNER_COUNCILS,
    STAGES_BEFORE_ENQUIRY,
    AuditEvent,
    Consent,
    Council,
    Enquiry,
    EnquiryType,
    Household,
    SideEffect,
    Source,
    StageChange,
    TimelineEntry,
)
from crm.postcodes import phone_normalise, postcode_normalise
from crm.selectors import CouncilDecision, council_decide, households_visible_to
from crm.signals import enquiry_accepted, newsletter_consent_given, send_on_commit

from .journeys import journey_start
from .pipeline import clock_refresh, clock_start_new
from .privacy import audit_record
from .records import Records
from .routing import council_team, household_reroute, household_route, route_choose, route_give, route_record


class EnquiryError(Exception):
    """An enquiry that cannot be taken as it is; the message says why, in plain English."""


@dataclass
class EnquiryDetails:
    """What someone told us when they enquired. Only a first name and a way to reach them are required."""

    first_name: str
    last_name: str = ""
    partner_first_name: str = ""
    partner_last_name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    council: str = ""
    household_type: str = ""
    children_at_home: str = ""
    interests: list[str] = field(default_factory=list)
    heard_about: str = ""
    heard_about_detail: str = ""
    best_time_to_call: str = ""
    message: str = ""
    contact_consent: bool = False
    newsletter_consent: bool = False
    information_pack: bool = False  # email them the information pack (the website sends it)
    # What they asked about (an ``EnquiryType``), and what they told us for that service (for support:
    # ``crm.selectors.support_details_clean`` says what is kept).
    enquiry_type: str = EnquiryType.ADOPTING
    service_details: dict = field(default_factory=dict)

    def __post_init__(self):
        self.email = (self.email or "").strip().lower()
        self.phone = phone_normalise(self.phone)
        self.postcode = postcode_normalise(self.postcode)


def enquiry_create(
    *,
    source: str,
    details: EnquiryDetails,
    submission_key=None,
    logged_by=None,
    attribution: dict | None = None,
    spam_reasons: list[str] | None = None,
    received_at: dt.datetime | None = None,
) -> Enquiry:
    """Take an enquiry through the front door.

    Returns the existing enquiry when ``submission_key`` has been seen before (a double-clicked
    submit). Suspected spam is kept in quarantine, unrouted, for a person to release or reject.
    """
    if not details.first_name.strip():
        raise EnquiryError("An enquiry needs a first name.")
    if not (details.email or details.phone):
        raise EnquiryError("An enquiry needs an email address or a phone number.")
    if not details.contact_consent:
        raise EnquiryError("We can only take an enquiry from someone who has agreed to be contacted.")
    if details.enquiry_type not in EnquiryType.values:
        raise EnquiryError("Choose what the enquiry is about from the list.")

    # The postcode decides; the council they chose is kept in ``data`` for a worker to confirm.
    decision = council_decide(postcode=details.postcode, stated=details.council)
    enquiry = Enquiry(
        source=source,
        council=decision.council,
        received_at=received_at or timezone.now(),
        submission_key=submission_key,
        data=asdict(details),
        message=details.message,
        heard_about=details.heard_about,
        heard_about_detail=details.heard_about_detail,
        attribution=attribution or {},
        spam_reasons=spam_reasons or [],
        logged_by=logged_by,
        status=Enquiry.Status.QUARANTINED if spam_reasons else Enquiry.Status.ACCEPTED,
    )
    # What the commit queues (the emails, the touches) goes to the broker as one message.
    with enqueue_together():
        try:
            with transaction.atomic():
                records = Records()
                if enquiry.status == Enquiry.Status.ACCEPTED:
                    _enquiry_accept(
                        enquiry, details=details, decision=decision, by=logged_by, records=records
                    )
                else:
                    enquiry.save()
                records.audit += audit_record(
                    action=AuditEvent.Action.CHANGE,
                    target=enquiry,
                    user=logged_by,
                    summary=_arrived(enquiry),
                    save=False,
                )
                records.write()
        except IntegrityError:
            # The same submission again (a double click, or two at once): the unique key keeps the first.
            if submission_key and (existing := Enquiry.objects.filter(submission_key=submission_key).first()):
                return existing
            raise
    return enquiry


def enquiry_release(*, enquiry: Enquiry, by) -> Enquiry:
    """A person decided a quarantined enquiry is genuine: take it in as if it had just arrived."""
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if enquiry.status not in (Enquiry.Status.QUARANTINED, Enquiry.Status.SPAM):
            return enquiry
        enquiry.status = Enquiry.Status.RELEASED
        enquiry.released_by = by
        enquiry.save(update_fields=["status", "released_by"])
        details = EnquiryDetails(**enquiry.data)
        decision = council_decide(postcode=details.postcode, stated=details.council)
        records = Records()
        _enquiry_accept(enquiry, details=details, decision=decision, by=by, records=records)
        records.write()
        audit_record(
            action=AuditEvent.Action.CHANGE, target=enquiry, user=by, summary="Released from quarantine"
        )
    return enquiry


def enquiry_mark_spam(*, enquiry: Enquiry, by) -> Enquiry:
    """Confirm a quarantined enquiry as spam. It is kept, never routed, and can still be released."""
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if enquiry.status == Enquiry.Status.QUARANTINED:
            enquiry.status = Enquiry.Status.SPAM
            enquiry.released_by = by
            enquiry.save(update_fields=["status", "released_by"])
            audit_record(
                action=AuditEvent.Action.CHANGE, target=enquiry, user=by, summary="Confirmed as spam"
            )
    return enquiry


def _arrived(enquiry: Enquiry) -> str:
    return f"{enquiry.get_source_display()} enquiry {enquiry.get_status_display().lower()}"


def _enquiry_accept(
    enquiry: Enquiry, *, details: EnquiryDetails, decision: CouncilDecision, by, records: Records
) -> Household:
    """Take in an accepted enquiry: its household found or made, and the enquiry saved with it.

    A new household is routed as it is made (its team and worker in its first save); a returning
    one has its routing checked again. An enquiry not saved yet is saved here, once, with its
    household. Its timeline entry, its reply and a new household's routing rows go in ``records``,
    for the caller to write with its own.
    """
    _identity_lock(details)
    routing = Records()
    household, created, routed = _household_find_or_create(
        details, decision=decision, at=enquiry.received_at, records=routing
    )
    enquiry.household = household
    if enquiry.pk is None:
        enquiry.save()
    else:
        enquiry.save(update_fields=["household"])
    verb = "logged" if enquiry.source in (Source.PHONE, Source.EMAIL) and by else "received"
    records.timeline.append(
        TimelineEntry(
            household=household,
            kind=TimelineEntry.Kind.ENQUIRY,
            at=enquiry.received_at,
            by=by,
            summary=f"{enquiry.get_source_display()} enquiry {verb}",
            body=details.message,
            enquiry=enquiry,
        )
    )
    records.timeline += routing.timeline
    records.audit += routing.audit
    records.side_effects += routing.side_effects
    if not routed:
        # What a returning household's routing check and reopening write comes after its enquiry.
        records.write()
    # Someone asking another service agreed to be contacted about their request, not about adopting.
    wording = consent.CONTACT if details.enquiry_type == EnquiryType.ADOPTING else consent.SERVICE_CONTACT
    _consents_record(
        household,
        details,
        enquiry=enquiry,
        source=enquiry.get_source_display(),
        at=enquiry.received_at,
        contact=wording,
    )
    if not household.is_open:
        _household_reopen_for_enquiry(household, at=enquiry.received_at)
    if created and not routed:
        household_route(household=household)
    elif not created:
        _routing_recheck(household, details=details, decision=decision, by=by)
    records.side_effects += _enquiry_replies(enquiry, household, decision=decision)
    send_on_commit(enquiry_accepted, enquiry_id=enquiry.pk)
    return household


def _identity_lock(details: EnquiryDetails) -> None:
    """Serialise enquiries from the same email or phone, so two at once still make one household.

    PostgreSQL gets a transaction-scoped advisory lock per identity; SQLite already runs one
    writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    for identity in sorted(filter(None, [details.email, details.phone])):
        key = int.from_bytes(hashlib.blake2b(identity.encode(), digest_size=8).digest(), "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def household_find_match(
    *, email: str = "", phone: str = "", service: str | None = EnquiryType.ADOPTING
) -> Household | None:
    """The household already known by this email address or phone number, most recent first.

    Someone known before enquiring (who asked for the information pack, or booked a family event) is
    known too: their enquiry joins them, whatever it asks about. Otherwise a case of the same service
    (``service``; None: any): asking another service for help opens a case with that service. Closed
    cases are found as well (an enquiry reopens them).
    """
    query = Q()
    if email:
        query |= Q(email__iexact=email)
    if phone:
        query |= Q(phone=phone_normalise(phone))
    if not query:
        return None
    households = Household.objects.known().filter(query)
    if service is not None:
        households = households.filter(Q(service=service) | Q(stage__in=STAGES_BEFORE_ENQUIRY))
    return households.order_by("-last_enquiry_at", "-pk").first()


def household_known_create(details: EnquiryDetails, *, stage: str, at) -> Household:
    """A new household at a stage before enquiry (a pack request, a family event's booking): routed to
    its council's team so it is theirs once it becomes a case, with no worker and no clock."""
    council = council_decide(postcode=details.postcode, stated=details.council).council
    return Household.objects.create(
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=details.email,
        phone=details.phone,
        postcode=details.postcode,
        council=council,
        team=council_team(council),
        stage=stage,
        stage_entered_at=at,
        first_enquiry_at=at,
        last_enquiry_at=at,
        stage_dates={stage: timezone.localdate(at).isoformat()},
    )


def _household_find_or_create(
    details: EnquiryDetails, *, decision: CouncilDecision, at, records: Records
) -> tuple[Household, bool, bool]:
    """The household for this enquiry; whether its case starts now; whether it was routed already
    (a new household, whose routing rows are in ``records``)."""
    household = household_find_match(email=details.email, phone=details.phone, service=details.enquiry_type)
    start = journey_for(details.enquiry_type).start
    if household is None:
        household = Household(
            service=details.enquiry_type,
            service_details=details.service_details,
            stage=start,
            first_name=details.first_name.strip(),
            last_name=details.last_name.strip(),
            partner_first_name=details.partner_first_name.strip(),
            partner_last_name=details.partner_last_name.strip(),
            email=details.email,
            phone=details.phone,
            postcode=details.postcode,
            council=decision.council,
            council_stated=decision.stated,
            household_type=details.household_type,
            children_at_home=details.children_at_home,
            interests=sorted(set(details.interests)),
            best_time_to_call=details.best_time_to_call,
            first_enquiry_at=at,
            last_enquiry_at=at,
            stage_entered_at=at,
            stage_dates={start: timezone.localdate(at).isoformat()},
        )
        # Saved once, with its first clock already running and its team and worker chosen: the
        # team's row is locked from here to the commit (``route_choose``).
        clock_start_new(household)
        route, routed_at = route_choose(household=household), timezone.now()
        route_give(household, route, at=routed_at)
        household.save()
        journey_start(household=household)
        route_record(household, route, at=routed_at, records=records)
        return household, True, True

    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.stage in STAGES_BEFORE_ENQUIRY:
        return _household_start_case(household, details, decision=decision, at=at), True, False
    # Fill in what we did not know; what staff have already recorded stays as it is. The postcode
    # is checked again with the routing (``_routing_recheck``).
    for name in ("last_name", "partner_first_name", "partner_last_name", "email", "phone"):
        if not getattr(household, name) and getattr(details, name):
            setattr(household, name, getattr(details, name).strip())
    for name in ("household_type", "children_at_home", "best_time_to_call"):
        if getattr(details, name):
            setattr(household, name, getattr(details, name))
    household.interests = sorted(set(household.interests) | set(details.interests))
    household.service_details = {
        **household.service_details,
        **{key: value for key, value in details.service_details.items() if value not in ("", None, [])},
    }
    household.last_enquiry_at = max(household.last_enquiry_at, at)
    household.save()
    return household, False, False


def _household_start_case(
    household: Household, details: EnquiryDetails, *, decision: CouncilDecision, at
) -> Household:
    """Someone known before enquiring (who asked for the information pack, or booked a family event) has
    enquired: their case starts now, on the same record, as a new household's would.

    It is routed by the caller, as a new household is; nothing from before counts towards the case's
    clocks (its first contact is the first call after this enquiry).
    """
    for name in ("last_name", "partner_first_name", "partner_last_name", "phone"):
        if not getattr(household, name) and getattr(details, name):
            setattr(household, name, getattr(details, name).strip())
    if details.postcode:
        household.postcode = details.postcode
        household.council, household.council_stated = decision.council, decision.stated
    elif decision.council != Council.UNKNOWN:
        household.council = decision.council
    for name in ("household_type", "children_at_home", "best_time_to_call"):
        if getattr(details, name):
            setattr(household, name, getattr(details, name))
    household.interests = sorted(set(household.interests) | set(details.interests))
    household.service = details.enquiry_type
    household.service_details = details.service_details
    household.stage = start = journey_for(details.enquiry_type).start
    household.first_enquiry_at = household.last_enquiry_at = household.stage_entered_at = at
    household.first_contact_at = None
    household.stage_dates = {**household.stage_dates, start: timezone.localdate(at).isoformat()}
    clock_start_new(household)
    household.save()
    journey_start(household=household)
    return household


def _routing_recheck(
    household: Household, *, details: EnquiryDetails, decision: CouncilDecision, by=None
) -> None:
    """A returning person's new enquiry: check council and team again where it tells us something new.

    A new postcode decides the council afresh; a household without a team, or whose council is to be
    confirmed or outside, takes the council this enquiry gives. Then it moves team if it must. A
    member of staff who logs an enquiry for a household they may not see never moves it (into their
    own team, say): the new postcode is left on its record for its own team to check.
    """
    if by is not None and not households_visible_to(by).filter(pk=household.pk).exists():
        if details.postcode and details.postcode != household.postcode:
            TimelineEntry.objects.create(
                household=household,
                kind=TimelineEntry.Kind.NOTE,
                summary=f"A new enquiry gave the postcode {details.postcode}: check where they live now",
            )
        return
    why = ""
    if details.postcode and details.postcode != household.postcode:
        was = household.postcode or "none"
        household.postcode = details.postcode
        household.council, household.council_stated = decision.council, decision.stated
        why = f"a new enquiry gave the postcode {details.postcode} (before: {was})"
    elif (
        household.team_id is None or household.council not in PARTNER_COUNCILS
    ) and decision.council not in (Council.UNKNOWN, household.council):
        household.council, household.council_stated = decision.council, decision.stated
        why = f"a new enquiry said {household.get_council_display()}"
    if not why:
        return
    household.save(update_fields=["postcode", "council", "council_stated", "updated_at"])
    if not household_reroute(household=household, why=why) and household.team_id is None:
        household_route(household=household)


def _consents_record(
    household: Household,
    details: EnquiryDetails,
    *,
    enquiry: Enquiry | None,
    source: str,
    at,
    contact: consent.Wording = consent.CONTACT,
) -> None:
    """The consent to be contacted given with an enquiry (or a family event's booking, in its own words),
    and to the newsletter if they asked for it."""
    Consent.objects.create(
        household=household,
        enquiry=enquiry,
        purpose=Consent.Purpose.CONTACT,
        granted=True,
        wording_version=contact.version,
        wording=contact.text,
        source=source,
        recorded_at=at,
    )
    if details.newsletter_consent:
        newsletter = Consent.objects.create(
            household=household,
            enquiry=enquiry,
            purpose=Consent.Purpose.NEWSLETTER,
            granted=True,
            wording_version=consent.NEWSLETTER.version,
            wording=consent.NEWSLETTER.text,
            source=source,
            recorded_at=at,
        )
        send_on_commit(newsletter_consent_given, household_id=household.pk, consent_id=newsletter.pk)


def _household_reopen_for_enquiry(household: Household, *, at) -> None:
    """Someone whose case was closed has come back: a new journey starts where its service's cases open."""
    start = journey_for(household.service).start
    change = StageChange.objects.create(
        household=household,
        kind=StageChange.Kind.REOPEN,
        from_stage=household.stage,
        to_stage=start,
        effective_at=at,
        note="Reopened by a new enquiry.",
    )
    household.closed_at = None
    household.closure_reason = ""
    household.stage = start
    household.stage_entered_at = at
    household.stage_dates = {**household.stage_dates, start: timezone.localdate(at).isoformat()}
    household.first_contact_at = None
    household.save()
    clock_refresh(household)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.STAGE,
        at=at,
        summary="Case reopened by a new enquiry",
        stage_change=change,
    )


def _enquiry_replies(
    enquiry: Enquiry, household: Household, *, decision: CouncilDecision
) -> list[SideEffect]:
    """The reply the enquirer gets, if any, still to be written."""
    # An event booking sends its own confirmation; one email is enough.
    if not household.email or enquiry.source == Source.EVENT:
        return []
    # Only a postcode we know to be outside the partnership earns the out-of-area reply; without
    # one we cannot tell, so the enquirer gets the ordinary confirmation and a person sorts it out.
    # A request to another service may be the partnership's however far away the family lives (the
    # placing council's three years): it gets its own confirmation, never the out-of-area reply.
    # ``decision`` is this enquiry's postcode's; a returning household may keep another on its record.
    if household.postcode != enquiry.data.get("postcode", ""):
        decision = council_decide(postcode=household.postcode)
    out_of_area = household.service == EnquiryType.ADOPTING and decision.known_outside
    kind = "out_of_area_reply" if out_of_area else "enquiry_confirmation"
    return [
        SideEffect(
            kind=kind, key=f"{kind}:{enquiry.pk}", household=household, payload={"enquiry_id": enquiry.pk}
        )
    ]

"""Privacy: finding everything held about one person, and the audit trail.

Managers only; the views check ``sees_everything`` before calling these.
"""

import dataclasses
import datetime as dt
import re

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.personal_data import Anchor, Person, holders
from crm.models import (
    AuditEvent,
    Consent,
    Document,
    DocumentRequest,
    Enquiry,
    EqualityAnswers,
    EventBooking,
    Household,
    PrintedPack,
    SideEffect,
    StageChange,
    TimelineEntry,
)
from crm.postcodes import phone_normalise

PRIVACY_RESOLVE_ROUNDS = 6
REFERENCE_RE = re.compile(r"^\s*APSE-?0*(\d{1,12})\s*$", re.IGNORECASE)


def _identities_from(data: dict, emails: set[str], phones: set[str]) -> None:
    if email := str(data.get("email") or "").strip().lower():
        emails.add(email)
    if phone := phone_normalise(str(data.get("phone") or "")):
        phones.add(phone)


def person_resolve(
    *,
    household_ids=(),
    enquiry_ids=(),
    emails=(),
    phones=(),
    records=(),
) -> Person:
    """Everything here that belongs to the same person as the records and details given.

    Households are joined by email address, phone number and merges (both ways); enquiries add the
    addresses they were sent from; other apps add their own records through their holders. It goes
    round until nothing new turns up, as a merge or a second address can lead to more.
    """
    households, enquiries = set(household_ids), set(enquiry_ids)
    emails = {email.strip().lower() for email in emails if email and email.strip()}
    phones = {phone_normalise(phone) for phone in phones if phone_normalise(phone)}
    records = set(records)
    for _ in range(PRIVACY_RESOLVE_ROUNDS):
        before = (len(households), len(enquiries), len(emails), len(phones), len(records))
        query = Q(pk__in=households) | Q(merged_into__in=households)
        if emails:
            query |= Q(email__in=emails)
        if phones:
            query |= Q(phone__in=phones)
        for pk, merged_into, email, phone in Household.objects.filter(query).values_list(
            "pk", "merged_into", "email", "phone"
        ):
            households.add(pk)
            if merged_into:
                households.add(merged_into)
            _identities_from({"email": email, "phone": phone}, emails, phones)
        for data in Enquiry.objects.filter(household__in=households).values_list("data", flat=True):
            _identities_from(data or {}, emails, phones)
        query = Q(pk__in=enquiries)
        if emails:
            query |= Q(data__email__in=sorted(emails))
        if phones:
            query |= Q(data__phone__in=sorted(phones))
        for pk, data in (
            Enquiry.objects.filter(household__isnull=True).filter(query).values_list("pk", "data")
        ):
            enquiries.add(pk)
            _identities_from(data or {}, emails, phones)
        person = Person(
            tuple(sorted(households)), tuple(sorted(enquiries)), frozenset(emails), frozenset(phones)
        )
        for holder in holders():
            more_households, more_emails, more_records = holder.identities(
                Person(
                    person.household_ids, person.enquiry_ids, person.emails, person.phones, frozenset(records)
                )
            )
            households |= set(more_households)
            emails |= {email.lower() for email in more_emails if email}
            records |= set(more_records)
        if before == (len(households), len(enquiries), len(emails), len(phones), len(records)):
            break
    return Person(
        household_ids=tuple(sorted(households)),
        enquiry_ids=tuple(sorted(enquiries)),
        emails=frozenset(emails),
        phones=frozenset(phones),
        records=frozenset(records),
    )


def privacy_find(*, query: str) -> list[Anchor]:
    """Records matching a reference (APSE-000123), an email address or a phone number."""
    query = (query or "").strip()
    if not query:
        return []
    if match := REFERENCE_RE.match(query):
        household = Household.objects.filter(pk=int(match.group(1))).first()
        return [_household_anchor(household)] if household else []
    email = query.lower() if "@" in query else ""
    phone = "" if email else phone_normalise(query)
    if not email and len(phone) < 6:
        return []
    households = Household.objects.filter(Q(email=email) if email else Q(phone=phone)).order_by("-pk")
    anchors = [_household_anchor(household) for household in households[:50]]
    field = "data__email" if email else "data__phone"
    quarantined = Enquiry.objects.filter(household__isnull=True, **{field: email or phone}).order_by("-pk")
    anchors += [
        Anchor(
            "enquiry", enquiry.pk, f"{enquiry.get_status_display()} enquiry, {enquiry.received_at:%d %b %Y}"
        )
        for enquiry in quarantined[:50]
    ]
    for holder in holders():
        anchors += holder.find(email=email, phone=phone)
    return anchors


def _household_anchor(household: Household) -> Anchor:
    if household.merged_into_id:
        state = f"merged into APSE-{household.merged_into_id:06d}"
    elif household.is_open:
        state = household.get_stage_display().lower()
    else:
        state = "closed"
    return Anchor("household", household.pk, f"{household.reference}: {household.display_name} ({state})")


def person_for_anchor(*, key: str) -> tuple[Anchor, Person]:
    """The person behind an anchor such as ``household-12``, ``enquiry-5`` or ``subscriber-7``; else a 404."""
    kind, _, pk = (key or "").partition("-")
    if not pk.isdigit():
        raise Http404("No such record")
    pk = int(pk)
    if kind == "household":
        household = Household.objects.filter(pk=pk).first()
        if household is None:
            raise Http404("No such record")
        return _household_anchor(household), person_resolve(household_ids=[pk])
    if kind == "enquiry":
        enquiry = Enquiry.objects.filter(pk=pk, household__isnull=True).first()
        if enquiry is None:
            raise Http404("No such record")
        return Anchor("enquiry", pk, f"{enquiry.get_status_display()} enquiry"), person_resolve(
            enquiry_ids=[pk]
        )
    for holder in holders():
        found = holder.anchor_identities(kind=kind, pk=pk)
        if found is not None:
            household_ids, emails = found
            person = person_resolve(household_ids=household_ids, emails=emails, records=[(kind, pk)])
            return Anchor(kind, pk, f"{holder.label}: {kind} {pk}"), person
    raise Http404("No such record")


def person_households(person: Person) -> QuerySet[Household]:
    return Household.objects.filter(pk__in=person.household_ids).select_related("team").order_by("pk")


def person_counts(person: Person) -> list[tuple[str, int]]:
    """How many records of each kind are held about the person, everywhere here."""
    households = person.household_ids
    counts = [
        ("Household records (merged records included)", len(households)),
        ("Enquiries", Enquiry.objects.filter(household__in=households).count()),
        ("Quarantined or spam enquiries", len(person.enquiry_ids)),
        ("Consents", Consent.objects.filter(household__in=households).count()),
        ("Stage history entries", StageChange.objects.filter(household__in=households).count()),
        ("Timeline entries", TimelineEntry.objects.filter(household__in=households).count()),
        ("Event bookings", EventBooking.objects.filter(household__in=households).count()),
        ("Emails sent or queued", SideEffect.objects.filter(household__in=households).count()),
        ("Printed information packs", PrintedPack.objects.filter(household__in=households).count()),
        ("Documents asked for", DocumentRequest.objects.filter(household__in=households).count()),
        ("Documents they sent us", Document.objects.filter(household__in=households).count()),
        # Whether they answered, never what: the answers are only in their own subject access file.
        (
            "Equality answers (one set a person)",
            EqualityAnswers.objects.filter(household__in=households).count(),
        ),
        ("Audit trail entries", audit_events_for_person(person).count()),
    ]
    for holder in holders():
        counts += list(holder.counts(person).items())
    return counts


def person_open_households(person: Person) -> list[Household]:
    """Open cases among the person's records: they are closed, with a real reason, before an erasure."""
    return list(Household.objects.open().filter(pk__in=person.household_ids).order_by("pk"))


def audit_events_for_person(person: Person) -> QuerySet[AuditEvent]:
    query = Q(household_id__in=person.household_ids) | Q(
        object_type="enquiry", object_id__in=person.enquiry_ids
    )
    for kind in {kind for kind, _ in person.records}:
        query |= Q(object_type=kind, object_id__in=person.record_ids(kind))
    return AuditEvent.objects.filter(query).select_related("user").order_by("-at", "-pk")


REPEATED_DENIALS = 3
REPEATED_DENIALS_DAYS = 7


@dataclasses.dataclass(frozen=True)
class RepeatedDenials:
    """One member of staff refused records again and again: who, how often, which records, from where."""

    username: str
    attempts: int
    last_at: dt.datetime
    events: list

    @property
    def records(self) -> list[dict]:
        """Each attempt: the record asked for, the key of its privacy page (if it is a household's) and when."""
        return [
            {
                "label": event.household_reference or f"{event.object_type} {event.object_id or ''}".strip(),
                "key": f"household-{event.household_id}" if event.household_id else "",
                "at": event.at,
            }
            for event in self.events
        ]

    @property
    def addresses(self) -> list[str]:
        return list(dict.fromkeys(event.ip_address or "address not known" for event in self.events))


def denied_attempts_repeated(
    *, at_least: int = REPEATED_DENIALS, days: int = REPEATED_DENIALS_DAYS, now: dt.datetime | None = None
) -> list[RepeatedDenials]:
    """Staff refused ``at_least`` records in the last ``days`` days, most attempts first.

    One mistyped address is nothing; several in a week is worth a manager's question.
    """
    since = (now or timezone.now()) - dt.timedelta(days=days)
    denied = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED, at__gte=since)
    counts = list(
        denied.values("username")
        .annotate(attempts=Count("pk"), last_at=Max("at"))
        .filter(attempts__gte=at_least)
        .order_by("-attempts", "-last_at", "username")
    )
    events: dict[str, list] = {row["username"]: [] for row in counts}
    for event in denied.filter(username__in=events).order_by("-at", "-pk"):
        events[event.username].append(event)
    return [
        RepeatedDenials(row["username"], row["attempts"], row["last_at"], events[row["username"]])
        for row in counts
    ]

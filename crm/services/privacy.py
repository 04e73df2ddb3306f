"""Privacy (UK GDPR, PECR): the audit trail, subject access, erasure and the retention policy.

Every view, change, export and removal of a person's record leaves an ``AuditEvent``, written in the
same transaction as the change it describes. Erasure and retention anonymise rather than delete
wherever a row is counted (households, enquiries, stage history, bookings, touches), so every
report and funnel gives the same figures afterwards; only the details that identify someone go.
Other apps' data (campaigns: touches, the newsletter list, Mailchimp) is reached through the holders
registered in ``core.personal_data``, in the same transaction.
"""

import contextlib
import contextvars
import datetime as dt
import io
import json
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone

from core import network
from core.personal_data import Anchor, Person, holders
from crm import selectors
from crm.models import (
    Anonymisation,
    ApplicantMessage,
    ApplicantSession,
    AuditEvent,
    ClockExtension,
    Document,
    DocumentRequest,
    Enquiry,
    EventBooking,
    Household,
    PrintedPack,
    RegistrationOfInterest,
    RetentionRule,
    SideEffect,
    SignInLink,
    StageChange,
    SurveyInvitation,
    SurveyResponse,
    TimelineEntry,
)
from crm.postcodes import postcode_prefixes
from crm.subject_access import summary_context

from .document_files import document_files_remove_on_commit
from .equality import equality_answers_remove

ANONYMISED_NAME = "Anonymised"
REMOVED = "Removed when the record was anonymised."
NOT_SENT = "Not sent: the person's details were removed first."
# What an anonymised enquiry keeps: the answers reports count, never what identifies someone.
ENQUIRY_DATA_KEPT = (
    "enquiry_type",
    "council",
    "household_type",
    "children_at_home",
    "interests",
    "heard_about",
    "contact_consent",
    "newsletter_consent",
)
# Campaign parameters stay (they say which campaign, not who); referrer, landing page and visitor id go.
ATTRIBUTION_KEPT = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "vanity", "host")
# Timeline entries whose summary never holds what a person told us; the others are replaced.
# Summaries written by the system that say nothing about the person (a registration's: "sent online").
TIMELINE_SUMMARIES_KEPT = (
    TimelineEntry.Kind.STAGE,
    TimelineEntry.Kind.ASSIGNMENT,
    TimelineEntry.Kind.CLOCK,
    TimelineEntry.Kind.REGISTRATION,
)
RETENTION_BATCH = 500


class PrivacyError(Exception):
    """A privacy action that cannot be done as asked; the message says why and what to do."""


# The audit trail


@dataclass(frozen=True)
class AuditContext:
    user: object | None
    ip_address: str | None


_audit_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "crm_audit_context", default=None
)


@contextlib.contextmanager
def audit_context(*, user, ip_address: str | None) -> Iterator[None]:
    """Who is acting and from where, for entries recorded deep inside services that are only given ``by``.

    ``crm.middleware.AuditContextMiddleware`` sets it for every request.
    """
    token = _audit_context.set(AuditContext(user=user, ip_address=ip_address))
    try:
        yield
    finally:
        _audit_context.reset(token)


def client_ip(request) -> str | None:
    """The member of staff's address: the one our load balancer saw, never the balancer's own.

    One rule for the whole site decides it (``core.network.client_ip``, which believes
    exactly ``TRUSTED_PROXY_COUNT`` proxies), so the trail, the lockout and the spam limits agree.
    """
    return network.client_ip(request)


def _actor(user, request) -> tuple[object | None, str | None]:
    """The member of staff acting and their address. The public's addresses are never kept in the trail."""
    context = _audit_context.get()
    if request is not None:
        user = user or getattr(request, "user", None)
        ip_address = client_ip(request)
    else:
        user = user or (context.user if context else None)
        ip_address = context.ip_address if context else None
    if user is None or not getattr(user, "is_authenticated", False):
        return None, None
    return user, ip_address


def _target(instance: Model) -> tuple[int | None, str, int | None]:
    """(household id, object type, object id) for any model row that belongs to a household."""
    household_id = instance.pk if isinstance(instance, Household) else getattr(instance, "household_id", None)
    return household_id, instance._meta.model_name, instance.pk


def audit_record(
    *,
    action: str,
    summary: str,
    target: Model | Iterable[Model] | None = None,
    user=None,
    request=None,
    household_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
    save: bool = True,
) -> list[AuditEvent]:
    """Record that a member of staff (or the system) viewed, changed, exported or removed a record.

    ``target`` is one row or several (one entry each): a household, an enquiry, a consent, a booking,
    a subscriber... Without a target, ``household_id``/``object_type``/``object_id`` say what it was.
    Summaries name records by reference and never by a person's details. Call it inside the
    transaction that makes the change, so the change and its entry commit together (or, without
    ``save``, take the entries to write with the change's other rows).
    """
    user, ip_address = _actor(user, request)
    common = {
        "at": timezone.now(),
        "user": user,
        "username": user.get_username() if user else "",
        "action": action,
        "summary": summary[:300],
        "ip_address": ip_address,
    }
    if target is None:
        targets = [(household_id, object_type, object_id)]
    elif isinstance(target, Model):
        targets = [_target(target)]
    else:
        targets = [_target(instance) for instance in target]
    events = [
        AuditEvent(household_id=household, object_type=kind, object_id=pk, **common)
        for household, kind, pk in targets
    ]
    return AuditEvent.objects.bulk_create(events, batch_size=1000) if save else events


def audit_export(*, request, what: str, rows: int, household_ids: Iterable[int] | None = None) -> int:
    """Record a download: one entry for the file, and one per household whose details it carried.

    An export of figures only passes no ``household_ids``. Returns how many entries were written.
    """
    user, ip_address = _actor(None, request)
    common = {"at": timezone.now(), "user": user, "username": user.get_username() if user else ""}
    common |= {"action": AuditEvent.Action.EXPORT, "ip_address": ip_address}
    AuditEvent.objects.create(object_type="export", summary=f"Exported {what}: {rows} rows"[:300], **common)
    household_ids = [int(pk) for pk in household_ids or ()]
    summary = f"Included in an export: {what}"[:300]
    if connection.vendor == "postgresql" and household_ids:
        # A return can carry tens of thousands of households: one statement, not one row object each.
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (at, user_id, username, action, household_id, object_type, object_id, "  # noqa: S608 - a quoted table name
                "summary, ip_address) SELECT %s, %s, %s, %s, pk, 'household', pk, %s, %s "
                "FROM unnest(%s::bigint[]) AS pk",
                [
                    common["at"],
                    user.pk if user else None,
                    common["username"],
                    common["action"],
                    summary,
                    ip_address,
                    household_ids,
                ],
            )
    else:
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(household_id=pk, object_type="household", object_id=pk, summary=summary, **common)
                for pk in household_ids
            ],
            batch_size=1000,
        )
    return 1 + len(household_ids)


# The records a refusal can name, and how to find the household each belongs to.
DENIED_HOUSEHOLD = {
    "household": lambda pk: pk,
    "enquiry": lambda pk: Enquiry.objects.filter(pk=pk).values_list("household_id", flat=True).first(),
    "eventbooking": lambda pk: (
        EventBooking.objects.filter(pk=pk).values_list("household_id", flat=True).first()
    ),
    "document": lambda pk: Document.objects.filter(pk=pk).values_list("household_id", flat=True).first(),
}


def audit_denied(*, request, object_type: str, object_id) -> AuditEvent | None:
    """Record that a member of staff asked for a personal-data record and was given a 404.

    Who, when, from which address (``client_ip``, as every entry) and which record: the household's
    reference where there is one, so the refusal shows in that person's trail too. Nothing here
    changes what the person who asked is shown: they still get the plain 404. Anyone not signed in
    never reaches these records (the admin sends them to sign in), so nothing is recorded for them.
    """
    user, ip_address = _actor(None, request)
    if user is None:
        return None
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        pk = None
    find_household = DENIED_HOUSEHOLD.get(object_type)
    household_id = find_household(pk) if find_household and pk is not None else None
    what = f"APSE-{household_id:06d}" if household_id else f"{object_type} {pk if pk is not None else '?'}"
    return AuditEvent.objects.create(
        at=timezone.now(),
        user=user,
        username=user.get_username(),
        action=AuditEvent.Action.DENIED,
        household_id=household_id,
        object_type=object_type,
        object_id=pk,
        summary=f"Refused {what}: not theirs to see ({request.method} {request.path})"[:300],
        ip_address=ip_address,
    )


# Anonymising: the rows stay, so every count stays; what identifies someone goes.


def postcode_district(postcode: str) -> str:
    """'ME14 1XX' becomes 'ME14': enough for reports by area, too broad to find anyone."""
    prefixes = postcode_prefixes(postcode)
    return prefixes[-1] if prefixes else ""


def _with_merged(household_ids: Iterable[int]) -> set[int]:
    """The households given and every record merged into them, however deep."""
    ids = set(household_ids)
    while more := set(
        Household.objects.filter(merged_into__in=ids).exclude(pk__in=ids).values_list("pk", flat=True)
    ):
        ids |= more
    return ids


def _enquiry_scrub(enquiry: Enquiry) -> None:
    data = {name: enquiry.data[name] for name in ENQUIRY_DATA_KEPT if name in (enquiry.data or {})}
    if district := postcode_district((enquiry.data or {}).get("postcode", "")):
        data["postcode"] = district
    enquiry.data = data
    enquiry.message = ""
    enquiry.heard_about_detail = ""
    enquiry.attribution = {
        name: value for name, value in (enquiry.attribution or {}).items() if name in ATTRIBUTION_KEPT
    }
    enquiry.submission_key = None


def _households_anonymise(
    *, household_ids: Iterable[int], cause: str, why: str, by=None, rule: RetentionRule | None = None
) -> list[int]:
    """Remove names, contact details, free text and postcode detail from households and everything under them.

    Stage, dates, council, flags, team, stage history, bookings, consents and touches stay, so
    every report counts them as before. Callers hold a transaction. Returns the ids anonymised.
    """
    ids = sorted(_with_merged(household_ids))
    households = list(Household.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    for household in households:
        household.first_name = ANONYMISED_NAME
        household.last_name = household.partner_first_name = household.partner_last_name = ""
        household.email = household.phone = household.best_time_to_call = ""
        household.postcode = postcode_district(household.postcode)
        # What they told a service (a child's age, an order's date, a placing council) can point to them.
        household.service_details = {}
    Household.objects.bulk_update(
        households,
        [
            "first_name",
            "last_name",
            "partner_first_name",
            "partner_last_name",
            "email",
            "phone",
            "best_time_to_call",
            "postcode",
            "service_details",
        ],
    )
    enquiries = list(Enquiry.objects.filter(household__in=ids))
    for enquiry in enquiries:
        _enquiry_scrub(enquiry)
    Enquiry.objects.bulk_update(
        enquiries, ["data", "message", "heard_about_detail", "attribution", "submission_key"], batch_size=500
    )
    for kind, label in TimelineEntry.Kind.choices:
        if kind not in TIMELINE_SUMMARIES_KEPT:
            TimelineEntry.objects.filter(household__in=ids, kind=kind).update(
                summary=f"{label} (details removed)", body=""
            )
    TimelineEntry.objects.filter(household__in=ids).exclude(body="").update(body="")
    StageChange.objects.filter(household__in=ids).exclude(note="").update(note="")
    ClockExtension.objects.filter(household__in=ids).update(reason=REMOVED)
    bookings = list(EventBooking.objects.filter(household__in=ids))
    for booking in bookings:
        # The old cancellation links in their emails stop leading anywhere.
        booking.token = uuid.uuid4()
        booking.access_needs = ""
    EventBooking.objects.bulk_update(bookings, ["token", "access_needs"], batch_size=500)
    # A pack not yet posted goes off the print list: there is no longer an address to post it to.
    PrintedPack.objects.filter(household__in=ids, posted_at__isnull=True).delete()
    packs = list(PrintedPack.objects.filter(household__in=ids))
    for pack in packs:
        pack.name, pack.address, pack.postcode = ANONYMISED_NAME, "", postcode_district(pack.postcode)
    PrintedPack.objects.bulk_update(packs, ["name", "address", "postcode"], batch_size=500)
    # Documents they sent go altogether, files first from storage once this commits; the requests stay, bare.
    documents = list(Document.objects.filter(household__in=ids))
    audit_record(action=AuditEvent.Action.DELETE, target=documents, user=by, summary=why)
    Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
    document_files_remove_on_commit(document.file.name for document in documents)
    DocumentRequest.objects.filter(household__in=ids).update(label="", note="")
    # Their registration of interest: every answer goes; when it was started and sent stays, as dates do.
    RegistrationOfInterest.objects.filter(household__in=ids).update(answers={}, drafts={})
    # Their equality answers go altogether: kept apart from the case, they no longer count anywhere.
    equality_answers_remove(household_ids=ids)
    # Their sign-in links and sessions: the address is gone, and so is every way in to their page.
    SignInLink.objects.filter(household__in=ids).delete()
    ApplicantSession.objects.filter(household__in=ids).delete()
    ApplicantMessage.objects.filter(household__in=ids).update(body=REMOVED)
    # Their survey invitations, and the answers they put their name to (anonymous ones have no link).
    SurveyResponse.objects.filter(household__in=ids).delete()
    SurveyInvitation.objects.filter(household__in=ids).delete()
    effects = SideEffect.objects.filter(household__in=ids)
    effects.filter(status=SideEffect.Status.PENDING).update(
        status=SideEffect.Status.DONE, done_at=timezone.now(), next_attempt_at=None, last_error=NOT_SENT
    )
    effects.exclude(last_error__in=["", NOT_SENT]).update(last_error=REMOVED)
    Anonymisation.objects.bulk_create(
        [Anonymisation(object_type="household", object_id=pk, cause=cause, rule=rule) for pk in ids],
        ignore_conflicts=True,
    )
    audit_record(action=AuditEvent.Action.ANONYMISE, target=households, user=by, summary=why)
    return ids


# Subject access


@dataclass(frozen=True)
class SubjectAccessFile:
    filename: str
    content: bytes
    sections: dict = field(default_factory=dict)


def _audit_targets(anchor: Anchor, person: Person) -> list[tuple[int | None, str, int | None]]:
    targets = [(pk, "household", pk) for pk in person.household_ids]
    targets += [(None, "enquiry", pk) for pk in person.enquiry_ids]
    targets += [(None, kind, pk) for kind, pk in sorted(person.records)]
    return targets or [(None, anchor.kind, anchor.pk)]


@transaction.atomic
def subject_access_export(*, anchor: Anchor, person: Person, by, request=None) -> SubjectAccessFile:
    """Everything held about a person, as a ZIP: a summary to read (HTML) and the same data as JSON.

    The export is recorded in the audit trail first, so the file lists its own making.
    """
    if person.is_empty:
        raise PrivacyError("Nothing is held about this person, so there is nothing to export.")
    for household_id, kind, pk in _audit_targets(anchor, person):
        audit_record(
            action=AuditEvent.Action.SUBJECT_ACCESS,
            user=by,
            request=request,
            household_id=household_id,
            object_type=kind,
            object_id=pk,
            summary="Exported in a subject access file",
        )
    now = timezone.now()
    sections = selectors.person_record(person)
    for holder in holders():
        sections.update(holder.export(person))
    sections["Audit trail: who viewed, changed or exported your record"] = selectors.audit_rows(
        selectors.audit_events_for_person(person)
    )
    about = {
        "Organisation": "Adoption Partnership south east (Kent County Council, Medway Council, London Borough of Bexley)",
        "Prepared": timezone.localtime(now).isoformat(timespec="seconds"),
        "Prepared by": (by.get_full_name() or by.get_username()) if by else "",
        "Records": [f"APSE-{pk:06d}" for pk in person.household_ids],
        "Email addresses and phone numbers used to find the records": sorted(person.emails | person.phones),
    }
    document = {"about": about, "sections": sections}
    summary = render_to_string(
        "crm/privacy/subject_access.html", summary_context(about=about, sections=sections)
    )
    folder = f"subject-access-{anchor.key}-{timezone.localdate(now):%Y-%m-%d}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/summary.html", summary)
        archive.writestr(
            f"{folder}/data.json", json.dumps(document, indent=2, ensure_ascii=False, default=str)
        )
        # Copies of the documents they sent us, as the summary lists them ("In this download").
        for path, content in selectors.subject_access_files(person):
            archive.writestr(f"{folder}/{path}", content)
    return SubjectAccessFile(filename=f"{folder}.zip", content=buffer.getvalue(), sections=sections)


# Erasure


@dataclass(frozen=True)
class ErasureResult:
    households: list[int]
    enquiries_deleted: int
    elsewhere: dict[str, int]


@transaction.atomic
def person_erase(*, person: Person, by, reason: str) -> ErasureResult:
    """Anonymise a person everywhere here, and have Mailchimp delete them for good (a right-to-erasure request).

    Every record of theirs is included, merged-away records too. Open cases are refused: a case is
    closed first with the reason that fits, so the reports count its ending correctly. The reason
    given is kept in the audit trail, so it must not name the person.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise PrivacyError(
            "Say why this person's details are being erased, for the record (without their name)."
        )
    if person.is_empty:
        raise PrivacyError("Nothing is held about this person, so there is nothing to erase.")
    if still_open := selectors.person_open_households(person):
        references = ", ".join(household.reference for household in still_open)
        raise PrivacyError(
            f"{references} {'is' if len(still_open) == 1 else 'are'} still open. Close the case first, "
            "choosing the reason that fits, then erase."
        )
    why = f"Erased on request. Reason: {reason}"
    households = _households_anonymise(
        household_ids=person.household_ids, cause=Anonymisation.Cause.ERASURE, why=why, by=by
    )
    quarantined = list(Enquiry.objects.filter(pk__in=person.enquiry_ids, household__isnull=True))
    audit_record(action=AuditEvent.Action.DELETE, target=quarantined, user=by, summary=why)
    Enquiry.objects.filter(pk__in=[enquiry.pk for enquiry in quarantined]).delete()
    elsewhere: dict[str, int] = {}
    for holder in holders():
        elsewhere.update(holder.erase(person, by=by))
    return ErasureResult(households=households, enquiries_deleted=len(quarantined), elsewhere=elsewhere)


# Retention


def retention_apply(
    *, now: dt.datetime | None = None, by=None, batch: int = RETENTION_BATCH
) -> dict[str, int]:
    """Apply every active rule once, in batches; returns how many records each rule changed or removed.

    Safe to run again at any time: anonymised records are marked and never picked twice, and each
    batch commits on its own, so a long backlog neither holds one huge transaction nor starts over.
    """
    now = now or timezone.now()
    done = {}
    for rule in RetentionRule.objects.filter(is_active=True).exclude(action=RetentionRule.Action.KEEP):
        done[rule.kind] = _retention_rule_apply(rule, now=now, by=by, batch=batch)
    return done


def _batches(next_batch) -> Iterator[list[int]]:
    """Ids from ``next_batch()`` until it runs dry, stopping if it offers the same rows twice."""
    seen: set[int] = set()
    while ids := next_batch():
        if seen.issuperset(ids):
            return
        seen |= set(ids)
        yield ids


def _retention_rule_apply(rule: RetentionRule, *, now: dt.datetime, by, batch: int) -> int:
    cutoff = selectors.retention_cutoff(rule, now=now)
    why = f"Retention rule: {rule}"
    total = 0
    if rule.kind in selectors.RETENTION_CASE_KINDS:

        def next_households():
            households = selectors.retention_households(kind=rule.kind, cutoff=cutoff)
            return list(households.values_list("pk", flat=True)[:batch])

        for ids in _batches(next_households):
            with transaction.atomic():
                anonymised = _households_anonymise(
                    household_ids=ids, cause=Anonymisation.Cause.RETENTION, why=why, by=by, rule=rule
                )
                for holder in holders():
                    holder.anonymise_households(anonymised, by=by)
            total += len(ids)
        return total
    if rule.kind == RetentionRule.Kind.SPAM:

        def next_spam():
            return list(selectors.retention_spam(cutoff=cutoff).values_list("pk", flat=True)[:batch])

        for ids in _batches(next_spam):
            with transaction.atomic():
                spam = list(Enquiry.objects.select_for_update().filter(pk__in=ids, household__isnull=True))
                audit_record(action=AuditEvent.Action.DELETE, target=spam, user=by, summary=why)
                Enquiry.objects.filter(pk__in=[enquiry.pk for enquiry in spam]).delete()
            total += len(spam)
        return total
    if rule.kind == RetentionRule.Kind.ACCESS_NEEDS:
        return _access_needs_remove(cutoff=cutoff, why=why, by=by, batch=batch)
    if rule.kind == RetentionRule.Kind.AUDIT_EVENTS:
        with transaction.atomic():
            total, _ = selectors.retention_audit_events(cutoff=cutoff).delete()
            if total:
                audit_record(
                    action=AuditEvent.Action.DELETE,
                    user=by,
                    object_type="auditevent",
                    summary=f"{why}. {total} entries recorded before {timezone.localdate(cutoff):%d %B %Y} deleted",
                )
        return total
    for holder in holders():
        if rule.kind in holder.retention_kinds:
            total += holder.retention_apply(kind=rule.kind, cutoff=cutoff, rule=rule, by=by, batch=batch)
    return total


def _access_needs_remove(*, cutoff: dt.datetime, why: str, by, batch: int) -> int:
    """Blank the access needs of bookings for events that ended before ``cutoff``; the bookings stay."""
    total = 0

    def next_bookings():
        return list(selectors.retention_access_needs(cutoff=cutoff).values_list("pk", flat=True)[:batch])

    for ids in _batches(next_bookings):
        with transaction.atomic():
            bookings = list(
                EventBooking.objects.select_for_update().filter(pk__in=ids).exclude(access_needs="")
            )
            EventBooking.objects.filter(pk__in=[booking.pk for booking in bookings]).update(access_needs="")
            audit_record(action=AuditEvent.Action.ANONYMISE, target=bookings, user=by, summary=why)
        total += len(bookings)
    return total


def anonymisation_mark(
    *, object_type: str, ids: Iterable[int], cause: str, rule: RetentionRule | None = None
) -> None:
    """Mark other apps' records as anonymised, so retention passes them by (used by their holders)."""
    Anonymisation.objects.bulk_create(
        [Anonymisation(object_type=object_type, object_id=pk, cause=cause, rule=rule) for pk in ids],
        ignore_conflicts=True,
    )

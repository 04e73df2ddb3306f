"""Every read the CRM makes on behalf of a person, filtered by what that person may see.

Views never query households directly: they ask here, so a worker who types another council's
record address gets a 404 from the same rule that builds their queue.
"""

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from crm.models import (
    Clock,
    Consent,
    Council,
    Enquiry,
    EventBooking,
    Household,
    JourneyDates,
    PostcodeArea,
    StaffMember,
    StageChange,
    TimelineEntry,
)
from crm.postcodes import postcode_prefixes

_refusals: contextvars.ContextVar[list | None] = contextvars.ContextVar("crm_refusals", default=None)


@contextlib.contextmanager
def refusals_watch() -> Iterator[list[tuple[str, object]]]:
    """Collect, for the length of a request, the records a selector refused (``RecordHidden``)."""
    refused: list[tuple[str, object]] = []
    token = _refusals.set(refused)
    try:
        yield refused
    finally:
        _refusals.reset(token)


class RecordHidden(Http404):
    """A 404 for a personal-data record this person may not see, or that does not exist.

    It is an ordinary 404 to the person who asked (Wagtail's admin turns it into its usual "not
    found" page), so it gives nothing away. Raising it notes which record was asked for, so the
    view layer (``crm.middleware.AuditContextMiddleware``) can record the refusal in the audit
    trail when the answer is that 404; a view that catches it and answers otherwise (a merge form
    saying "no record you can see") records nothing.
    """

    def __init__(self, message: str, *, object_type: str, object_id):
        super().__init__(message)
        self.object_type = object_type
        self.object_id = object_id
        refused = _refusals.get()
        if refused is not None:
            refused.append((object_type, object_id))


def postcode_area_for(postcode: str) -> PostcodeArea | None:
    """The most specific postcode table row for ``postcode``: its sector, else its district."""
    prefixes = postcode_prefixes(postcode)
    if not prefixes:
        return None
    areas = {area.prefix: area for area in PostcodeArea.objects.filter(prefix__in=prefixes)}
    return next((areas[prefix] for prefix in prefixes if prefix in areas), None)


def postcode_council(postcode: str) -> str:
    area = postcode_area_for(postcode)
    return area.council if area else Council.ELSEWHERE


def staff_member_for(user) -> StaffMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        staff = user.crm_staff
    except StaffMember.DoesNotExist:
        return None
    return staff if staff.is_active else None


def can_see_people(user) -> bool:
    """Whether this user may see personal data in the CRM at all."""
    return bool(user.is_authenticated and (user.is_superuser or staff_member_for(user)))


def sees_everything(user) -> bool:
    staff = staff_member_for(user)
    return bool(user.is_authenticated and (user.is_superuser or (staff and staff.is_manager)))


def households_visible_to(user) -> QuerySet[Household]:
    """Managers see every household; a worker sees their team's and those assigned to them; others none."""
    households = Household.objects.active()
    if sees_everything(user):
        return households
    staff = staff_member_for(user)
    if staff is None:
        return households.none()
    scope = Q(assigned_to=staff)
    if staff.team_id:
        scope |= Q(team_id=staff.team_id)
    return households.filter(scope)


def household_get(*, user, pk: int) -> Household:
    """One household this user may see, or a 404 (never a 403, so records cannot be probed)."""
    try:
        return households_visible_to(user).select_related("team", "assigned_to__user", "clock").get(pk=pk)
    except (Household.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such household", object_type="household", object_id=pk) from None


def enquiries_quarantined_visible_to(user) -> QuerySet[Enquiry]:
    enquiries = Enquiry.objects.filter(status__in=[Enquiry.Status.QUARANTINED, Enquiry.Status.SPAM])
    if sees_everything(user):
        return enquiries
    staff = staff_member_for(user)
    if staff is None or staff.team_id is None:
        return enquiries.none()
    return enquiries.filter(council=staff.team.council)


def enquiry_quarantined_get(*, user, pk: int) -> Enquiry:
    try:
        return enquiries_quarantined_visible_to(user).get(pk=pk)
    except (Enquiry.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such enquiry", object_type="enquiry", object_id=pk) from None


def household_timeline(*, household: Household) -> QuerySet[TimelineEntry]:
    return household.timeline.select_related("by").order_by("-at", "-pk")


def clock_state(household: Household, today: dt.date | None = None) -> str:
    """'overdue' (a timescale ran out), 'stalled' (a stall rule did), 'due_soon', 'on_track', or '' with no clock."""
    if not household.due_on or not household.clock:
        return ""
    today = today or timezone.localdate()
    if household.due_on < today:
        return "stalled" if household.clock.is_stall_rule else "overdue"
    if (household.due_on - today).days <= household.clock.due_soon_days:
        return "due_soon"
    return "on_track"


TRIAGE_TABS = {
    "unassigned": "Unassigned",
    "mine": "Mine",
    "team": "My team",
    "overdue": "Overdue",
    "all": "All open",
}


def _triage_tab(*, user, tab: str, today: dt.date) -> Q | None:
    """The condition one tab adds to the open households a person may see; None for an empty tab."""
    staff = staff_member_for(user)
    if tab == "unassigned":
        return Q(assigned_to__isnull=True)
    if tab == "mine":
        return Q(assigned_to=staff) if staff else None
    if tab == "team":
        return Q(team_id=staff.team_id) if staff and staff.team_id else Q()
    if tab == "overdue":
        return Q(due_on__lt=today)
    return Q()


def triage_queue(*, user, tab: str = "mine", today: dt.date | None = None) -> QuerySet[Household]:
    """The open households on one tab of a person's queue, before filters and sorting."""
    today = today or timezone.localdate()
    households = households_visible_to(user).open().select_related("team", "assigned_to__user", "clock")
    condition = _triage_tab(user=user, tab=tab, today=today)
    return households.none() if condition is None else households.filter(condition)


def triage_counts(*, user, today: dt.date | None = None) -> dict[str, int]:
    """How many households each tab of a person's queue holds, in one pass over their open households."""
    today = today or timezone.localdate()
    counts = {}
    for tab in TRIAGE_TABS:
        condition = _triage_tab(user=user, tab=tab, today=today)
        if condition is not None:
            counts[tab] = Count("pk", filter=condition) if condition else Count("pk")
    found = households_visible_to(user).open().aggregate(**counts)
    return {tab: found.get(tab, 0) for tab in TRIAGE_TABS}


def staff_assignable_by(user) -> QuerySet[StaffMember]:
    """Who this user may hand a household to: anyone for a manager, their own team for a worker."""
    staff = StaffMember.objects.filter(is_active=True, user__is_active=True).select_related("user", "team")
    if sees_everything(user):
        return staff
    me = staff_member_for(user)
    if me is None:
        return staff.none()
    return staff.filter(Q(team_id=me.team_id) | Q(pk=me.pk)) if me.team_id else staff.filter(pk=me.pk)


def digest_for(*, staff: StaffMember, today: dt.date | None = None) -> dict[str, list[Household]]:
    """Overdue, stalled and due-soon cases: a worker's own; for a manager, their team's (or everyone's if no team).

    Overdue cases ran out of a timescale; stalled ones have sat in a stage longer than its stall rule allows.
    """
    today = today or timezone.localdate()
    households = (
        Household.objects.open().filter(due_on__isnull=False).select_related("clock", "assigned_to__user")
    )
    if not staff.is_manager:
        households = households.filter(assigned_to=staff)
    elif staff.team_id:
        households = households.filter(team_id=staff.team_id)
    longest_warning = Clock.objects.aggregate(days=Max("due_soon_days"))["days"] or 0
    late = list(households.filter(due_on__lt=today).order_by("due_on", "pk"))
    candidates = households.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=longest_warning))
    due_soon = [h for h in candidates.order_by("due_on", "pk") if clock_state(h, today) == "due_soon"]
    return {
        "overdue": [h for h in late if not h.clock.is_stall_rule],
        "stalled": [h for h in late if h.clock.is_stall_rule],
        "due_soon": due_soon,
    }


# Reads for other parts of the system (campaigns), not on behalf of a person. They return rows by key
# and in key order so a listener can catch up from where it stopped.


def outcomes_by_month(*, date_from: dt.date, date_to: dt.date) -> dict[str, tuple[int, int, int]]:
    """First enquiries, registrations of interest and approvals in each local month ("yyyy-mm") of the range.

    Each household counts once for each, in the month of its first enquiry, its first move on to
    registration of interest and its first move on to approved; records merged into another are
    left out. Read from the stored journey dates (``crm.services.journeys``).
    """
    columns = ["enquiry_on", "registration_of_interest_on", "approved_on"]
    found: dict[str, list[int]] = {}
    for index, column in enumerate(columns):
        rows = (
            JourneyDates.objects.filter(
                household__merged_into__isnull=True, **{f"{column}__range": (date_from, date_to)}
            )
            .annotate(month=TruncMonth(column))
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        for month, number in rows:
            found.setdefault(f"{month:%Y-%m}", [0, 0, 0])[index] += number
    return {key: tuple(numbers) for key, numbers in found.items()}


def enquiry_by_id(*, pk: int) -> Enquiry | None:
    return Enquiry.objects.select_related("household").filter(pk=pk).first()


def _after(rows: QuerySet, *, pk: int, again_since, received: str, limit: int) -> list:
    """Rows after id ``pk``, by id. With ``again_since``, first those at or below ``pk`` whose ``received``
    time is since then: a lower id can commit after a higher one has been read."""
    rows = rows.order_by("pk")
    again = (
        [] if again_since is None else rows.filter(pk__lte=pk, **{f"{received}__gte": again_since})[:limit]
    )
    return [*again, *rows.filter(pk__gt=pk)[:limit]]


def enquiries_accepted_after(*, pk: int, again_since=None, limit: int = 1000) -> list[Enquiry]:
    """Enquiries with a household after id ``pk`` (and again those received since ``again_since``)."""
    accepted = Enquiry.objects.filter(household__isnull=False).select_related("household")
    return _after(accepted, pk=pk, again_since=again_since, received="received_at", limit=limit)


def stage_change_by_id(*, pk: int) -> StageChange | None:
    return StageChange.objects.select_related("household").filter(pk=pk).first()


def stage_changes_after(*, pk: int, again_since=None, limit: int = 1000) -> list[StageChange]:
    """Moves on after id ``pk`` (and again those recorded since ``again_since``)."""
    moves = StageChange.objects.filter(kind=StageChange.Kind.ADVANCE).select_related("household")
    return _after(moves, pk=pk, again_since=again_since, received="recorded_at", limit=limit)


def booking_by_id(*, pk: int) -> EventBooking | None:
    return EventBooking.objects.select_related("household").filter(pk=pk).first()


def bookings_updated_since(*, since, again_since=None, limit: int = 1000) -> list[EventBooking]:
    """Bookings changed at or after ``since``, oldest change first; with ``again_since`` (earlier), first
    those changed between the two: a change can commit after a later one has been read."""
    bookings = EventBooking.objects.select_related("household").order_by("updated_at", "pk")
    again = []
    if again_since is not None:
        again = list(bookings.filter(updated_at__gte=again_since, updated_at__lt=since)[:limit])
    return again + list(bookings.filter(updated_at__gte=since)[:limit])


def household_by_id(*, pk: int) -> Household | None:
    return Household.objects.filter(pk=pk).first()


def newsletter_consents_after(*, pk: int, limit: int = 1000) -> list[Consent]:
    return list(
        Consent.objects.filter(pk__gt=pk, purpose=Consent.Purpose.NEWSLETTER)
        .select_related("household")
        .order_by("pk")[:limit]
    )


def consent_by_id(*, pk: int) -> Consent | None:
    return Consent.objects.select_related("household").filter(pk=pk).first()


# Privacy: finding everything held about one person, the audit trail, and what retention would do.
# Managers only; the views check ``sees_everything`` before calling these.

import dataclasses  # noqa: E402
import re  # noqa: E402

from django.db.models import Exists, OuterRef  # noqa: E402

from dateutil.relativedelta import relativedelta  # noqa: E402

from crm.models import (  # noqa: E402
    Anonymisation,
    AuditEvent,
    ClockExtension,
    Interest,
    RetentionRule,
    SideEffect,
    Stage,
)
from crm.personal_data import Anchor, Person, RetentionPlan, holders  # noqa: E402
from crm.postcodes import phone_normalise  # noqa: E402

PRIVACY_RESOLVE_ROUNDS = 6
# Stages before the registration of interest is accepted, and those from acceptance to panel.
EARLY_STAGES = (
    Stage.ENQUIRY,
    Stage.INITIAL_CONVERSATION,
    Stage.INFORMATION_EVENT,
    Stage.REGISTRATION_OF_INTEREST,
)
ASSESSMENT_STAGES = (Stage.ROI_ACCEPTED, Stage.STAGE_ONE, Stage.BREAK, Stage.STAGE_TWO, Stage.PANEL)
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


def audit_events_for_household(*, household_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(household_id=household_id).select_related("user").order_by("-at", "-pk")


def audit_log(
    *,
    action: str = "",
    household_id: int | None = None,
    who: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The whole audit trail, newest first, narrowed by any of the filters given."""
    events = AuditEvent.objects.select_related("user").order_by("-at", "-pk")
    if action:
        events = events.filter(action=action)
    if household_id:
        events = events.filter(household_id=household_id)
    if who:
        events = events.filter(username__icontains=who.strip())
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


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


def is_anonymised(*, object_type: str, pk: int) -> bool:
    return Anonymisation.objects.filter(object_type=object_type, object_id=pk).exists()


def _value(value):
    """A value as it goes into a subject access file: dates as local ISO text, choices as stored."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def person_record(person: Person) -> dict[str, list[dict]]:
    """Everything the CRM holds about a person, section by section, as JSON-ready rows.

    Section and field names are written for the person reading them; staff names are included, as
    they are part of the record; staff internet addresses in the audit trail are not.
    """
    households = person_households(person).select_related("assigned_to__user", "merged_into")
    ids = person.household_ids
    interest_labels = dict(Interest.choices)
    sections: dict[str, list[dict]] = {}
    sections["Your details"] = [
        {
            "Reference": household.reference,
            "First name": household.first_name,
            "Last name": household.last_name,
            "Partner's first name": household.partner_first_name,
            "Partner's last name": household.partner_last_name,
            "Email": household.email,
            "Phone": household.phone,
            "Postcode": household.postcode,
            "Council": household.get_council_display(),
            "Adopting": household.get_household_type_display(),
            "Children at home": household.get_children_at_home_display(),
            "Interested in": [interest_labels.get(value, value) for value in household.interests],
            "Best time to call": household.get_best_time_to_call_display(),
            "Stage": household.get_stage_display(),
            "Dates each stage was reached": household.stage_dates,
            "Fast track": household.fast_track,
            "Early permanence": household.early_permanence,
            "First enquiry": _value(household.first_enquiry_at),
            "Last enquiry": _value(household.last_enquiry_at),
            "First contact": _value(household.first_contact_at),
            "Closed": _value(household.closed_at),
            "Reason for closing": household.get_closure_reason_display(),
            "Team": str(household.team or ""),
            "Worker": str(household.assigned_to or ""),
            "Merged into": household.merged_into.reference if household.merged_into else "",
        }
        for household in households
    ]
    enquiries = Enquiry.objects.filter(Q(household__in=ids) | Q(pk__in=person.enquiry_ids)).select_related(
        "logged_by"
    )
    sections["Enquiries"] = [
        {
            "Record": f"APSE-{enquiry.household_id:06d}" if enquiry.household_id else "",
            "Received": _value(enquiry.received_at),
            "Came in by": enquiry.get_source_display(),
            "Status": enquiry.get_status_display(),
            "Council": enquiry.get_council_display(),
            "What you told us": enquiry.data,
            "Message": enquiry.message,
            "How you heard about us": enquiry.get_heard_about_display(),
            "More about how you heard": enquiry.heard_about_detail,
            "Campaign and website details": enquiry.attribution,
            "Why it was held for checking": enquiry.spam_reasons,
            "Logged by": _user_name(enquiry.logged_by),
        }
        for enquiry in enquiries.order_by("received_at", "pk")
    ]
    sections["Consents"] = [
        {
            "Record": f"APSE-{consent.household_id:06d}",
            "For": consent.get_purpose_display(),
            "Answer": "Given" if consent.granted else "Withdrawn",
            "Wording": consent.wording,
            "Wording version": consent.wording_version,
            "Where": consent.source,
            "When": _value(consent.recorded_at),
        }
        for consent in Consent.objects.filter(household__in=ids).order_by("recorded_at", "pk")
    ]
    sections["Stage history"] = [
        {
            "Record": f"APSE-{change.household_id:06d}",
            "What": change.get_kind_display(),
            "From": change.get_from_stage_display(),
            "To": change.get_to_stage_display(),
            "Reason for closing": change.get_closure_reason_display(),
            "When it happened": _value(change.effective_at),
            "When it was recorded": _value(change.recorded_at),
            "By": _user_name(change.by),
            "Note": change.note,
        }
        for change in StageChange.objects.filter(household__in=ids).select_related("by")
    ]
    sections["Timescale extensions"] = [
        {
            "Record": f"APSE-{extension.household_id:06d}",
            "Timescale": extension.clock.name,
            "New due date": _value(extension.due_on),
            "Reason": extension.reason,
            "By": _user_name(extension.by),
            "When": _value(extension.recorded_at),
        }
        for extension in ClockExtension.objects.filter(household__in=ids).select_related("clock", "by")
    ]
    sections["Timeline"] = [
        {
            "Record": f"APSE-{entry.household_id:06d}",
            "When": _value(entry.at),
            "What": entry.get_kind_display(),
            "By": _user_name(entry.by),
            "Summary": entry.summary,
            "Details": entry.body,
        }
        for entry in TimelineEntry.objects.filter(household__in=ids).select_related("by").order_by("at", "pk")
    ]
    sections["Event bookings"] = [
        {
            "Record": f"APSE-{booking.household_id:06d}",
            "Event": booking.event.title,
            "Status": booking.get_status_display(),
            "Places": booking.places,
            "Access needs you told us": booking.access_needs,
            "Booked": _value(booking.created_at),
            "Reminder sent": _value(booking.reminder_sent_at),
        }
        for booking in EventBooking.objects.filter(household__in=ids).select_related("event")
    ]
    sections["Emails we sent or were due to send"] = [
        {
            "Record": f"APSE-{effect.household_id:06d}",
            "Email": effect.get_kind_display(),
            "Status": effect.get_status_display(),
            "Queued": _value(effect.created_at),
            "Sent": _value(effect.done_at),
        }
        for effect in SideEffect.objects.filter(household__in=ids).order_by("created_at", "pk")
    ]
    return sections


def audit_rows(events) -> list[dict]:
    """Audit entries for a subject access file: who did what, when; staff internet addresses left out."""
    return [
        {
            "When": _value(event.at),
            "Who": _user_name(event.user) or event.username or "The system or the person themselves",
            "What": event.get_action_display(),
            "Record": event.household_reference or f"{event.object_type} {event.object_id or ''}".strip(),
            "Summary": event.summary,
        }
        for event in events
    ]


# Retention: the records each rule applies to now. The report and the nightly job use the same queries.


def retention_cutoff(rule: RetentionRule, *, now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    if rule.unit == RetentionRule.Unit.DAYS:
        return now - dt.timedelta(days=rule.period)
    return now - relativedelta(months=rule.period)


def _not_anonymised(households: QuerySet[Household]) -> QuerySet[Household]:
    done = Anonymisation.objects.filter(object_type="household", object_id=OuterRef("pk"))
    return households.exclude(Exists(done))


def retention_households(*, kind: str, cutoff: dt.datetime) -> QuerySet[Household]:
    """Closed cases, not merged away and not yet anonymised, with nothing recorded since ``cutoff``.

    Records merged into one of these go with it (see ``crm.services.privacy``).
    """
    stages = EARLY_STAGES if kind == RetentionRule.Kind.CLOSED_EARLY else ASSESSMENT_STAGES
    recent = TimelineEntry.objects.filter(household=OuterRef("pk"), at__gte=cutoff)
    households = Household.objects.filter(
        merged_into__isnull=True, closed_at__lt=cutoff, last_enquiry_at__lt=cutoff, stage__in=stages
    ).exclude(Exists(recent))
    return _not_anonymised(households).order_by("closed_at", "pk")


def retention_spam(*, cutoff: dt.datetime) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(
        status=Enquiry.Status.SPAM, household__isnull=True, received_at__lt=cutoff
    ).order_by("received_at", "pk")


def retention_approved() -> QuerySet[Household]:
    return Household.objects.filter(stage=Stage.APPROVED, merged_into__isnull=True)


def retention_audit_events(*, cutoff: dt.datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(at__lt=cutoff)


def retention_access_needs(*, cutoff: dt.datetime) -> QuerySet[EventBooking]:
    """Bookings still holding access needs for an event that ended before ``cutoff`` (or was deleted)."""
    from crm.events import event_info

    bookings = EventBooking.objects.exclude(access_needs="")
    ended = []
    for event_id in bookings.order_by().values_list("event_id", flat=True).distinct():
        info = event_info(event_id)
        if info is None or info.end < cutoff:
            ended.append(event_id)
    return bookings.filter(event_id__in=ended).order_by("pk")


def _closed_description(household: Household) -> str:
    return (
        f"{household.reference}: closed {timezone.localtime(household.closed_at):%d %B %Y} at "
        f"{household.get_stage_display().lower()} ({household.get_closure_reason_display() or 'no reason'})"
    )


def retention_plan_for(
    rule: RetentionRule, *, now: dt.datetime | None = None, sample: int = 50
) -> RetentionPlan:
    """What ``rule`` would do now: how many records, and up to ``sample`` of them, without personal details."""
    cutoff = retention_cutoff(rule, now=now)
    if rule.kind == RetentionRule.Kind.APPROVED:
        households = retention_approved()
        return RetentionPlan(
            count=households.count(),
            sample=[
                f"{household.reference}: approved, kept" for household in households.order_by("pk")[:sample]
            ],
        )
    if rule.kind in (RetentionRule.Kind.CLOSED_EARLY, RetentionRule.Kind.CLOSED_IN_ASSESSMENT):
        households = retention_households(kind=rule.kind, cutoff=cutoff)
        return RetentionPlan(
            count=households.count(),
            sample=[_closed_description(household) for household in households[:sample]],
        )
    if rule.kind == RetentionRule.Kind.SPAM:
        spam = retention_spam(cutoff=cutoff)
        return RetentionPlan(
            count=spam.count(),
            sample=[
                f"Spam enquiry {enquiry.pk} by {enquiry.get_source_display().lower()}, received "
                f"{timezone.localtime(enquiry.received_at):%d %B %Y}"
                for enquiry in spam[:sample]
            ],
        )
    if rule.kind == RetentionRule.Kind.ACCESS_NEEDS:
        bookings = retention_access_needs(cutoff=cutoff)
        return RetentionPlan(
            count=bookings.count(),
            sample=[
                f"APSE-{booking.household_id:06d}: access needs for event {booking.event_id}"
                for booking in bookings[:sample]
            ],
        )
    if rule.kind == RetentionRule.Kind.AUDIT_EVENTS:
        events = retention_audit_events(cutoff=cutoff)
        count = events.count()
        return RetentionPlan(
            count=count, sample=[f"{count} entries recorded before {cutoff:%d %B %Y}"] if count else []
        )
    for holder in holders():
        if rule.kind in holder.retention_kinds:
            return holder.retention_plan(kind=rule.kind, cutoff=cutoff, sample=sample)
    return RetentionPlan(count=0)


@dataclasses.dataclass(frozen=True)
class RetentionReportRow:
    rule: RetentionRule
    cutoff: dt.datetime
    plan: RetentionPlan

    @property
    def will_act(self) -> bool:
        return self.rule.is_active and self.rule.action != RetentionRule.Action.KEEP and self.plan.count > 0


def retention_report(*, now: dt.datetime | None = None, sample: int = 50) -> list[RetentionReportRow]:
    """The dry run: for every rule, what the nightly job would do if it ran at ``now``."""
    now = now or timezone.now()
    return [
        RetentionReportRow(
            rule=rule,
            cutoff=retention_cutoff(rule, now=now),
            plan=retention_plan_for(rule, now=now, sample=sample),
        )
        for rule in RetentionRule.objects.order_by("kind")
    ]

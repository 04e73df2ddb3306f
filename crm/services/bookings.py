"""Places at events: booking, the waiting list, cancelling, attendance and the day-before reminder.

Booking a place at a recruitment event (an information evening, preparation training) is an enquiry
through the front door, so it goes through ``enquiry_create`` first and the household is created or
joined, consented and routed like any other. Booking a family event (a support group, a coffee
morning, training for adoptive families) is not: the household is joined or made known by
``crm.services.families``, and nothing about the adopting journey changes. Either way the event's page
row is then locked, so bookings for one event take turns and the last place can only go once.

Event details (start, capacity, its kind) come from ``crm.events``; the CRM never imports the website.
"""

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import dateformat, timezone

from wagtail.models import Page

from crm.events import EventInfo, event_info
from crm.models import ACCESS_NEEDS_MAX_LENGTH, AuditEvent, Enquiry, EventBooking, Source, TimelineEntry
from crm.selectors import RecordHidden, households_visible_to
from crm.signals import booking_changed, send_on_commit

from .enquiries import EnquiryDetails, enquiry_create
from .families import family_event_booker_record
from .pipeline import household_mark_attended
from .privacy import audit_record
from .seen import household_mark_seen
from .side_effects import side_effect_queue

MAX_PLACES = 2
# Statuses that take up a place at the event.
TAKES_A_PLACE = (EventBooking.Status.BOOKED, EventBooking.Status.ATTENDED)
# Statuses of a booking that is still going ahead.
LIVE = (
    EventBooking.Status.BOOKED,
    EventBooking.Status.WAITING,
    EventBooking.Status.ATTENDED,
    EventBooking.Status.NO_SHOW,
)


class BookingError(Exception):
    """A booking change that cannot be made; the message says why, in plain English."""


@dataclasses.dataclass(frozen=True)
class EventAvailability:
    capacity: int
    booked: int
    waiting: int

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0


def _event(event_id: int) -> EventInfo:
    info = event_info(event_id)
    if info is None:
        raise BookingError("We could not find that event. It may have been taken down.")
    return info


def _when(info: EventInfo) -> str:
    return dateformat.format(timezone.localtime(info.start), "l j F Y")


def _places(places: int) -> str:
    return "1 place" if places == 1 else f"{places} places"


def _booked_places(event_id: int) -> int:
    return (
        EventBooking.objects.filter(event_id=event_id, status__in=TAKES_A_PLACE).aggregate(
            places=Sum("places")
        )["places"]
        or 0
    )


def _lock_event(event_id: int) -> None:
    """Serialise changes to one event's bookings by locking its page row until the commit."""
    list(Page.objects.select_for_update().filter(pk=event_id).values_list("pk", flat=True))


def event_availability(*, event_id: int, capacity: int) -> EventAvailability:
    """How many places are booked and how many households are waiting, for the event page."""
    counts = EventBooking.objects.filter(event_id=event_id).aggregate(
        booked=Sum("places", filter=Q(status__in=TAKES_A_PLACE)),
        waiting=Count("pk", filter=Q(status=EventBooking.Status.WAITING)),
    )
    return EventAvailability(capacity=capacity, booked=counts["booked"] or 0, waiting=counts["waiting"])


def booking_for_token(*, token, event_id: int | None = None) -> EventBooking | None:
    """The booking behind a cancellation or confirmation link; the token is the only key needed."""
    bookings = EventBooking.objects.select_related("household")
    if event_id is not None:
        bookings = bookings.filter(event_id=event_id)
    try:
        return bookings.filter(token=token).first()
    except (ValidationError, ValueError, TypeError):
        return None


def booking_create(
    *,
    event_id: int,
    capacity: int,
    details: EnquiryDetails,
    places: int = 1,
    submission_key=None,
    attribution: dict | None = None,
    spam_reasons: list[str] | None = None,
    access_needs: str = "",
) -> EventBooking | None:
    """Book ``places`` at an event, or join its waiting list when they do not fit.

    Asking again for the same household and event (a double-clicked submit, or booking twice)
    returns the booking already made, with any access needs given this time kept on it. A
    submission that looks like a bot's takes no place and returns None: for a recruitment event it
    is kept in quarantine as an enquiry for a person to judge; for a family event it is refused
    quietly and nothing is kept, since releasing it could only make an enquiry nobody made.
    """
    if not 1 <= places <= MAX_PLACES:
        raise BookingError(f"You can book 1 or {MAX_PLACES} places.")
    access_needs = access_needs.strip()
    if len(access_needs) > ACCESS_NEEDS_MAX_LENGTH:
        raise BookingError(
            f"Keep your access needs to {ACCESS_NEEDS_MAX_LENGTH} characters or fewer "
            f"(you wrote {len(access_needs)})."
        )
    info = _event(event_id)
    if info.start <= timezone.now():
        raise BookingError("Booking has closed for this event because it has already started.")
    if not details.message.strip():
        details = dataclasses.replace(
            details, message=f"Asked for {_places(places)} at {info.title} on {_when(info)}."
        )

    if info.is_family_event:
        _family_details_check(details)
        if spam_reasons:
            return None

    with transaction.atomic():
        if info.is_family_event:
            if submission_key and (
                earlier := EventBooking.objects.filter(submission_key=submission_key).first()
            ):
                return earlier
            enquiry = None
            household = family_event_booker_record(details=details)
        else:
            enquiry = enquiry_create(
                source=Source.EVENT,
                details=details,
                submission_key=submission_key,
                attribution=attribution,
                spam_reasons=spam_reasons,
            )
            if enquiry.household_id is None or enquiry.status not in (
                Enquiry.Status.ACCEPTED,
                Enquiry.Status.RELEASED,
            ):
                return None
            household = enquiry.household
        _lock_event(event_id)
        existing = EventBooking.objects.filter(
            event_id=event_id, household=household, status__in=LIVE
        ).first()
        if existing is None and enquiry is not None:
            existing = EventBooking.objects.filter(event_id=event_id, enquiry=enquiry).first()
        if existing:
            if access_needs and existing.access_needs != access_needs:
                _access_needs_update(existing, access_needs=access_needs)
            return existing

        # Places freed by a larger capacity go to the waiting list first, in the order they asked.
        _waiting_list_promote(event_id=event_id, capacity=capacity, title=info.title)
        fits = _booked_places(event_id) + places <= capacity
        booking = EventBooking.objects.create(
            event_id=event_id,
            household=household,
            enquiry=enquiry,
            places=places,
            status=EventBooking.Status.BOOKED if fits else EventBooking.Status.WAITING,
            access_needs=access_needs,
            family_event=info.is_family_event,
            submission_key=submission_key,
        )
        summary = (
            f"Booked {_places(places)} at {info.title}, {_when(info)}"
            if fits
            else f"On the waiting list for {info.title}, {_when(info)} ({_places(places)})"
        )
        TimelineEntry.objects.create(
            household=household, kind=TimelineEntry.Kind.BOOKING, summary=summary[:200], enquiry=enquiry
        )
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=booking,
            summary=f"Event booking made: {booking.get_status_display()}"
            + (", with access needs" if access_needs else ""),
        )
        kind = "booking_confirmation" if fits else "booking_waiting"
        side_effect_queue(
            kind=kind, key=f"{kind}:{booking.pk}", household=household, payload={"booking_id": booking.pk}
        )
        send_on_commit(booking_changed, booking_id=booking.pk)
    return booking


def _family_details_check(details: EnquiryDetails) -> None:
    """What a family event's booking needs, as the front door asks of an enquiry."""
    if not details.first_name.strip():
        raise BookingError("A booking needs a first name.")
    if not (details.email or details.phone):
        raise BookingError("A booking needs an email address or a phone number.")
    if not details.contact_consent:
        raise BookingError("We can only book a place for someone who has agreed to be contacted about it.")


def _access_needs_update(booking: EventBooking, *, access_needs: str) -> None:
    """Someone booking again told us their access needs (again, or differently): the latest is what they need."""
    booking.access_needs = access_needs
    booking.save(update_fields=["access_needs", "updated_at"])
    audit_record(
        action=AuditEvent.Action.CHANGE, target=booking, summary="Access needs given when booking again"
    )


def booking_cancel(*, token) -> EventBooking:
    """Cancel a booking or a place on the waiting list, from the link in its emails.

    A freed place goes to the earliest waiting bookings that now fit. Cancelling twice is harmless.
    """
    booking = booking_for_token(token=token)
    if booking is None:
        raise BookingError("We could not find that booking. Check you used the whole link from your email.")
    info = _event(booking.event_id)
    with transaction.atomic():
        _lock_event(booking.event_id)
        booking = (
            EventBooking.objects.select_for_update(of=("self",))
            .select_related("household")
            .get(pk=booking.pk)
        )
        if booking.status == EventBooking.Status.CANCELLED:
            return booking
        if info.start <= timezone.now():
            raise BookingError(
                "This event has already started, so the booking can no longer be cancelled online."
            )
        freed = booking.status == EventBooking.Status.BOOKED
        was_waiting = booking.status == EventBooking.Status.WAITING
        booking.status = EventBooking.Status.CANCELLED
        booking.save(update_fields=["status", "updated_at"])
        audit_record(action=AuditEvent.Action.CHANGE, target=booking, summary="Event booking cancelled")
        TimelineEntry.objects.create(
            household=booking.household,
            kind=TimelineEntry.Kind.BOOKING,
            summary=(
                f"Left the waiting list for {info.title}, {_when(info)}"
                if was_waiting
                else f"Cancelled their booking for {info.title}, {_when(info)}"
            )[:200],
        )
        side_effect_queue(
            kind="booking_cancelled",
            key=f"booking_cancelled:{booking.pk}",
            household=booking.household,
            payload={"booking_id": booking.pk},
        )
        if freed:
            _waiting_list_promote(event_id=booking.event_id, capacity=info.capacity, title=info.title)
    return booking


def _waiting_list_promote(*, event_id: int, capacity: int, title: str) -> list[EventBooking]:
    """Give free places to waiting bookings in the order they asked, skipping any that do not fit.

    Callers hold the event lock.
    """
    free = capacity - _booked_places(event_id)
    if free <= 0:
        return []
    promoted = []
    waiting = (
        EventBooking.objects.select_for_update(of=("self",))
        .filter(event_id=event_id, status=EventBooking.Status.WAITING)
        .select_related("household")
        .order_by("created_at", "pk")
    )
    for booking in waiting:
        if free <= 0:
            break
        if booking.places > free:
            continue
        booking.status = EventBooking.Status.BOOKED
        booking.save(update_fields=["status", "updated_at"])
        audit_record(
            action=AuditEvent.Action.CHANGE, target=booking, summary="Given a place from the waiting list"
        )
        free -= booking.places
        promoted.append(booking)
        TimelineEntry.objects.create(
            household=booking.household,
            kind=TimelineEntry.Kind.BOOKING,
            summary=f"Given {_places(booking.places)} at {title} from the waiting list"[:200],
        )
        side_effect_queue(
            kind="booking_promoted",
            key=f"booking_promoted:{booking.pk}",
            household=booking.household,
            payload={"booking_id": booking.pk},
        )
    return promoted


def booking_mark_attendance(*, booking: EventBooking, attended: bool, by) -> EventBooking:
    """Record whether a household came. Coming to an information event moves an early household on.

    Changing an answer is allowed (a mistake on the day); the pipeline is never moved backwards.
    """
    info = _event(booking.event_id)
    if timezone.localdate() < timezone.localdate(info.start):
        raise BookingError(f"Attendance can be recorded from the day of the event, {_when(info)}.")
    status = EventBooking.Status.ATTENDED if attended else EventBooking.Status.NO_SHOW
    with transaction.atomic():
        booking = (
            EventBooking.objects.select_for_update(of=("self",))
            .select_related("household")
            .get(pk=booking.pk)
        )
        if booking.status == EventBooking.Status.CANCELLED:
            raise BookingError("This booking was cancelled, so attendance cannot be recorded for it.")
        if booking.status == status:
            return booking
        booking.status = status
        booking.save(update_fields=["status", "updated_at"])
        household_mark_seen(household=booking.household, by=by)
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=booking,
            user=by,
            summary=f"Attendance: {booking.get_status_display()}",
        )
        TimelineEntry.objects.create(
            household=booking.household,
            kind=TimelineEntry.Kind.ATTENDANCE,
            by=by,
            summary=(f"Came to {info.title}" if attended else f"Did not come to {info.title}")[:200],
        )
        if attended and info.is_information_event:
            household_mark_attended(household=booking.household, by=by, at=min(info.start, timezone.now()))
        send_on_commit(booking_changed, booking_id=booking.pk)
    return booking


def booking_reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue the day-before reminder for every booked place at tomorrow's events, once each,
    and the organiser's list of who is coming with their access needs, once per event and day.

    The event's start date is read through ``crm.events``, so only events with bookings still
    waiting for a reminder are looked up. Returns how many reminders to people who booked were queued.
    """
    tomorrow = (today or timezone.localdate()) + dt.timedelta(days=1)
    pending = EventBooking.objects.filter(status=EventBooking.Status.BOOKED, reminder_sent_at__isnull=True)
    queued = 0
    for event_id in pending.order_by().values_list("event_id", flat=True).distinct():
        info = event_info(event_id)
        if info is None or timezone.localdate(info.start) != tomorrow:
            continue
        for booking_id in pending.filter(event_id=event_id).values_list("pk", flat=True):
            queued += _booking_reminder_queue(booking_id)
        if info.organiser_id:
            side_effect_queue(
                kind="organiser_reminder",
                key=f"organiser_reminder:{event_id}:{tomorrow.isoformat()}",
                payload={"event_id": event_id, "user_id": info.organiser_id},
            )
    return queued


def _booking_reminder_queue(booking_id: int) -> int:
    with transaction.atomic():
        booking = (
            EventBooking.objects.select_for_update(of=("self",))
            .select_related("household")
            .filter(pk=booking_id, status=EventBooking.Status.BOOKED, reminder_sent_at__isnull=True)
            .first()
        )
        if booking is None:
            return 0
        booking.reminder_sent_at = timezone.now()
        booking.save(update_fields=["reminder_sent_at", "updated_at"])
        side_effect_queue(
            kind="booking_reminder",
            key=f"booking_reminder:{booking.pk}",
            household=booking.household,
            payload={"booking_id": booking.pk},
        )
    return 1


# Reads for the staff screens. Names are only shown for households the person may see.

RECENT_EVENTS = dt.timedelta(days=60)


@dataclasses.dataclass(frozen=True)
class EventBookingSummary:
    event: EventInfo
    booked: int
    waiting: int


@dataclasses.dataclass(frozen=True)
class BookingRow:
    booking: EventBooking
    visible: bool


def event_booking_summaries(*, now: dt.datetime | None = None) -> dict[str, list[EventBookingSummary]]:
    """Events with bookings: upcoming (soonest first) and those in the last two months (latest first)."""
    now = now or timezone.now()
    rows = (
        EventBooking.objects.order_by()
        .values("event_id")
        .annotate(
            booked=Sum("places", filter=Q(status__in=TAKES_A_PLACE)),
            waiting=Count("pk", filter=Q(status=EventBooking.Status.WAITING)),
        )
    )
    upcoming, recent = [], []
    for row in rows:
        info = event_info(row["event_id"])
        if info is None:
            continue
        summary = EventBookingSummary(event=info, booked=row["booked"] or 0, waiting=row["waiting"])
        if info.end >= now:
            upcoming.append(summary)
        elif info.start >= now - RECENT_EVENTS:
            recent.append(summary)
    upcoming.sort(key=lambda summary: summary.event.start)
    recent.sort(key=lambda summary: summary.event.start, reverse=True)
    return {"upcoming": upcoming, "recent": recent}


def event_bookings_for(*, user, event_id: int) -> list[BookingRow]:
    """Every booking for an event, each marked with whether this person may see who it is."""
    bookings = list(EventBooking.objects.filter(event_id=event_id).select_related("household"))
    visible = set(
        households_visible_to(user)
        .filter(pk__in=[booking.household_id for booking in bookings])
        .values_list("pk", flat=True)
    )
    return [BookingRow(booking=booking, visible=booking.household_id in visible) for booking in bookings]


def event_booking_get(*, user, event_id: int, booking_id: int) -> EventBooking:
    """One booking whose household this person may see, or a 404 (never a 403)."""
    booking = (
        EventBooking.objects.filter(
            event_id=event_id, pk=booking_id, household__in=households_visible_to(user)
        )
        .select_related("household")
        .first()
    )
    if booking is None:
        raise RecordHidden("No such booking", object_type="eventbooking", object_id=booking_id)
    return booking


def organiser_bookings(*, user, event_id: int) -> list[BookingRow]:
    """The booked places at an event for its organiser's list, each marked with whether they may see who.

    Whatever they may not see (names, access needs) is left out of the email by its template; the
    bookings they may see are recorded in the audit trail as shown to them.
    """
    rows = [
        row for row in event_bookings_for(user=user, event_id=event_id) if row.booking.status in TAKES_A_PLACE
    ]
    if shown := [row.booking for row in rows if row.visible]:
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=shown,
            user=user,
            summary=f"Sent to them in the organiser's list for event {event_id}",
        )
    return rows

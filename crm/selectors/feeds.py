"""Reads for other parts of the system (campaigns), not on behalf of a person.

They return rows by key and in key order so a listener can catch up from where it stopped.
"""

import datetime as dt

from django.db.models import Case, Count, DateField, Q, QuerySet, When
from django.db.models.functions import TruncMonth

from crm.journey import RECRUITMENT, Touch
from crm.models import (
    Consent,
    Enquiry,
    EnquiryType,
    EventBooking,
    Household,
    JourneyDates,
    PeerMatch,
    PrintedPack,
    StageChange,
)


def outcomes_by_month(*, date_from: dt.date, date_to: dt.date) -> dict[str, tuple[int, int, int]]:
    """First enquiries, registrations of interest and approvals in each local month ("yyyy-mm") of the range.

    Each household counts once for each, in the month of its first enquiry, its first move on to
    registration of interest and its first move on to approved; records merged into another are
    left out. Read from the stored journey dates (``crm.services.journeys``).
    """
    columns = ["enquiry_on", "registration_of_interest_on", "approved_on"]
    # One pass: households grouped by the month of each date that falls in the range (None for one that
    # does not), a few thousand groups however many households, added up here for each of the three.
    in_range = {
        f"{column}_month": Case(
            When(**{f"{column}__range": (date_from, date_to)}, then=TruncMonth(column)),
            default=None,
            output_field=DateField(),
        )
        for column in columns
    }
    rows = (
        JourneyDates.objects.filter(
            Q.create([(f"{column}__range", (date_from, date_to)) for column in columns], connector=Q.OR),
            household__merged_into__isnull=True,
            household__service=EnquiryType.ADOPTING,
        )
        .annotate(**in_range)
        .values(*in_range)
        .annotate(n=Count("pk"))
        .values_list(*in_range, "n")
    )
    found: dict[str, list[int]] = {}
    for *months, number in rows:
        for index, month in enumerate(months):
            if month is not None:
                found.setdefault(f"{month:%Y-%m}", [0, 0, 0])[index] += number
    return {key: tuple(numbers) for key, numbers in found.items()}


def household_is_recruitment(household: Household) -> bool:
    """Whether the household's case is adopting a child: only those are touches, credit and funnel."""
    return household.service == EnquiryType.ADOPTING


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


def stage_changes_of(*, household_ids: list[int]) -> list[StageChange]:
    """These households' moves on, oldest first: the touches of a history written in bulk (an import)."""
    moves = StageChange.objects.filter(kind=StageChange.Kind.ADVANCE, household_id__in=household_ids)
    return list(moves.order_by("effective_at", "pk"))


def booking_by_id(*, pk: int) -> EventBooking | None:
    return EventBooking.objects.select_related("household").filter(pk=pk).first()


def _since(rows: QuerySet, *, field: str, since, again_since, limit: int) -> list:
    """Rows whose ``field`` is at or after ``since``, oldest first; with ``again_since`` (earlier), first
    those between the two: a change can commit after a later one has been read."""
    rows = rows.order_by(field, "pk")
    again = []
    if again_since is not None:
        again = list(rows.filter(**{f"{field}__gte": again_since, f"{field}__lt": since})[:limit])
    return again + list(rows.filter(**{f"{field}__gte": since})[:limit])


def bookings_updated_since(*, since, again_since=None, limit: int = 1000) -> list[EventBooking]:
    """Bookings changed at or after ``since`` (and again those changed since ``again_since``)."""
    bookings = EventBooking.objects.select_related("household")
    return _since(bookings, field="updated_at", since=since, again_since=again_since, limit=limit)


def printed_pack_by_id(*, pk: int) -> PrintedPack | None:
    """A printed pack that has been posted (one still waiting is no touch yet)."""
    return PrintedPack.objects.filter(pk=pk, posted_at__isnull=False).first()


def printed_packs_posted_since(*, since, again_since=None, limit: int = 1000) -> list[PrintedPack]:
    """Printed packs posted at or after ``since`` (and again those posted since ``again_since``)."""
    posted = PrintedPack.objects.filter(posted_at__isnull=False)
    return _since(posted, field="posted_at", since=since, again_since=again_since, limit=limit)


def household_by_id(*, pk: int) -> Household | None:
    return Household.objects.filter(pk=pk).first()


def consent_by_id(*, pk: int) -> Consent | None:
    return Consent.objects.select_related("household").filter(pk=pk).first()


def stage_touches() -> dict[str, Touch]:
    """The touch reaching each stage records (``crm.journey``): its Kindred phase and channel slug.

    Stages whose reaching is no touch (the enquiry, a touch of its own on the channel it came by)
    are left out.
    """
    return RECRUITMENT.touches


def peer_match_by_id(*, pk: int) -> PeerMatch | None:
    """A peer match, for the touch it records when it starts."""
    return PeerMatch.objects.filter(pk=pk).select_related("request").first()


def peer_matches_started_since(*, since, again_since=None, limit: int = 1000) -> list[PeerMatch]:
    """Peer matches started at or after ``since`` (and again those started since ``again_since``)."""
    matches = PeerMatch.objects.select_related("request")
    return _since(matches, field="started_at", since=since, again_since=again_since, limit=limit)

"""The worker's desk on the admin dashboard: what needs doing today, one click from each household.

Reads only, for the person asking, built on ``crm.selectors`` (``households_visible_to``), so the
desk never shows a household its reader could not open:

- a recruitment worker sees the unassigned cases in their team, and their own cases awaiting first
  contact, overdue or stalled, and due in the next five working days;
- a manager sees the same for their team's cases, whoever holds them (everyone's, with no team, as
  the digest does);
- anyone who may not see people gets nothing (the dashboard shows no desk to them at all).

The same handful of queries however many cases there are: one for the counts, one per list (each
cut to ``DESK_ROWS``), one for the week's events and one for their bookings.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils import timezone

from crm.calendar import add_working_days, working_days_between
from crm.events import EventInfo, events_between
from crm.models import EventBooking, Household, StaffMember
from crm.selectors import clock_state, households_visible_to, sees_everything, staff_member_for

DESK_ROWS = 8
DUE_WITHIN_WORKING_DAYS = 5
EVENT_DAYS = 7
# Bookings that hold a place at the event, as ``crm.services.bookings`` counts them.
HOLDS_A_PLACE = (EventBooking.Status.BOOKED, EventBooking.Status.ATTENDED)
NEW_FIRST = ExpressionWrapper(Q(first_seen_at__isnull=True), output_field=BooleanField()).desc()


@dataclass
class DeskList:
    """One list on the desk: the first rows, how many there are in all, and where to see the rest."""

    key: str
    heading: str
    empty: str
    rows: list[Household]
    total: int
    queue_url: str

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class DeskEvent:
    event: EventInfo
    booked: int
    waiting: int


@dataclass
class Desk:
    """Everything the desk shows one person today."""

    today: dt.date
    team_wide: bool
    lists: list[DeskList] = field(default_factory=list)
    events: list[DeskEvent] = field(default_factory=list)


def _scope(user, staff: StaffMember | None) -> tuple[QuerySet[Household], Q, bool]:
    """The open cases the desk reads, the condition for "theirs" and whether it speaks of a whole team."""
    open_cases = households_visible_to(user).open()
    if staff is not None and not staff.is_manager:
        return open_cases, Q(assigned_to=staff), False
    if staff is not None and staff.team_ids():
        return open_cases.filter(team_id__in=staff.team_ids()), Q(), True
    return open_cases, Q(), sees_everything(user)


def desk_for(*, user, today: dt.date | None = None) -> Desk | None:
    """The desk for ``user`` today, or None for anyone who may not see people."""
    today = today or timezone.localdate()
    staff = staff_member_for(user)
    if not (staff or sees_everything(user)):
        return None
    open_cases, theirs, team_wide = _scope(user, staff)
    due_by = add_working_days(today, DUE_WITHIN_WORKING_DAYS)
    if staff is not None and not staff.is_manager:
        unassigned = Q(assigned_to__isnull=True, team_id__in=staff.team_ids()) if staff.team_ids() else None
    else:
        unassigned = Q(assigned_to__isnull=True)
    conditions = {
        "unassigned": unassigned,
        "first_contact": theirs & Q(clock__stops_at_first_contact=True),
        "late": theirs & Q(due_on__lt=today),
        "due_soon": theirs & Q(due_on__gte=today, due_on__lte=due_by),
    }
    orders = {
        # New cases first, then whoever has waited longest.
        "unassigned": [NEW_FIRST, "first_enquiry_at", "pk"],
        "first_contact": ["due_on", "first_enquiry_at", "pk"],
        "late": ["due_on", "pk"],
        "due_soon": ["due_on", "pk"],
    }
    live = {key: condition for key, condition in conditions.items() if condition is not None}
    totals = open_cases.aggregate(**{key: Count("pk", filter=condition) for key, condition in live.items()})
    rows = open_cases.select_related("clock", "assigned_to__user", "team")
    whose = "your team's" if team_wide else "your"
    headings = {
        "unassigned": (
            "New and unassigned in your team" if staff and staff.team_id else "New and unassigned",
            "Nobody is waiting for a worker.",
            "?tab=unassigned",
        ),
        "first_contact": (
            "Waiting for a first call" if team_wide else "Yours, waiting for a first call",
            "Every enquiry has had its first call.",
            "?tab=mine&stage=enquiry" if not team_wide else "?tab=all&stage=enquiry",
        ),
        "late": (
            f"Overdue or stalled: {whose} cases",
            "Nothing is overdue or stalled.",
            "?tab=overdue",
        ),
        "due_soon": (
            f"Due in the next {DUE_WITHIN_WORKING_DAYS} working days: {whose} cases",
            f"Nothing is due in the next {DUE_WITHIN_WORKING_DAYS} working days.",
            "?tab=mine&sort=due" if not team_wide else "?tab=all&sort=due",
        ),
    }
    desk = Desk(today=today, team_wide=team_wide)
    for key, condition in live.items():
        found = list(rows.filter(condition).order_by(*orders[key])[:DESK_ROWS])
        for household in found:
            household.clock_state = clock_state(household, today)
            household.working_days_left = (
                working_days_between(today, household.due_on) if household.due_on else None
            )
        heading, empty, params = headings[key]
        desk.lists.append(DeskList(key, heading, empty, found, totals[key], params))
    desk.events = desk_events(today=today)
    return desk


def desk_events(*, today: dt.date) -> list[DeskEvent]:
    """This week's events (today and the six days after) with their places booked and waiting lists.

    Counts only: who booked is on the event's bookings screen, for those who may see them.
    """
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    events = events_between(start=start, end=start + dt.timedelta(days=EVENT_DAYS))
    counts = {
        row["event_id"]: row
        for row in EventBooking.objects.filter(event_id__in=[event.page_id for event in events])
        .order_by()
        .values("event_id")
        .annotate(
            booked=Sum("places", filter=Q(status__in=HOLDS_A_PLACE)),
            waiting=Count("pk", filter=Q(status=EventBooking.Status.WAITING)),
        )
    }
    return [
        DeskEvent(
            event,
            (counts.get(event.page_id) or {}).get("booked") or 0,
            (counts.get(event.page_id) or {}).get("waiting") or 0,
        )
        for event in events
    ]

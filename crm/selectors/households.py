"""Households as a worker reads them: the triage queue, clocks, timelines, digests and postcode areas."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Value
from django.utils import timezone

from crm.models import Clock, Council, Household, PostcodeArea, PrintedPack, StaffMember, TimelineEntry
from crm.postcodes import postcode_is_valid, postcode_prefixes

from .access import households_visible_to, staff_member_for


def postcode_area_for(postcode: str) -> PostcodeArea | None:
    """The most specific postcode table row for ``postcode``: its sector, else its district."""
    prefixes = postcode_prefixes(postcode)
    if not prefixes:
        return None
    areas = {area.prefix: area for area in PostcodeArea.objects.filter(prefix__in=prefixes)}
    return next((areas[prefix] for prefix in prefixes if prefix in areas), None)


@dataclass(frozen=True)
class CouncilDecision:
    """Which council a household belongs to, and what they said if it disagrees with their postcode."""

    council: str
    stated: str = ""  # the council they chose, where the postcode says another: for a worker to confirm
    by_postcode: bool = False  # the postcode decided, not what they chose

    @property
    def known_outside(self) -> bool:
        """Their postcode is outside the partnership (choosing "somewhere else" alone never says so)."""
        return self.by_postcode and self.council == Council.ELSEWHERE


def council_decide(*, postcode: str, stated: str = "") -> CouncilDecision:
    """The postcode decides the council; what the person chose only fills in where it cannot.

    A postcode in the table gives its council. A full postcode that is not in it is outside the
    partnership. Without a postcode the table knows, the council they chose stands; with neither,
    the council is "to be confirmed" (never "out of area"). A chosen council that disagrees with
    the postcode is kept beside the decision for a worker to confirm, never applied silently.
    """
    stated = stated if stated in Council.values and stated != Council.UNKNOWN else ""
    area = postcode_area_for(postcode)
    if area:
        council = area.council
    elif postcode_is_valid(postcode):
        council = Council.ELSEWHERE
    else:
        return CouncilDecision(council=stated or Council.UNKNOWN)
    return CouncilDecision(
        council=council, stated=stated if stated and stated != council else "", by_postcode=True
    )


def postcode_council(postcode: str) -> str:
    return council_decide(postcode=postcode).council


def printed_packs_waiting(user) -> QuerySet[PrintedPack]:
    """Printed packs still to post, oldest request first, for the households this person may see."""
    return (
        PrintedPack.objects.filter(posted_at__isnull=True, household__in=households_visible_to(user))
        .select_related("household", "requested_by")
        .order_by("requested_at", "pk")
    )


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
        return Q(team_id__in=staff.team_ids()) if staff and staff.team_ids() else Q()
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
            # Rows, not ids: the open-case index answers every count without reading a household's row.
            counts[tab] = Count(Value(1), filter=condition) if condition else Count(Value(1))
    found = households_visible_to(user).open().aggregate(**counts)
    return {tab: found.get(tab, 0) for tab in TRIAGE_TABS}


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

"""Routing: which team holds a household, who in it works the case, and moving it when that changes.

The postcode decides the council (``crm.selectors.council_decide``); the routing rule for the
enquiry's type (``crm.models.RoutingRule``) decides whether the central front-door team holds it
first and at which stage it goes to its council's team. Every move between teams is a timeline
entry and an audit event. Deciding the same facts twice gives the same team.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from crm.journey import journey_for
from crm.models import (
    PARTNER_COUNCILS,
    AuditEvent,
    Council,
    EnquiryType,
    Household,
    RoutingRule,
    SideEffect,
    StaffMember,
    Team,
    TimelineEntry,
)

from .cases import case_required
from .privacy import audit_record
from .records import Records
from .seen import household_mark_seen


class RoutingError(Exception):
    """A routing change that cannot be made; the message says why."""


def routing_rule(enquiry_type: str = EnquiryType.ADOPTING) -> RoutingRule:
    """The rule for this type of enquiry, or the default: the central team first, handing over at the
    point its journey names (for adopting, after the initial conversation)."""
    return RoutingRule.objects.filter(enquiry_type=enquiry_type).first() or RoutingRule(
        enquiry_type=enquiry_type, hand_over_at=journey_for(enquiry_type).hand_over_at
    )


def council_team(council: str) -> Team | None:
    if council not in PARTNER_COUNCILS:
        return None
    return Team.objects.filter(kind=Team.Kind.LOCALITY, council=council).first()


def team_decide(
    *,
    council: str,
    stage: str,
    service: str = EnquiryType.ADOPTING,
    rule: RoutingRule | None = None,
    handed_over: bool = False,
    lock: bool = False,
) -> Team | None:
    """The team that should hold a household of this council at this stage.

    The central team, where the rule sends enquiries there first and the household has neither
    reached the hand-over stage nor been handed over already; and always where its council is to be
    confirmed or outside the partnership. Otherwise its council's team. With no central team set up,
    the council team (or nobody). With ``lock``, the team's row is locked as it is read, until the
    transaction ends.
    """
    rule = rule or routing_rule(service)
    journey = journey_for(service)
    hand_over_at = rule.hand_over_at if journey.has(rule.hand_over_at) else journey.hand_over_at
    position = journey.position(stage) if journey.has(stage) else 0
    # With no hand-over stage, the central team keeps the case until someone hands it over.
    not_yet = not hand_over_at or position < journey.position(hand_over_at)
    before_handover = not_yet and not handed_over
    teams = Team.objects.select_for_update() if lock else Team.objects.all()

    def central() -> Team | None:
        return teams.filter(kind=Team.Kind.CENTRAL).first()

    if rule.first_to == RoutingRule.FirstTo.CENTRAL and before_handover and (team := central()):
        return team
    if council in PARTNER_COUNCILS and (
        team := teams.filter(kind=Team.Kind.LOCALITY, council=council).first()
    ):
        return team
    return central()


def _team_workers(team: Team):
    return StaffMember.objects.filter(
        Q(team=team) | Q(other_teams=team),
        role=StaffMember.Role.WORKER,
        is_active=True,
        is_away=False,
        user__is_active=True,
    ).distinct()


@dataclass(frozen=True)
class Route:
    """Where routing sends a household: a team (None: nobody) and its least busy worker (None: its queue)."""

    team: Team | None
    worker: StaffMember | None


def route_choose(*, household: Household, team: Team | None = None) -> Route:
    """The team the rules name for ``household`` (or ``team``) and that team's worker with the fewest open cases.

    Ties go to whoever was given an enquiry longest ago (round robin). The team's row stays locked
    until the transaction ends, so concurrent routing into one team takes turns and two enquiries
    at once cannot both pick the same "least busy" worker. Writes nothing: a household not saved yet
    is given its team and worker in its first save (``route_give``), then ``route_record`` says so.
    """
    if team is not None:
        team = Team.objects.select_for_update().get(pk=team.pk)
    else:
        team = team_decide(
            council=household.council, stage=household.stage, service=household.service, lock=True
        )
    if team is None:
        return Route(team=None, worker=None)
    # Each worker's open cases, counted from the open-case index one worker at a time: joining every
    # household to the team would read them all.
    open_cases = (
        Household.objects.open()
        .filter(assigned_to=OuterRef("pk"))
        .order_by()
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .values("n")
    )
    worker = (
        StaffMember.objects.filter(pk__in=_team_workers(team).values("pk"))
        .annotate(open_cases=Coalesce(Subquery(open_cases, output_field=IntegerField()), 0))
        .order_by("open_cases", F("last_assigned_at").asc(nulls_first=True), "pk")
        .select_related("user")
        .first()
    )
    return Route(team=team, worker=worker)


def route_give(household: Household, route: Route, *, at) -> None:
    """Put the route on a household about to be saved, so one save gives it its team and worker."""
    household.team = route.team
    if route.worker is not None:
        household.assigned_to = route.worker
        household.assigned_at = at


def route_record(household: Household, route: Route, *, at, records: Records) -> None:
    """Once the household is saved with its route: its worker's turn taken, and in ``records`` the
    rows ``household_route`` would have written (timeline, audit trail, the worker's notice)."""
    if route.team is None:
        return
    if route.worker is None:
        records.timeline.append(_waiting_entry(household, route.team))
        return
    _assignment_rows(household=household, staff=route.worker, by=None, at=at, notify=True, records=records)


def household_route(*, household: Household, team: Team | None = None) -> StaffMember | None:
    """Send a saved household to ``team`` (else the one the rules name) and its least busy worker (``route_choose``)."""
    route = route_choose(household=household, team=team)
    if route.team is None:
        Household.objects.filter(pk=household.pk).update(team=None)
        household.team = None
        return None
    household.team = route.team
    if route.worker is None:
        household.save(update_fields=["team"])
        _waiting_entry(household, route.team).save()
        return None
    household_assign(household=household, staff=route.worker, by=None, notify=True)
    return route.worker


def _waiting_entry(household: Household, team: Team) -> TimelineEntry:
    return TimelineEntry(
        household=household,
        kind=TimelineEntry.Kind.ASSIGNMENT,
        summary=f"Waiting in the {team.name} queue: nobody is available",
    )


def household_reroute(*, household: Household, why: str, by=None) -> bool:
    """Move a household to the team the rules name now, if that is another team; say so on its record.

    Its worker keeps it if they work in the new team too; otherwise the new team's least busy
    worker gets it. Returns whether it moved.
    """
    old = household.team
    handed_over = old is not None and not old.is_central
    new = team_decide(
        council=household.council, stage=household.stage, service=household.service, handed_over=handed_over
    )
    if (old.pk if old else None) == (new.pk if new else None):
        return False
    _move_to(household, new, summary=f"Moved from {old or 'no team'} to {new or 'no team'}: {why}", by=by)
    return True


@transaction.atomic
def household_council_set(*, household: Household, council: str, by, why: str = "") -> bool:
    """A worker confirms (or corrects) the council; the household moves to the right team if it must."""
    if council not in Council.values or council == Council.UNKNOWN:
        raise RoutingError("Choose Kent, Medway, Bexley or somewhere else.")
    household = (
        Household.objects.select_for_update(of=("self",))
        .select_related("team", "assigned_to")
        .get(pk=household.pk)
    )
    before = household.get_council_display()
    changed = household.council != council
    household.council = council
    household.council_stated = ""
    household.save(update_fields=["council", "council_stated", "updated_at"])
    household_mark_seen(household=household, by=by)
    summary = f"Council {'changed from ' + before + ' to' if changed else 'confirmed as'} {household.get_council_display()}"
    if why:
        summary = f"{summary}: {why}"
    TimelineEntry.objects.create(
        household=household, kind=TimelineEntry.Kind.NOTE, by=by, summary=summary[:200]
    )
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary=summary)
    household_reroute(household=household, why=f"council {household.get_council_display()}", by=by)
    return changed


@transaction.atomic
def household_hand_over(*, household: Household, by) -> Team:
    """The central team hands a household to its council's team now (also done on reaching the rule's stage)."""
    household = (
        Household.objects.select_for_update(of=("self",))
        .select_related("team", "assigned_to")
        .get(pk=household.pk)
    )
    if not (household.team and household.team.is_central):
        raise RoutingError("Only a household the central team holds can be handed over.")
    team = council_team(household.council)
    if team is None:
        raise RoutingError(
            "Confirm their council first: a household whose council is to be confirmed or outside the "
            "partnership stays with the central team."
        )
    _move_to(
        household,
        team,
        summary=f"Handed over from {household.team} to {team}: handed over by the central team",
        by=by,
    )
    return team


def household_hand_over_if_due(*, household: Household, by=None) -> bool:
    """On reaching the routing rule's hand-over stage, the central team's household goes to its council team."""
    if not (household.team_id and household.team and household.team.is_central):
        return False
    team = team_decide(council=household.council, stage=household.stage, service=household.service)
    if team is None or team.is_central:
        return False
    why = f"reached {household.get_stage_display().lower()}"
    _move_to(household, team, summary=f"Handed over from {household.team} to {team}: {why}", by=by)
    return True


def _move_to(household: Household, team: Team | None, *, summary: str, by) -> None:
    """Give the household to ``team``, saying why on its record; its worker keeps it if they are in that team."""
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary=summary)
    TimelineEntry.objects.create(
        household=household, kind=TimelineEntry.Kind.ASSIGNMENT, by=by, summary=summary
    )
    household.team = team
    if household.assigned_to_id and (team is None or team.pk not in household.assigned_to.team_ids()):
        household.assigned_to = None
        household.assigned_at = None
    household.save(update_fields=["team", "assigned_to", "assigned_at", "updated_at"])
    if household.assigned_to_id is None:
        household_route(household=household, team=team)


def household_assign(
    *, household: Household, staff: StaffMember | None, by, notify: bool = True
) -> Household:
    """Give a household to a member of staff (or back to the team queue with ``staff=None``)."""
    case_required(household, to="assign")
    now = timezone.now()
    if household.assigned_to_id == (staff.pk if staff else None):
        return household
    household_mark_seen(household=household, by=by)
    household.assigned_to = staff
    household.assigned_at = now if staff else None
    if staff and staff.team_id and household.team_id is None and household.council in PARTNER_COUNCILS:
        household.team = staff.team
    household.save(update_fields=["assigned_to", "assigned_at", "team", "updated_at"])
    records = Records()
    _assignment_rows(household=household, staff=staff, by=by, at=now, notify=notify, records=records)
    records.write()
    return household


def _assignment_rows(
    *, household: Household, staff: StaffMember | None, by, at, notify: bool, records: Records
) -> None:
    """What giving a household to someone leaves behind: their turn taken now; in ``records``, the
    audit trail, the timeline and their notice."""
    if staff:
        StaffMember.objects.filter(pk=staff.pk).update(last_assigned_at=at)
    who = str(staff) if staff else "the team queue"
    records.audit += audit_record(
        action=AuditEvent.Action.CHANGE, target=household, user=by, summary=f"Assigned to {who}", save=False
    )
    records.timeline.append(
        TimelineEntry(
            household=household,
            kind=TimelineEntry.Kind.ASSIGNMENT,
            at=at,
            by=by,
            summary=f"Assigned to {who}" if staff else "Returned to the team queue",
        )
    )
    if staff and notify and (by is None or by.pk != staff.user_id):
        records.side_effects.append(
            SideEffect(
                kind="worker_notification",
                key=f"worker_notification:{household.pk}:{staff.pk}:{at.timestamp()}",
                household=household,
                payload={"staff_id": staff.pk},
            )
        )

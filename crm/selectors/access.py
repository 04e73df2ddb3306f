"""Who may see which records: every read on behalf of a person is narrowed here first.

A worker who types another council's record address gets a 404 from the same rule that builds their queue.
"""

import contextlib
import contextvars
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.http import Http404

from core.reports.access import Audience
from crm.models import Enquiry, Household, StaffMember, Team

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


def is_family_finder(user) -> bool:
    """Whether this person works in the family-finding team (as their own team, or also working in it).

    Family finders see every waiting approved family's matching profile (``family_finding_pool``), and
    the rest of a household only when it is theirs, as any worker does (``households_visible_to``).
    """
    staff = staff_member_for(user)
    if staff is None or not staff.team_ids():
        return False
    if not hasattr(staff, "_family_finder"):
        staff._family_finder = Team.objects.filter(
            pk__in=staff.team_ids(), kind=Team.Kind.FAMILY_FINDING
        ).exists()
    return staff._family_finder


def sees_everything(user) -> bool:
    staff = staff_member_for(user)
    return bool(user.is_authenticated and (user.is_superuser or (staff and staff.is_manager)))


# Marketing editors are the people who may view campaigns but are not CRM staff.
AGGREGATE_PERMISSION = "campaigns.view_campaign"


def report_audience(user) -> Audience:
    """Whose figures an active, signed-in person may see on a report screen (``REPORT_AUDIENCE_FUNCTION``).

    Managers and superusers see everyone's; recruitment workers their team's and their own cases';
    marketing editors totals only; anyone else nothing.
    """
    if sees_everything(user):
        return Audience.EVERYONE
    if staff_member_for(user):
        return Audience.TEAM
    if user.has_perm(AGGREGATE_PERMISSION):
        return Audience.AGGREGATE
    return Audience.NONE


def households_visible_to(user) -> QuerySet[Household]:
    """Managers see every household; a worker sees their teams' and those assigned to them; others none.

    Every case, and the families known only from a family event's booking (whose bookings staff run),
    but not those who only asked for the pack (``Household.objects.on_record()``). Queues, counts and
    reports of casework narrow this to ``.active()`` or ``.open()``.
    """
    households = Household.objects.on_record()
    if sees_everything(user):
        return households
    staff = staff_member_for(user)
    if staff is None:
        return households.none()
    scope = Q(assigned_to=staff)
    if team_ids := staff.team_ids():
        scope |= Q(team_id__in=team_ids)
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
    if staff is None or not staff.team_ids():
        return enquiries.none()
    teams = Team.objects.filter(pk__in=staff.team_ids())
    if any(team.is_central for team in teams):
        return enquiries  # the central team sees every new enquiry, held ones included
    # A council team's workers see their council's; the family-finding team, working for all three, none.
    return enquiries.filter(council__in=[team.council for team in teams if team.kind == Team.Kind.LOCALITY])


def enquiry_quarantined_get(*, user, pk: int) -> Enquiry:
    try:
        return enquiries_quarantined_visible_to(user).get(pk=pk)
    except (Enquiry.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such enquiry", object_type="enquiry", object_id=pk) from None


def staff_assignable_by(user) -> QuerySet[StaffMember]:
    """Who this user may hand a household to: anyone for a manager, the people of their teams for a worker."""
    staff = StaffMember.objects.filter(is_active=True, user__is_active=True).select_related("user", "team")
    if sees_everything(user):
        return staff
    me = staff_member_for(user)
    if me is None:
        return staff.none()
    team_ids = me.team_ids()
    if not team_ids:
        return staff.filter(pk=me.pk)
    return staff.filter(Q(team_id__in=team_ids) | Q(other_teams__in=team_ids) | Q(pk=me.pk)).distinct()

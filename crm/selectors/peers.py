"""Peer connection as people read it: who may volunteer or ask, the matching screen, and each side's view.

Least privilege, as family finding's pool: approved volunteers' matching profiles (reference, area, role,
what they share, how many they support) are shown to every CRM worker across the three councils, so anyone
arranging a match can find the right volunteer. A volunteer's name and contact details, an offer still to
be checked, a waiting request and a match's log come only for households the person may already open
(``households_visible_to``); everything else is a 404 that gives nothing away.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from crm.models import Household, PeerMatch, PeerRequest, PeerRole, PeerVolunteer, Stage

from .access import RecordHidden, households_visible_to, sees_everything, staff_member_for

# Approved adopters, and those further on (waiting, linked, matched, placed, after the order), may volunteer.
VOLUNTEER_STAGES = (
    Stage.APPROVED,
    Stage.ON_HOLD,
    Stage.FAMILY_FINDING,
    Stage.LINKED,
    Stage.MATCHED,
    Stage.PLACED,
    Stage.ADOPTION_ORDER,
)
# People in assessment, and families whose child has just moved in, may ask for a peer.
REQUEST_STAGES = (Stage.STAGE_ONE, Stage.BREAK, Stage.STAGE_TWO, Stage.PANEL, Stage.PLACED)
LIVE_VOLUNTEER = (PeerVolunteer.Status.OFFERED, PeerVolunteer.Status.APPROVED)
LIVE_REQUEST = (PeerRequest.Status.WAITING, PeerRequest.Status.MATCHED)


def peer_volunteer_offer_open(household: Household) -> PeerVolunteer | None:
    """The household's offer that is waiting to be checked or approved, if any."""
    return PeerVolunteer.objects.filter(household=household, status__in=LIVE_VOLUNTEER).first()


def peer_request_offer(household: Household) -> PeerRequest | None:
    """The household's request that is waiting or matched, if any."""
    return PeerRequest.objects.filter(household=household, status__in=LIVE_REQUEST).first()


def _visible_ids(user, household_ids) -> set[int]:
    """Of these households, those this person may open in full (one query)."""
    if sees_everything(user):
        return set(household_ids)
    return set(households_visible_to(user).filter(pk__in=list(household_ids)).values_list("pk", flat=True))


def volunteer_loads(volunteer_ids) -> dict[int, int]:
    """How many people each volunteer supports now (their open matches)."""
    rows = (
        PeerMatch.objects.filter(volunteer_id__in=list(volunteer_ids), ended_at__isnull=True)
        .values("volunteer_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["volunteer_id"]: row["n"] for row in rows}


# Staff: volunteers ----------------------------------------------------------------------------------------


def peer_volunteers_for(user) -> QuerySet[PeerVolunteer]:
    """The volunteers this person may list: every approved one's profile (any CRM worker), and offers and
    past volunteers only of households they may open."""
    volunteers = PeerVolunteer.objects.select_related("household")
    if sees_everything(user):
        return volunteers
    if staff_member_for(user) is None:
        return volunteers.none()
    mine = households_visible_to(user).values("pk")
    return volunteers.filter(Q(status=PeerVolunteer.Status.APPROVED) | Q(household__in=mine))


def peer_volunteer_get(*, user, pk: int) -> PeerVolunteer:
    """A volunteer whose household this person may open (to check, approve or stand them down), or a 404."""
    try:
        return PeerVolunteer.objects.select_related("household", "decided_by").get(
            pk=pk, household__in=households_visible_to(user).values("pk")
        )
    except (PeerVolunteer.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such volunteer", object_type="peervolunteer", object_id=pk) from None


@dataclass(frozen=True)
class VolunteerEntry:
    """One volunteer as a list shows them: the profile always, the name only when it may be seen."""

    volunteer: PeerVolunteer
    load: int
    visible: bool
    score: int = 0
    shared: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)  # the roles it could be matched as

    @property
    def reference(self) -> str:
        return f"PV-{self.volunteer.pk:05d}"

    @property
    def has_room(self) -> bool:
        return self.load < self.volunteer.capacity

    @property
    def name(self) -> str:
        return self.volunteer.household.display_name if self.visible else ""


def volunteer_entries(user, volunteers: list[PeerVolunteer]) -> list[VolunteerEntry]:
    loads = volunteer_loads(volunteer.pk for volunteer in volunteers)
    visible = _visible_ids(user, {volunteer.household_id for volunteer in volunteers})
    return [
        VolunteerEntry(volunteer, loads.get(volunteer.pk, 0), volunteer.household_id in visible)
        for volunteer in volunteers
    ]


# Staff: the matching screen -------------------------------------------------------------------------------


def peer_requests_waiting(user) -> QuerySet[PeerRequest]:
    """The requests waiting for a peer whose households this person may open, longest waiting first."""
    return (
        PeerRequest.objects.filter(
            status=PeerRequest.Status.WAITING, household__in=households_visible_to(user).values("pk")
        )
        .select_related("household")
        .order_by("requested_at", "pk")
    )


def peer_request_get(*, user, pk: int) -> PeerRequest:
    try:
        return PeerRequest.objects.select_related("household").get(
            pk=pk, household__in=households_visible_to(user).values("pk")
        )
    except (PeerRequest.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such peer request", object_type="peerrequest", object_id=pk) from None


def match_score(request: PeerRequest, volunteer: PeerVolunteer) -> tuple[int, list[str]]:
    """How many of the things that matter the two share, and which: each fact the request has and the
    volunteer shares, the same area, and a role both want."""
    shared = [words for name, words in request.SHARED if getattr(request, name) and getattr(volunteer, name)]
    if request.council == volunteer.council:
        shared.append(f"Same area ({request.get_council_display()})")
    if set(request.roles) & set(volunteer.roles):
        shared.append("Role")
    return len(shared), shared


@dataclass(frozen=True)
class WaitingEntry:
    request: PeerRequest
    waited_days: int
    candidates: list[VolunteerEntry]


def peer_matching_board(user, *, today: dt.date | None = None, limit: int = 5) -> list[WaitingEntry]:
    """Each waiting request this person may open, with approved volunteers who offer a role it wants and
    have room, ranked by what they share (then the lightest load, then longest approved).

    A fixed number of queries however many are waiting: the requests, the approved volunteers, their
    loads and which of their households this person may open.
    """
    today = today or timezone.localdate()
    requests = list(peer_requests_waiting(user))
    if not requests:
        return []
    volunteers = list(
        PeerVolunteer.objects.filter(status=PeerVolunteer.Status.APPROVED)
        .select_related("household")
        .order_by("decided_at", "pk")
    )
    entries = volunteer_entries(user, volunteers)
    board = []
    for request in requests:
        ranked = []
        for entry in entries:
            volunteer = entry.volunteer
            if volunteer.household_id == request.household_id or not entry.has_room:
                continue
            if not set(request.roles) & set(volunteer.roles):
                continue
            score, shared = match_score(request, volunteer)
            roles = [(role, PeerRole(role).label) for role in role_choices(request, volunteer)]
            ranked.append(VolunteerEntry(volunteer, entry.load, entry.visible, score, shared, roles))
        ranked.sort(key=lambda entry: (-entry.score, entry.load))
        waited = (today - timezone.localdate(request.requested_at)).days
        board.append(WaitingEntry(request, waited, ranked[:limit]))
    return board


def role_choices(request: PeerRequest, volunteer: PeerVolunteer) -> list[str]:
    return [role for role in PeerRole.values if role in request.roles and role in volunteer.roles]


# Staff: matches -------------------------------------------------------------------------------------------


def peer_match_get(*, user, pk: int) -> PeerMatch:
    """A match whose either side this person may open, or a 404."""
    mine = households_visible_to(user).values("pk")
    try:
        return (
            PeerMatch.objects.select_related("request__household", "volunteer__household", "started_by")
            .filter(Q(request__household__in=mine) | Q(volunteer__household__in=mine))
            .get(pk=pk)
        )
    except (PeerMatch.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such peer match", object_type="peermatch", object_id=pk) from None


def household_peers(household: Household) -> dict:
    """Everything about peer connection on one household's record (for someone who may open it)."""
    matches = PeerMatch.objects.filter(Q(request__household=household) | Q(volunteer__household=household))
    return {
        "volunteers": list(household.peer_volunteers.select_related("decided_by")),
        "requests": list(household.peer_requests.all()),
        "matches": list(matches.select_related("request", "volunteer").order_by("-started_at")),
        "volunteer_open": peer_volunteer_offer_open(household),
        "request_open": peer_request_offer(household),
    }


# The applicant's own page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnMatch:
    """A match as one side sees it on their own page: the other side's first name only, as both agreed."""

    match: PeerMatch
    side: str  # "requester" or "volunteer"
    other_first_name: str


def applicant_peers(household: Household) -> dict:
    """What the applicant's peer page shows: what they may do now, and their matches."""
    open_stage = household.is_open and household.service == "adopting"
    matches = (
        PeerMatch.objects.filter(
            Q(request__household=household) | Q(volunteer__household=household), ended_at__isnull=True
        )
        .select_related("request__household", "volunteer__household")
        .order_by("-started_at")
    )
    own = []
    for match in matches:
        if match.request.household_id == household.pk:
            own.append(OwnMatch(match, "requester", match.volunteer.household.first_name))
        else:
            own.append(OwnMatch(match, "volunteer", match.request.household.first_name))
    return {
        "can_volunteer": open_stage and household.stage in VOLUNTEER_STAGES,
        "can_request": open_stage and household.stage in REQUEST_STAGES,
        "my_volunteer": peer_volunteer_offer_open(household),
        "my_request": peer_request_offer(household),
        "matches": own,
    }


def applicant_match_get(household: Household, pk) -> OwnMatch | None:
    """One of the household's own open matches, on either side, or None."""
    return next((own for own in applicant_peers(household)["matches"] if str(own.match.pk) == str(pk)), None)


def applicant_peers_offer(household: Household) -> str:
    """The line the journey page shows about peers, or "" when there is nothing for them yet."""
    if not (household.is_open and household.service == "adopting"):
        return ""
    if household.stage in VOLUNTEER_STAGES and household.stage in REQUEST_STAGES:
        return (
            "Ask for a peer buddy or mentor who has been where you are, or volunteer to support someone else."
        )
    if household.stage in VOLUNTEER_STAGES:
        return "Now you are approved, you could support someone starting out, as a peer mentor or buddy."
    if household.stage in REQUEST_STAGES:
        return "Talk to an adopter who has been where you are now: ask for a peer mentor or buddy."
    return ""

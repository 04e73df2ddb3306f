"""Demo peer mentors and buddies: two approved volunteers, someone waiting for a peer, and one match running."""

import datetime as dt

from django.utils import timezone

from crm.models import Household, PeerContact, PeerSource, PeerVolunteer
from crm.selectors.peers import REQUEST_STAGES, VOLUNTEER_STAGES
from crm.services.peers import (
    peer_contact_log,
    peer_match_create,
    peer_request_create,
    peer_volunteer_approve,
    peer_volunteer_offer,
)

VOLUNTEERS = (
    {"role": "either", "single_adopter": True, "sibling_group": True},
    {"role": "buddy", "same_sex_couple": True, "early_permanence": True},
)
REQUESTS = (
    {"role": "mentor", "single_adopter": True, "sibling_group": True},
    {"role": "buddy", "early_permanence": True},
)


def _worker(household: Household):
    return household.assigned_to.user if household.assigned_to else None


def demo_peers_load() -> int:
    """Once only: returns how many peer rows it made (0 when there are some already, or too few households)."""
    if PeerVolunteer.objects.exists():
        return 0
    demo = Household.objects.open().recruitment().filter(email__endswith="@example.com").order_by("pk")
    approved = list(demo.filter(stage__in=VOLUNTEER_STAGES).exclude(stage="placed")[:2])
    asking = list(demo.filter(stage__in=REQUEST_STAGES).exclude(stage="placed")[:2])
    if len(approved) < 2 or len(asking) < 2:
        return 0
    today = timezone.localdate()
    volunteers = []
    for household, profile in zip(approved, VOLUNTEERS, strict=True):
        by = _worker(household)
        volunteer = peer_volunteer_offer(
            household=household,
            profile={**profile, "share_consent": True},
            about="Happy to talk about the assessment and the first months at home.",
            source=PeerSource.APPLICANT,
        )
        volunteers.append(
            peer_volunteer_approve(
                volunteer=volunteer,
                training_on=today - dt.timedelta(days=60),
                dbs_checked_on=today - dt.timedelta(days=90),
                by=by,
            )
        )
    requests = [
        peer_request_create(
            household=household, profile={**profile, "share_consent": True}, source=PeerSource.APPLICANT
        )
        for household, profile in zip(asking, REQUESTS, strict=True)
    ]
    match = peer_match_create(
        request=requests[0], volunteer=volunteers[0], role="mentor", by=_worker(asking[0])
    )
    peer_contact_log(
        match=match, on=today, kind=PeerContact.Kind.PHONE, note="First call went well.", by=None
    )
    return len(volunteers) + len(requests) + 1

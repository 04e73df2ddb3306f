"""Peer connection's personal data, in subject access and erasure: volunteers, requests, matches, contacts.

Registered as a holder with ``core.personal_data`` (``CrmConfig.ready``), so the CRM's privacy services
(``crm.services.privacy``) include it in every subject access file, erasure and retention run, as they do
the other apps' data. Peer rows hang off households; erasure and retention remove the free text written
about the person (what they would share, notes, reasons, contact notes) and end any match still open, so
nobody is introduced to or supported by someone whose details are gone. Dates, roles, statuses and the
matching answers stay, so the Peers and mentors figures count the same.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.personal_data import Anchor, Person, RetentionPlan, Store
from crm.models import (
    AuditEvent,
    Household,
    PeerContact,
    PeerEndReason,
    PeerMatch,
    PeerRequest,
    PeerVolunteer,
)
from crm.selectors.subject_access import _value

ERASED = "Details erased"


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _matches_of(ids) -> Q:
    return Q(request__household__in=ids) | Q(volunteer__household__in=ids)


class PeersHolder:
    label = "Peer mentors and buddies"
    retention_kinds = frozenset()
    stores = (
        Store(
            "Peer volunteers and requests (crm.PeerVolunteer, crm.PeerRequest)",
            "Whether someone offered to volunteer or asked for a peer, as a mentor or a buddy; the answers that "
            "matter for matching; what they wrote; the dates of training and DBS check; the decisions and reasons.",
            "What they wrote and the reasons are removed; an offer or request still open is closed. The dates, "
            "roles and answers stay for the figures.",
        ),
        Store(
            "Peer matches and contacts (crm.PeerMatch, crm.PeerContact)",
            "Who was matched with whom, as what, when, how it ended, and each contact logged with its note.",
            "A match still open is ended; its note and every contact note are removed.",
        ),
    )

    def warnings(self) -> list[str]:
        return []

    def find(self, *, email: str, phone: str) -> list[Anchor]:
        return []  # peer rows belong to households, found by the CRM's own search

    def anchor_identities(self, *, kind: str, pk: int):
        return None

    def identities(self, person: Person):
        return set(), set(), set()

    def counts(self, person: Person) -> dict[str, int]:
        ids = list(person.household_ids)
        return {
            "Peer volunteer offers": PeerVolunteer.objects.filter(household__in=ids).count(),
            "Requests for a peer": PeerRequest.objects.filter(household__in=ids).count(),
            "Peer matches": PeerMatch.objects.filter(_matches_of(ids)).count(),
        }

    def export(self, person: Person) -> dict[str, list[dict]]:
        ids = list(person.household_ids)
        volunteers = PeerVolunteer.objects.filter(household__in=ids).select_related("decided_by")
        requests = PeerRequest.objects.filter(household__in=ids)
        matches = (
            PeerMatch.objects.filter(_matches_of(ids))
            .select_related("request", "volunteer", "started_by")
            .prefetch_related("contacts")
            .order_by("started_at", "pk")
        )
        return {
            "Peer mentors and buddies: your offers to volunteer": [
                {
                    "Record": Household.reference_for(volunteer.household_id),
                    "Offered to be": volunteer.get_role_display(),
                    "Status": volunteer.get_status_display(),
                    "Area": volunteer.get_council_display(),
                    "Experience you told us": volunteer.facts,
                    "What you would share": volunteer.about,
                    "Agreed to share first name and email": volunteer.share_consent,
                    "Offered": _value(volunteer.offered_at),
                    "Peer-support training": _value(volunteer.training_on),
                    "DBS check": _value(volunteer.dbs_checked_on),
                    "Decided": _value(volunteer.decided_at),
                    "Decided by": _who(volunteer.decided_by),
                    "Reason": volunteer.reason,
                }
                for volunteer in volunteers
            ],
            "Peer mentors and buddies: your requests for a peer": [
                {
                    "Record": Household.reference_for(request.household_id),
                    "Asked for": request.get_role_display(),
                    "Status": request.get_status_display(),
                    "Area": request.get_council_display(),
                    "What matters to you": request.facts,
                    "Anything else": request.note,
                    "Agreed to share first name and email": request.share_consent,
                    "Asked": _value(request.requested_at),
                    "Closed": _value(request.closed_at),
                    "Why it closed": request.close_reason,
                }
                for request in requests
            ],
            # The other side is named by their role only: their details are theirs.
            "Peer mentors and buddies: your matches": [
                {
                    "You were": "Supported"
                    if match.request.household_id in ids
                    else f"The {match.get_role_display().lower()}",
                    "Role": match.get_role_display(),
                    "Started": _value(match.started_at),
                    "Matched by": _who(match.started_by),
                    "Ended": _value(match.ended_at),
                    "Ended by": match.get_ended_by_display(),
                    "Why it ended": match.get_end_reason_display(),
                    "Contacts logged": [
                        f"{_value(contact.on)}: {contact.get_kind_display()}"
                        + (f". {contact.note}" if contact.note else "")
                        for contact in match.contacts.all()
                    ],
                }
                for match in matches
            ],
        }

    @transaction.atomic
    def erase(self, person: Person, *, by) -> dict[str, int]:
        return self._scrub(list(person.household_ids), by=by, why="Erased on request")

    @transaction.atomic
    def anonymise_households(self, household_ids: list[int], *, by) -> dict[str, int]:
        return self._scrub(list(household_ids), by=by, why="Anonymised by the retention policy")

    def _scrub(self, ids: list[int], *, by, why: str) -> dict[str, int]:
        from crm.services.privacy import audit_record

        now = timezone.now()
        volunteers = PeerVolunteer.objects.filter(household__in=ids)
        volunteers.filter(status=PeerVolunteer.Status.OFFERED).update(
            status=PeerVolunteer.Status.DECLINED, decided_at=now
        )
        volunteers.filter(status=PeerVolunteer.Status.APPROVED).update(
            status=PeerVolunteer.Status.STOOD_DOWN, decided_at=now
        )
        scrubbed = volunteers.update(about="", reason=ERASED)
        requests = PeerRequest.objects.filter(household__in=ids)
        requests.filter(status__in=[PeerRequest.Status.WAITING, PeerRequest.Status.MATCHED]).update(
            status=PeerRequest.Status.CLOSED, closed_at=now
        )
        scrubbed += requests.update(note="", close_reason=ERASED)
        matches = PeerMatch.objects.filter(_matches_of(ids))
        open_matches = list(matches.filter(ended_at__isnull=True).select_related("request"))
        matches.filter(ended_at__isnull=True).update(
            ended_at=now, ended_by=PeerMatch.EndedBy.WORKER, end_reason=PeerEndReason.ERASED
        )
        # The other side of a match that ended this way is waiting for a peer again.
        PeerRequest.objects.filter(
            pk__in=[match.request_id for match in open_matches], status=PeerRequest.Status.MATCHED
        ).exclude(household__in=ids).update(status=PeerRequest.Status.WAITING)
        matches.update(end_note="")
        notes = PeerContact.objects.filter(match__in=matches).exclude(note="").update(note="")
        if scrubbed or open_matches or notes:
            audit_record(
                action=AuditEvent.Action.ANONYMISE,
                user=by,
                object_type="peers",
                summary=f"{why}: peer connection details removed",
            )
        return {"Peer connection rows cleared": scrubbed + notes}

    def retention_plan(self, *, kind: str, cutoff: dt.datetime, sample: int) -> RetentionPlan:
        return RetentionPlan(0)

    def retention_apply(self, *, kind: str, cutoff: dt.datetime, rule, by, batch: int) -> int:
        return 0


holder = PeersHolder()

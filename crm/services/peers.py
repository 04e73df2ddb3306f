"""Peer connection: volunteers offer, workers check and approve them, people ask, workers match and log.

Every move checks where things stand and refuses with a message the person can act on; asking for what is
already so changes nothing. Each change writes a timeline entry on the household it is about and an audit
entry, in the same transaction. A match queues an introduction email to each side (outbox rows) and, once
committed, tells the rest of the system (``crm.signals.peer_match_started``: a touch on "Peers" or
"Mentor schemes").

What the introduction shares: each side's first name and email address, and nothing more (no surname,
phone, address or anything about a child). Both sides agreed to exactly that when they volunteered or
asked (``share_consent``); a match is refused until both have.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crm.models import (
    AuditEvent,
    Council,
    EnquiryType,
    Household,
    PeerContact,
    PeerEndReason,
    PeerMatch,
    PeerRequest,
    PeerRole,
    PeerRoleWanted,
    PeerSource,
    PeerVolunteer,
    SideEffect,
    TimelineEntry,
)
from crm.models.peers import ABOUT_MAX_LENGTH, CONTACT_NOTE_MAX_LENGTH
from crm.selectors.peers import (
    REQUEST_STAGES,
    VOLUNTEER_STAGES,
    peer_request_offer,
    peer_volunteer_offer_open,
)
from crm.signals import peer_match_started, send_on_commit

from .cases import PipelineError
from .privacy import audit_record
from .side_effects import side_effect_queue

PROFILE_FIELDS = (
    "role",
    "council",
    "single_adopter",
    "same_sex_couple",
    "sibling_group",
    "early_permanence",
    "disability",
    "share_consent",
)
SHARE_REFUSED = (
    "We can only match someone who agrees to share their first name and email address with the person "
    "they are matched with. Tick the box to agree."
)


class PeerError(PipelineError):
    """A peer-connection move that cannot be made; the message says why and what to do instead."""


def profile_clean(profile: dict, *, household: Household) -> dict:
    """Only the profile's own fields; the council is the household's unless one is given."""
    cleaned = {name: profile[name] for name in PROFILE_FIELDS if name in profile}
    if cleaned.get("role") not in PeerRoleWanted.values:
        raise PeerError("Choose a mentor, a buddy or either.")
    if not cleaned.get("council") or cleaned["council"] not in Council.values:
        cleaned["council"] = household.council
    for name in PROFILE_FIELDS[2:]:
        cleaned[name] = bool(cleaned.get(name))
    return cleaned


def _text(value: str, *, limit: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise PeerError(f"Keep {what} to {limit} characters or fewer (you wrote {len(value)}).")
    return value


def _note(household_id: int, summary: str, *, by=None) -> None:
    TimelineEntry.objects.create(
        household_id=household_id, kind=TimelineEntry.Kind.PEERS, by=by, summary=summary
    )


def _day_check(day: dt.date | None, what: str) -> None:
    if day and day > timezone.localdate():
        raise PeerError(f"The date of {what} cannot be in the future.")


# Volunteers -----------------------------------------------------------------------------------------------


@transaction.atomic
def peer_volunteer_offer(
    *, household: Household, profile: dict, about: str = "", source: str, by=None
) -> PeerVolunteer:
    """An adopter offers to be a mentor or a buddy; a worker checks them before anyone is matched.

    From their own page only once approved (approved, waiting, linked, matched, placed or after the
    order); a worker or the website's form may record an experienced adopter at any stage, for the worker
    to check. An offer already waiting or approved is returned as it is.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    if existing := peer_volunteer_offer_open(household):
        return existing
    if source == PeerSource.APPLICANT and not (
        household.service == EnquiryType.ADOPTING
        and household.is_open
        and household.stage in VOLUNTEER_STAGES
    ):
        raise PeerError("You can volunteer as a mentor or buddy once you have been approved as adopters.")
    return _peer_wish_record(
        PeerVolunteer,
        household=household,
        profile=profile,
        source=source,
        by=by,
        text=("about", about, "what you would like to share"),
        timeline="Offered to volunteer as a peer ({role}): to be checked",
        audit="peer volunteer offer recorded ({source})",
    )


def _peer_wish_record(model, *, household, profile, source, by, text, timeline, audit):
    """Record an offer to volunteer or a request for a peer: its profile (shared only with consent), its
    free text within the limit, a timeline entry and an audit entry. ``text`` is (field, value, in words);
    ``timeline`` and ``audit`` may name the ``{role}`` and the ``{source}``."""
    cleaned = profile_clean(profile, household=household)
    if not cleaned["share_consent"]:
        raise PeerError(SHARE_REFUSED)
    field, value, what = text
    row = model.objects.create(
        household=household,
        source=source,
        **{field: _text(value, limit=ABOUT_MAX_LENGTH, what=what)},
        **cleaned,
    )
    words = {"role": PeerRoleWanted(row.role).label.lower(), "source": PeerSource(source).label.lower()}
    _note(household.pk, timeline.format(**words), by=by)
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=row,
        user=by,
        summary=f"{household.reference}: {audit.format(**words)}",
    )
    return row


def _volunteer_locked(volunteer: PeerVolunteer) -> PeerVolunteer:
    return PeerVolunteer.objects.select_for_update().select_related("household").get(pk=volunteer.pk)


@transaction.atomic
def peer_volunteer_approve(
    *,
    volunteer: PeerVolunteer,
    training_on: dt.date | None,
    dbs_checked_on: dt.date | None,
    by,
    capacity: int = 0,
) -> PeerVolunteer:
    """Approve a volunteer after their checks. Both dates are needed: the peer-support training they did
    and their DBS check; without both nobody could be matched with them safely."""
    volunteer = _volunteer_locked(volunteer)
    missing = [
        what
        for what, day in (("their peer-support training", training_on), ("their DBS check", dbs_checked_on))
        if not day
    ]
    if missing:
        raise PeerError(
            f"Record the date of {' and the date of '.join(missing)} before approving: a volunteer is approved "
            "only with both their training and their DBS check recorded."
        )
    _day_check(training_on, "their training")
    _day_check(dbs_checked_on, "their DBS check")
    if volunteer.status in (PeerVolunteer.Status.DECLINED, PeerVolunteer.Status.STOOD_DOWN):
        raise PeerError(
            f"This volunteer is {volunteer.get_status_display().lower()}. If they offer again, record a new offer."
        )
    changed = (volunteer.status, volunteer.training_on, volunteer.dbs_checked_on) != (
        PeerVolunteer.Status.APPROVED,
        training_on,
        dbs_checked_on,
    )
    if capacity and capacity != volunteer.capacity:
        volunteer.capacity, changed = capacity, True
    if not changed:
        return volunteer
    first = volunteer.status == PeerVolunteer.Status.OFFERED
    volunteer.status = PeerVolunteer.Status.APPROVED
    volunteer.training_on, volunteer.dbs_checked_on = training_on, dbs_checked_on
    volunteer.decided_at, volunteer.decided_by = timezone.now(), by
    volunteer.save()
    summary = (
        f"Approved as a peer volunteer (training {training_on:%d %B %Y}, DBS check {dbs_checked_on:%d %B %Y})"
        if first
        else "Peer volunteer's checks updated"
    )
    _note(volunteer.household_id, summary, by=by)
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=volunteer,
        user=by,
        summary=f"{volunteer.household.reference}: {summary}",
    )
    return volunteer


@transaction.atomic
def peer_volunteer_decline(*, volunteer: PeerVolunteer, reason: str, by) -> PeerVolunteer:
    """Decline an offer that was not yet approved, with a reason kept for the record."""
    volunteer = _volunteer_locked(volunteer)
    if volunteer.status == PeerVolunteer.Status.DECLINED:
        return volunteer
    if volunteer.status != PeerVolunteer.Status.OFFERED:
        raise PeerError(
            "Only an offer still to be checked can be declined. To stop an approved volunteer, stand them down."
        )
    return _volunteer_stop(volunteer, PeerVolunteer.Status.DECLINED, reason=reason, by=by)


@transaction.atomic
def peer_volunteer_stand_down(*, volunteer: PeerVolunteer, reason: str, by) -> PeerVolunteer:
    """An approved volunteer stops volunteering. Refused while they still support someone: each match is
    ended first, so each person they support hears from their worker."""
    volunteer = _volunteer_locked(volunteer)
    if volunteer.status == PeerVolunteer.Status.STOOD_DOWN:
        return volunteer
    if volunteer.status != PeerVolunteer.Status.APPROVED:
        raise PeerError("Only an approved volunteer can stand down. To turn down an offer, decline it.")
    if supporting := volunteer.matches.filter(ended_at__isnull=True).count():
        people = "person" if supporting == 1 else "people"
        raise PeerError(
            f"They still support {supporting} {people}: end those matches first, then stand them down."
        )
    return _volunteer_stop(volunteer, PeerVolunteer.Status.STOOD_DOWN, reason=reason, by=by)


def _volunteer_stop(volunteer: PeerVolunteer, status: str, *, reason: str, by) -> PeerVolunteer:
    reason = _text(reason, limit=200, what="the reason")
    if not reason:
        raise PeerError("Give a reason, for the record.")
    volunteer.status, volunteer.reason = status, reason
    volunteer.decided_at, volunteer.decided_by = timezone.now(), by
    volunteer.save()
    summary = f"Peer volunteer {PeerVolunteer.Status(status).label.lower()}"
    _note(volunteer.household_id, summary, by=by)
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=volunteer,
        user=by,
        summary=f"{volunteer.household.reference}: {summary}",
    )
    return volunteer


# Requests -------------------------------------------------------------------------------------------------


@transaction.atomic
def peer_request_create(
    *, household: Household, profile: dict, note: str = "", source: str, by=None
) -> PeerRequest:
    """Someone in assessment (stage one, the break, stage two, panel) or newly placed asks for a peer.

    A request already waiting or matched is returned as it is.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    if existing := peer_request_offer(household):
        return existing
    if not (
        household.service == EnquiryType.ADOPTING and household.is_open and household.stage in REQUEST_STAGES
    ):
        raise PeerError(
            "A peer is offered to people in assessment (stage one, stage two or panel) and to families "
            "whose child has just moved in."
        )
    return _peer_wish_record(
        PeerRequest,
        household=household,
        profile=profile,
        source=source,
        by=by,
        text=("note", note, "anything else"),
        timeline="Asked for a peer ({role})",
        audit="asked for a peer ({source})",
    )


@transaction.atomic
def peer_request_close(*, request: PeerRequest, reason: str, by=None) -> PeerRequest:
    """Stop waiting for a peer (they no longer want one). A matched request is ended by ending its match."""
    request = PeerRequest.objects.select_for_update().select_related("household").get(pk=request.pk)
    if request.status == PeerRequest.Status.CLOSED:
        return request
    if request.status == PeerRequest.Status.MATCHED:
        raise PeerError("This request has a match: end the match, and the request closes with it.")
    request.status, request.closed_at = PeerRequest.Status.CLOSED, timezone.now()
    request.close_reason = _text(reason, limit=200, what="the reason") or "No longer wanted"
    request.save()
    _note(request.household_id, "Stopped waiting for a peer", by=by)
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=request,
        user=by,
        summary=f"{request.household.reference}: peer request closed",
    )
    return request


# Matches --------------------------------------------------------------------------------------------------


@transaction.atomic
def peer_match_create(*, request: PeerRequest, volunteer: PeerVolunteer, role: str, by) -> PeerMatch:
    """Match a waiting request with an approved volunteer, as a mentor or a buddy, and introduce them.

    Refused unless the volunteer is approved, offers that role, has room for one more and is not the same
    household, and unless the request is waiting and wants that role. Matching the same pair again is
    harmless; a request already matched with someone else is refused (and the database allows one open
    match per request).
    """
    request = PeerRequest.objects.select_for_update().select_related("household").get(pk=request.pk)
    volunteer = _volunteer_locked(volunteer)
    if request.status == PeerRequest.Status.MATCHED:
        current = request.matches.filter(ended_at__isnull=True).first()
        if current and current.volunteer_id == volunteer.pk:
            return current
        raise PeerError("They already have a peer. End that match first if they need someone else.")
    if request.status != PeerRequest.Status.WAITING:
        raise PeerError("This request is closed: they are no longer waiting for a peer.")
    if volunteer.status != PeerVolunteer.Status.APPROVED:
        raise PeerError(
            "Only an approved volunteer can be matched: check them and record their training and DBS check first."
        )
    if volunteer.household_id == request.household_id:
        raise PeerError("A household cannot be its own peer.")
    if role not in PeerRole.values or role not in volunteer.roles or role not in request.roles:
        raise PeerError(
            f"Choose a role both sides want: they asked for {PeerRoleWanted(request.role).label.lower()}, "
            f"the volunteer offers {PeerRoleWanted(volunteer.role).label.lower()}."
        )
    if not (request.share_consent and volunteer.share_consent):
        raise PeerError(
            "Both sides must agree to share their first name and email address before an introduction."
        )
    load = volunteer.matches.filter(ended_at__isnull=True).count()
    if load >= volunteer.capacity:
        raise PeerError(
            f"This volunteer already supports {load} {'person' if load == 1 else 'people'}, as many as they "
            "offered: choose another, or raise their limit when you next check in with them."
        )
    match = PeerMatch.objects.create(request=request, volunteer=volunteer, role=role, started_by=by)
    request.status = PeerRequest.Status.MATCHED
    request.save(update_fields=["status"])
    label = PeerRole(role).label.lower()
    _note(
        request.household_id,
        f"Matched with a peer {label} (peer volunteer {volunteer.pk}); introduced by email",
        by=by,
    )
    _note(
        volunteer.household_id,
        f"Matched as a peer {label} (peer request {request.pk}); introduced by email",
        by=by,
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=[request, volunteer],
        user=by,
        summary=f"Peer match {match.pk} started: {request.household.reference} with {volunteer.household.reference} ({label})",
    )
    for side, household_id in (("requester", request.household_id), ("volunteer", volunteer.household_id)):
        side_effect_queue(
            kind=SideEffect.Kind.PEER_INTRODUCTION,
            key=f"peer-introduction:{match.pk}:{side}",
            household=Household(pk=household_id),
            payload={"match_id": match.pk, "side": side},
        )
    send_on_commit(peer_match_started, peer_match_id=match.pk)
    return match


@transaction.atomic
def peer_contact_log(*, match: PeerMatch, on: dt.date, kind: str, note: str = "", by) -> PeerContact:
    """Log a contact between the two sides (or a worker's check-in) on an open match."""
    match = PeerMatch.objects.select_for_update().select_related("request__household").get(pk=match.pk)
    if not match.is_open:
        raise PeerError("This match has ended, so no more contacts can be logged on it.")
    if kind not in PeerContact.Kind.values:
        raise PeerError("Choose how they were in touch.")
    _day_check(on, "the contact")
    if on < timezone.localdate(match.started_at):
        raise PeerError(
            f"The contact cannot be before the match started, on {timezone.localdate(match.started_at):%d %B %Y}."
        )
    contact = PeerContact.objects.create(
        match=match,
        on=on,
        kind=kind,
        note=_text(note, limit=CONTACT_NOTE_MAX_LENGTH, what="the note"),
        logged_by=by,
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=match.request,
        user=by,
        summary=f"Peer match {match.pk}: contact logged ({contact.get_kind_display().lower()})",
    )
    return contact


@transaction.atomic
def peer_match_end(*, match: PeerMatch, ended_by: str, reason: str, note: str = "", by=None) -> PeerMatch:
    """Either side (from their own page) or a worker ends a match, with a reason.

    The request closes when the person supported ends it or it has run its course; otherwise (the volunteer
    stepped back, a poor fit) they are waiting for a peer again, first in the queue by their first request.
    Ending a match already ended changes nothing.
    """
    match = (
        PeerMatch.objects.select_for_update()
        .select_related("request__household", "volunteer__household")
        .get(pk=match.pk)
    )
    if not match.is_open:
        return match
    if ended_by not in PeerMatch.EndedBy.values:
        raise PeerError("Say who ended the match.")
    if reason not in PeerEndReason.values or reason == PeerEndReason.ERASED:
        raise PeerError("Choose why the match is ending.")
    match.ended_at, match.ended_by, match.end_reason = timezone.now(), ended_by, reason
    match.end_note = _text(note, limit=200, what="the note")
    match.save()
    request = PeerRequest.objects.select_for_update().get(pk=match.request_id)
    if ended_by == PeerMatch.EndedBy.REQUESTER or reason == PeerEndReason.RAN_ITS_COURSE:
        request.status, request.closed_at = PeerRequest.Status.CLOSED, match.ended_at
        request.close_reason = f"Match ended: {match.get_end_reason_display().lower()}"
    else:
        request.status = PeerRequest.Status.WAITING
    request.save()
    summary = f"Peer match {match.pk} ended by {match.get_ended_by_display().lower()}: {match.get_end_reason_display().lower()}"
    _note(match.request.household_id, summary, by=by)
    _note(match.volunteer.household_id, summary, by=by)
    audit_record(
        action=AuditEvent.Action.CHANGE, target=[match.request, match.volunteer], user=by, summary=summary
    )
    return match

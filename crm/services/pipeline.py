"""Moving a household through the journey, and the clocks that run at each stage.

Each move checks where the household is now and refuses an impossible move with a message a
worker can act on. Asking for the move the household has already made changes nothing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crm.journey import LINKS, journey_for
from crm.models import (
    STAGE_ORDER,
    AuditEvent,
    Clock,
    ClockExtension,
    ClosureReason,
    Household,
    Link,
    Stage,
    StageChange,
    TimelineEntry,
)
from crm.signals import household_closed, send_on_commit, stage_changed

from .applicant_emails import stage_update_queue
from .cases import PipelineError, case_required
from .journeys import clock_due_on, journey_refresh, journeys_rebuild
from .privacy import audit_record
from .routing import household_hand_over_if_due
from .seen import household_mark_seen

# Recording a move more than this long after it happened needs a note saying why.
BACKDATE_NOTE_AFTER = dt.timedelta(hours=24)


def allowed_moves(household: Household, *, recorded_by: str = "") -> list[str]:
    """The stages this household can move to next, in journey order (``crm.journey``).

    Plain moves only, unless ``recorded_by`` names the service asking (the link services' moves).
    """
    if not household.is_open:
        return []
    moves = journey_for(household.service).row(household.stage).moves
    return sorted(
        (move.to for move in moves if move.allows(household) and move.recorded_by in ("", recorded_by)),
        key=STAGE_ORDER.__getitem__,
    )


def closure_choices(household: Household) -> list[tuple[str, str]]:
    """The reasons a case of this household's service may be closed with (``crm.journey``)."""
    return journey_for(household.service).closure_choices


def _effective(effective_at: dt.datetime | None, household: Household, note: str) -> dt.datetime:
    now = timezone.now()
    effective_at = effective_at or now
    if effective_at > now + dt.timedelta(minutes=5):
        raise PipelineError("A move cannot be dated in the future.")
    if effective_at < household.stage_entered_at:
        entered = timezone.localtime(household.stage_entered_at)
        raise PipelineError(
            f"This household entered {household.get_stage_display().lower()} on {entered:%d %B %Y}; "
            "a later move cannot be dated before that."
        )
    if now - effective_at > BACKDATE_NOTE_AFTER and not note.strip():
        raise PipelineError("Add a note to say why this move is being recorded after the date it happened.")
    return effective_at


def _locked(household: Household) -> Household:
    return Household.objects.select_for_update().get(pk=household.pk)


@transaction.atomic
def household_advance(
    *,
    household: Household,
    to_stage: str,
    by,
    effective_at: dt.datetime | None = None,
    note: str = "",
    recorded_by: str = "",
    applicant_email: bool = True,
) -> StageChange | None:
    """Move a household on to ``to_stage``. Returns the change, or None if it was already there.

    A move the journey table marks as recorded by another service (a link with a child: ``LINKS``) is
    refused unless that service is the one asking, so the stage never disagrees with the link.
    ``applicant_email=False`` leaves out the "your journey has moved on" email, for a move whose own
    email says so (sending the registration of interest).
    """
    household = _locked(household)
    if household.stage == to_stage and household.is_open:
        return None
    if not household.is_open:
        raise PipelineError("This case is closed. Reopen it before moving it on.")
    if to_stage not in Stage.values:
        raise PipelineError(f"There is no stage called {to_stage!r}.")
    current = Stage(household.stage)
    journey = journey_for(household.service)
    move = journey.move(current, to_stage)
    if move is None:
        if not journey.has(to_stage):
            raise PipelineError(
                f"{Stage(to_stage).label} is not a stage of {household.get_service_display().lower()}."
            )
        if journey.position(to_stage) < journey.position(current):
            raise PipelineError(
                f"This household is already at {current.label.lower()}; it cannot go back to "
                f"{Stage(to_stage).label.lower()}."
            )
        raise PipelineError(
            f"A household at {current.label.lower()} cannot move straight to {Stage(to_stage).label.lower()}."
        )
    if not move.allows(household):
        raise PipelineError(move.only.refusal)
    if move.recorded_by == LINKS and recorded_by != LINKS:
        raise PipelineError(
            f"A move to {Stage(to_stage).label.lower()} is recorded with the child's link: use Family finding "
            "on this household's page, so the stage and the link agree."
        )
    effective_at = _effective(effective_at, household, note)
    household_mark_seen(household=household, by=by)
    change = StageChange.objects.create(
        household=household,
        kind=StageChange.Kind.ADVANCE,
        from_stage=current,
        to_stage=to_stage,
        effective_at=effective_at,
        by=by,
        note=note,
    )
    send_on_commit(stage_changed, stage_change_id=change.pk)
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary=str(change))
    if applicant_email:
        stage_update_queue(household=household, change=change)
    household.stage = to_stage
    household.stage_entered_at = effective_at
    household.stage_dates = {**household.stage_dates, to_stage: timezone.localdate(effective_at).isoformat()}
    household.save()
    clock_refresh(household)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.STAGE,
        at=effective_at,
        by=by,
        summary=f"Moved from {current.label.lower()} to {Stage(to_stage).label.lower()}",
        body=note,
        stage_change=change,
    )
    household_hand_over_if_due(household=household, by=by)
    return change


@transaction.atomic
def household_close(
    *, household: Household, reason: str, by, effective_at: dt.datetime | None = None, note: str = ""
) -> StageChange | None:
    household = _locked(household)
    case_required(household, to="close")
    if reason not in dict(closure_choices(household)):
        raise PipelineError("Choose a reason for closing the case from the list.")
    if (
        household.is_open
        and Link.objects.filter(household=household, ended_on__isnull=True, order_on__isnull=True).exists()
    ):
        raise PipelineError(
            "This family has a link with a child that has not ended. End the link under Family finding, "
            "with its reason, then close the case."
        )
    if not household.is_open:
        if household.closure_reason == reason:
            return None
        raise PipelineError(
            "This case is already closed. Reopen it first to close it for a different reason."
        )
    effective_at = _effective(effective_at, household, note)
    household_mark_seen(household=household, by=by)
    change = StageChange.objects.create(
        household=household,
        kind=StageChange.Kind.CLOSE,
        from_stage=household.stage,
        to_stage=household.stage,
        closure_reason=reason,
        effective_at=effective_at,
        by=by,
        note=note,
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=household,
        user=by,
        summary=f"Closed: {ClosureReason(reason).label}",
    )
    household.closed_at = effective_at
    household.closure_reason = reason
    household.save()
    clock_refresh(household)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.STAGE,
        at=effective_at,
        by=by,
        summary=f"Closed at {household.get_stage_display().lower()}: {ClosureReason(reason).label}",
        body=note,
        stage_change=change,
    )
    send_on_commit(household_closed, household_id=household.pk)
    return change


@transaction.atomic
def household_reopen(*, household: Household, by, note: str = "") -> StageChange | None:
    """Reopen a closed case at the stage it was closed at."""
    household = _locked(household)
    if household.merged_into_id:
        raise PipelineError("This record was merged into another one; work on that record instead.")
    if household.is_open:
        return None
    if not note.strip():
        raise PipelineError("Add a note to say why the case is being reopened.")
    now = timezone.now()
    household_mark_seen(household=household, by=by)
    change = StageChange.objects.create(
        household=household,
        kind=StageChange.Kind.REOPEN,
        from_stage=household.stage,
        to_stage=household.stage,
        effective_at=now,
        by=by,
        note=note,
    )
    household.closed_at = None
    household.closure_reason = ""
    household.save()
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary="Reopened")
    clock_refresh(household)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.STAGE,
        at=now,
        by=by,
        summary=f"Reopened at {household.get_stage_display().lower()}",
        body=note,
        stage_change=change,
    )
    return change


@transaction.atomic
def household_set_flags(*, household: Household, by, fast_track: bool, early_permanence: bool) -> Household:
    household = _locked(household)
    changes = []
    if household.fast_track != fast_track:
        changes.append(f"fast track {'on' if fast_track else 'off'}")
    if household.early_permanence != early_permanence:
        changes.append(f"early permanence {'on' if early_permanence else 'off'}")
    if not changes:
        return household
    skipped_stage_one = household.stage == Stage.STAGE_TWO and Stage.STAGE_ONE not in household.stage_dates
    if household.fast_track and not fast_track and skipped_stage_one:
        raise PipelineError("This household skipped stage one as fast track; that cannot be undone now.")
    household_mark_seen(household=household, by=by)
    household.fast_track = fast_track
    household.early_permanence = early_permanence
    household.save(update_fields=["fast_track", "early_permanence", "updated_at"])
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=household,
        user=by,
        summary="Flags changed: " + ", ".join(changes),
    )
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.NOTE,
        by=by,
        summary="Flags changed: " + ", ".join(changes),
    )
    return household


@transaction.atomic
def household_log_call(
    *, household: Household, by, at: dt.datetime | None = None, reached: bool, summary: str, notes: str = ""
) -> TimelineEntry:
    """Record a phone call. The first call that reaches the household stops the first-contact clock."""
    household = _locked(household)
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise PipelineError("A call cannot be logged in the future.")
    if not summary.strip():
        raise PipelineError("Say briefly what the call was about.")
    household_mark_seen(household=household, by=by)
    entry = TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.CALL,
        at=at,
        by=by,
        summary=("Call: " if reached else "Call, no answer: ") + summary.strip(),
        body=notes,
    )
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary="Call logged")
    if reached and household.first_contact_at is None:
        household.first_contact_at = at
        household.save(update_fields=["first_contact_at", "updated_at"])
        clock_refresh(household)
    return entry


@transaction.atomic
def household_add_note(*, household: Household, by, text: str) -> TimelineEntry:
    text = text.strip()
    if not text:
        raise PipelineError("A note cannot be empty.")
    household_mark_seen(household=household, by=by)
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary="Note added")
    first_line = text.splitlines()[0]
    return TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.NOTE,
        by=by,
        summary=first_line[:190] + ("…" if len(first_line) > 190 else ""),
        body=text,
    )


@transaction.atomic
def household_extend_clock(*, household: Household, due_on: dt.date, reason: str, by) -> ClockExtension:
    """Give the running clock a later due date. Every extension needs a reason."""
    household = _locked(household)
    if household.clock_id is None:
        raise PipelineError("No timescale is running for this household, so there is nothing to extend.")
    if not reason.strip():
        raise PipelineError("Give a reason for the extension.")
    if household.due_on and due_on <= household.due_on:
        raise PipelineError(f"The new date must be after the current due date, {household.due_on:%d %B %Y}.")
    household_mark_seen(household=household, by=by)
    extension = ClockExtension.objects.create(
        household=household, clock=household.clock, due_on=due_on, reason=reason.strip(), by=by
    )
    audit_record(action=AuditEvent.Action.CHANGE, target=household, user=by, summary=str(extension))
    clock_refresh(household)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.CLOCK,
        by=by,
        summary=f"{household.clock.name} extended to {due_on:%d %B %Y}",
        body=reason,
    )
    return extension


def clock_for(household: Household, clocks: list[Clock]) -> tuple[Clock | None, dt.date | None]:
    """The clock or stall rule running for ``household`` now and its start date, or (None, None)."""
    journey = journey_for(household.service)
    if not household.is_open or not journey.has(household.stage):
        return None, None
    position = journey.position(household.stage)

    def stops_at(clock: Clock) -> int:
        return (
            journey.position(clock.stops_at_stage)
            if journey.has(clock.stops_at_stage)
            else len(journey.stages)
        )

    # Timescales first, then the one that stops sooner (approval to the first link before approval to
    # the match); otherwise a stable sort keeps the table's order. A stall rule runs only where no timescale does. Only the clocks of the
    # household's own service's journey run for it.
    for clock in sorted(clocks, key=lambda clock: (clock.is_stall_rule, stops_at(clock))):
        if not journey.has(clock.starts_at_stage):
            continue
        stops = stops_at(clock)
        if journey.position(clock.starts_at_stage) <= position < stops:
            if clock.stops_at_first_contact and household.first_contact_at:
                continue
            started = household.stage_dates.get(clock.starts_at_stage)
            start = (
                dt.date.fromisoformat(started) if started else timezone.localdate(household.stage_entered_at)
            )
            if _stopped_before(household, journey, stops, start):
                continue
            return clock, start
    return None, None


def _stopped_before(household: Household, journey, stops: int, start: dt.date) -> bool:
    """Whether the household reached the clock's stopping stage (or a later one) since it started, and
    moved back since: a link that ended takes a family back to waiting, and approval to the first
    link does not start again."""
    return any(
        journey.has(stage) and journey.position(stage) >= stops and dt.date.fromisoformat(day) >= start
        for stage, day in household.stage_dates.items()
    )


def clock_start_new(household: Household) -> None:
    """Set the clock a household that is not saved yet starts with: no extension can exist for it."""
    clock, start = clock_for(household, list(Clock.objects.all()))
    household.clock = clock
    household.due_on = clock_due_on(clock, start) if clock else None


def clock_refresh(household: Household, clocks: list[Clock] | None = None, *, journey: bool = True) -> None:
    """Store which clock is running and when it runs out, so queues can filter by due date.

    With ``journey``, also the household's journey dates and stopped clocks, which the reports read
    (``crm.services.journeys``): every change that can move them calls this.
    """
    clocks = clocks if clocks is not None else list(Clock.objects.all())
    clock, start = clock_for(household, clocks)
    due_on = None
    if clock:
        due_on = clock_due_on(clock, start)
        extension = (
            ClockExtension.objects.filter(household=household, clock=clock, recorded_at__date__gte=start)
            .order_by("-recorded_at")
            .first()
        )
        if extension:
            due_on = extension.due_on
    if (household.clock_id, household.due_on) != ((clock.pk if clock else None), due_on):
        household.clock = clock
        household.due_on = due_on
        Household.objects.filter(pk=household.pk).update(clock=clock, due_on=due_on)
    if journey:
        journey_refresh(household_ids=[household.pk], clocks=clocks)


def clocks_recompute() -> int:
    """Recalculate every open household's due date, and everyone's stopped clocks, after the clock table changes."""
    clocks = list(Clock.objects.all())
    count = 0
    for household in Household.objects.open().iterator(chunk_size=500):
        clock_refresh(household, clocks, journey=False)
        count += 1
    journeys_rebuild(clocks=clocks)
    return count


def household_mark_attended(*, household: Household, by, at: dt.datetime) -> StageChange | None:
    """Coming to an information event moves a household on to that stage if it was still earlier."""
    if household.is_open and STAGE_ORDER[household.stage] < STAGE_ORDER[Stage.INFORMATION_EVENT]:
        return household_advance(
            household=household,
            to_stage=Stage.INFORMATION_EVENT,
            by=by,
            effective_at=max(at, household.stage_entered_at),
            note="Came to an information event." if timezone.now() - at > BACKDATE_NOTE_AFTER else "",
        )
    return None

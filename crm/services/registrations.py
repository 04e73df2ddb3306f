"""The applicant's registration of interest: saving it step by step from their own page, and sending it.

Every finished step is saved as it is sent; an unfinished one is kept as typed (a draft), so the applicant
can stop and come back days later, signed in with a new link, where they left off. Sending it
(``registration_submit``) checks every step is finished and, in one transaction, marks it sent, moves the
case on to registration of interest (which starts the 5-working-day decision clock), records it on the
timeline and in the audit trail, and queues two emails: a confirmation to the applicant and a notice to
their worker, neither holding any answer. After that the answers are read-only to the applicant.

Who may fill it in: an open adopting case before registration of interest (any of the early stages),
or one already at registration of interest that started it online before a worker moved it there. A
case past registration of interest has had its registration; so has one sent online already.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crm.journey import journey_for
from crm.models import (
    REGISTRATION_STEPS,
    AuditEvent,
    EnquiryType,
    Household,
    RegistrationOfInterest,
    SideEffect,
    Stage,
    TimelineEntry,
)

from .pipeline import allowed_moves, household_advance
from .privacy import audit_record
from .side_effects import side_effect_queue

STEP_NUMBERS = {step.slug: number for number, step in enumerate(REGISTRATION_STEPS, start=1)}
STEP_TITLES = {step.slug: step.title for step in REGISTRATION_STEPS}
ROI = Stage.REGISTRATION_OF_INTEREST


class RegistrationError(Exception):
    """The registration cannot be saved or sent as asked; the message says why, for the applicant."""


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def registration_problem(household: Household, registration: RegistrationOfInterest | None) -> str:
    """Why this household cannot fill in or send its registration here now, or '' if it can."""
    if registration is not None and registration.is_submitted:
        return (
            f"You sent your registration of interest on {_when(registration.submitted_at)}. It cannot be "
            "changed here: if something has changed, tell your worker."
        )
    if household.service != EnquiryType.ADOPTING or not household.is_open:
        return "Your registration of interest cannot be filled in here. Please talk to us."
    journey = journey_for(household.service)
    if not journey.has(household.stage) or journey.position(household.stage) > journey.position(ROI):
        return (
            "We already have your registration of interest and your journey has moved on. If something has "
            "changed, tell your worker."
        )
    if household.stage == ROI and registration is None:
        return "We already have your registration of interest. If something has changed, tell your worker."
    return ""


def _locked(household: Household) -> tuple[Household, RegistrationOfInterest | None]:
    household = Household.objects.select_for_update().get(pk=household.pk)
    registration = RegistrationOfInterest.objects.select_for_update().filter(household=household).first()
    return household, registration


def _open(household: Household, *, now: dt.datetime) -> RegistrationOfInterest:
    """The household's registration (locked), started now if it has none; refused if it may not change."""
    household, registration = _locked(household)
    problem = registration_problem(household, registration)
    if problem:
        raise RegistrationError(problem)
    if registration is None:
        registration = RegistrationOfInterest.objects.create(
            household=household, started_at=now, updated_at=now
        )
        TimelineEntry.objects.create(
            household=household,
            kind=TimelineEntry.Kind.REGISTRATION,
            at=now,
            summary="Started a registration of interest online",
        )
    return registration


@transaction.atomic
def registration_step_save(
    *, household: Household, step: str, answers: dict, now: dt.datetime | None = None
) -> RegistrationOfInterest:
    """Save a finished step's answers (already checked by its form); any draft of it is done with."""
    if step not in STEP_NUMBERS:
        raise RegistrationError("There is no such part of the registration of interest.")
    now = now or timezone.now()
    registration = _open(household, now=now)
    registration.answers = {**registration.answers, step: answers}
    registration.drafts = {key: value for key, value in registration.drafts.items() if key != step}
    registration.schema_version = RegistrationOfInterest.SCHEMA_VERSION
    registration.step_reached = max(registration.step_reached, STEP_NUMBERS[step])
    registration.updated_at = now
    registration.save(update_fields=["answers", "drafts", "schema_version", "step_reached", "updated_at"])
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=registration.household,
        summary=f"{registration.household.reference} saved '{STEP_TITLES[step]}' in their registration of "
        "interest",
    )
    return registration


@transaction.atomic
def registration_step_draft(
    *, household: Household, step: str, typed: dict[str, str], now: dt.datetime | None = None
) -> RegistrationOfInterest:
    """Keep what was typed in a step that is not finished, so it is there when they come back.

    Typing nothing at all keeps nothing (and forgets an earlier draft of the step).
    """
    if step not in STEP_NUMBERS:
        raise RegistrationError("There is no such part of the registration of interest.")
    now = now or timezone.now()
    registration = _open(household, now=now)
    drafts = {key: value for key, value in registration.drafts.items() if key != step}
    if any(str(value).strip() for value in typed.values()):
        drafts[step] = {str(key): str(value) for key, value in typed.items()}
    registration.drafts = drafts
    registration.step_reached = max(registration.step_reached, STEP_NUMBERS[step])
    registration.updated_at = now
    registration.save(update_fields=["drafts", "step_reached", "updated_at"])
    return registration


@transaction.atomic
def registration_submit(*, household: Household, now: dt.datetime | None = None) -> RegistrationOfInterest:
    """Send the registration: every step finished, then the move, the clock, the record and the emails.

    From an early stage the case moves on to registration of interest (``household_advance``), which
    starts the 5-working-day decision clock. A case already there (a worker moved it while the form was
    being filled in) keeps its stage and clock. Should the journey not allow the move from where the case
    is, the registration is still recorded and the move is left to the worker, who is told.
    """
    now = now or timezone.now()
    household, registration = _locked(household)
    if registration is None:
        raise RegistrationError("You have not started your registration of interest yet.")
    problem = registration_problem(household, registration)
    if problem:
        raise RegistrationError(problem)
    unfinished = registration.unfinished_steps()
    if unfinished:
        names = ", ".join(f"'{step.title}'" for step in unfinished)
        raise RegistrationError(f"Finish these parts before you send your registration of interest: {names}.")

    registration.submitted_at = now
    if household.stage == ROI:
        registration.outcome = RegistrationOfInterest.Outcome.ALREADY
    elif ROI in allowed_moves(household):
        household_advance(
            household=household,
            to_stage=ROI,
            by=None,
            note="Sent online by the applicant.",
            applicant_email=False,  # the confirmation below says it, once
        )
        registration.outcome = RegistrationOfInterest.Outcome.MOVED
    else:
        registration.outcome = RegistrationOfInterest.Outcome.LEFT_TO_WORKER
    registration.save(update_fields=["submitted_at", "outcome"])

    household.refresh_from_db()
    summary = "Registration of interest sent online"
    if registration.outcome == RegistrationOfInterest.Outcome.LEFT_TO_WORKER:
        summary += (
            f": the case is at {household.get_stage_display().lower()}, so moving it on is for the worker"
        )
    TimelineEntry.objects.create(
        household=household, kind=TimelineEntry.Kind.REGISTRATION, at=now, summary=summary
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=household,
        summary=f"{household.reference} sent their registration of interest online",
    )
    if household.email:
        side_effect_queue(
            kind=SideEffect.Kind.ROI_CONFIRMATION,
            key=f"roi-confirmation:{registration.pk}",
            household=household,
            payload={"registration_id": registration.pk},
        )
    if household.assigned_to_id:
        side_effect_queue(
            kind=SideEffect.Kind.ROI_WORKER_NOTICE,
            key=f"roi-worker-notice:{registration.pk}:{household.assigned_to_id}",
            household=household,
            payload={"staff_id": household.assigned_to_id, "registration_id": registration.pk},
        )
    return registration


def registration_looked_at(*, registration: RegistrationOfInterest, request=None, pdf: bool = False) -> None:
    """Record that someone read the answers (a member of staff) or downloaded them as a PDF (anyone).

    The applicant reading their own answers on their page is not recorded; their downloads are.
    """
    reference = registration.household.reference
    if pdf:
        audit_record(
            action=AuditEvent.Action.EXPORT,
            target=registration.household,
            request=request,
            summary=f"Registration of interest of {reference} downloaded as a PDF",
        )
    else:
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=registration.household,
            request=request,
            summary=f"Registration of interest of {reference} opened",
        )

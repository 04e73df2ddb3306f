"""Reading a registration of interest: its task list, its answers in words, and what each page offers.

The applicant's pages, the PDF, the staff screen and the subject access file all show the answers the
same way: each step's rows of (question, answer in words), from that step's form (``describe()``).
"""

from dataclasses import dataclass

from crm.forms_registration import STEP_FORMS
from crm.journey import journey_for
from crm.models import (
    REGISTRATION_STEPS,
    Clock,
    EnquiryType,
    Household,
    RegistrationOfInterest,
    Stage,
    StepStatus,
)

ROI = Stage.REGISTRATION_OF_INTEREST


@dataclass(frozen=True)
class Task:
    """One line of the task list: a step, its number and how far it has got."""

    number: int
    slug: str
    title: str
    status: str

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label

    @property
    def completed(self) -> bool:
        return self.status == StepStatus.COMPLETED


@dataclass(frozen=True)
class Section:
    """One step's answers in words, for the review page, the PDF and the staff screen."""

    number: int
    slug: str
    title: str
    status: str
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Offer:
    """What "Your adoption journey" offers about the registration: a button, and a line before it."""

    label: str
    lead: str
    primary: bool


def roi_decision_due(household: Household):
    """The date we aim to decide on the registration by: while its timescale runs, the clock's due date."""
    clock = household.clock if household.clock_id else None
    if household.stage != ROI or clock is None or clock.kind != Clock.Kind.TIMESCALE:
        return None
    return household.due_on


def registration_of(household: Household) -> RegistrationOfInterest | None:
    return RegistrationOfInterest.objects.filter(household_id=household.pk).first()


def registration_tasks(registration: RegistrationOfInterest | None) -> list[Task]:
    return [
        Task(
            number=number,
            slug=step.slug,
            title=step.title,
            status=registration.step_status(step.slug) if registration else StepStatus.NOT_STARTED,
        )
        for number, step in enumerate(REGISTRATION_STEPS, start=1)
    ]


def registration_next_step(registration: RegistrationOfInterest | None, *, after: str = "") -> str | None:
    """The step to go on to: the first one not finished after ``after`` (or from the start), then any
    earlier one not finished; None when every step is finished. Someone coming back carries on here."""
    if registration is None:
        return REGISTRATION_STEPS[0].slug
    slugs = [step.slug for step in REGISTRATION_STEPS]
    start = slugs.index(after) + 1 if after in slugs else 0
    unfinished = {step.slug for step in registration.unfinished_steps()}
    return next((slug for slug in slugs[start:] + slugs[:start] if slug in unfinished), None)


def registration_sections(registration: RegistrationOfInterest) -> list[Section]:
    """Every step's answers in words; a step not finished has no rows (its draft is not an answer)."""
    sections = []
    for number, step in enumerate(REGISTRATION_STEPS, start=1):
        status = registration.step_status(step.slug)
        answers = registration.answers.get(step.slug)
        rows = STEP_FORMS[step.slug].describe(answers) if answers and status == StepStatus.COMPLETED else []
        sections.append(Section(number, step.slug, step.title, status, rows))
    return sections


def registration_offer(household: Household, registration: RegistrationOfInterest | None) -> Offer | None:
    """The registration's button on the journey page, at the stages where there is one."""
    if registration is not None and registration.is_submitted:
        return Offer(
            "View your registration of interest", "You have sent us your registration of interest.", False
        )
    if household.service != EnquiryType.ADOPTING or not household.is_open:
        return None
    journey = journey_for(household.service)
    if not journey.has(household.stage):
        return None
    position, roi = journey.position(household.stage), journey.position(ROI)
    if registration is not None and position <= roi:
        return Offer(
            "Continue your registration of interest",
            "Carry on where you left off: what you have saved is kept.",
            True,
        )
    if position >= roi:
        return None
    if household.stage == Stage.INFORMATION_EVENT:
        return Offer("Register your interest", "When you are ready, register your interest here.", True)
    return Offer(
        "Register your interest",
        "Most people come to an information evening first. When you are ready, you can register your "
        "interest here, and save it to finish another day.",
        False,
    )


@dataclass(frozen=True)
class StaffSummary:
    """What the household page says about the registration: started and how far, or sent and when."""

    registration: RegistrationOfInterest
    step_reached: int
    steps: int


def registration_staff_summary(household: Household) -> StaffSummary | None:
    registration = registration_of(household)
    if registration is None:
        return None
    return StaffSummary(registration, registration.step_reached, len(REGISTRATION_STEPS))


def registration_record(household_ids: list[int]) -> list[dict]:
    """The registrations of these households for a subject access file: each answer, in words."""
    rows = []
    for registration in RegistrationOfInterest.objects.filter(household__in=household_ids).order_by("pk"):
        row = {
            "Record": f"APSE-{registration.household_id:06d}",
            "Started": registration.started_at,
            "Last saved": registration.updated_at,
            "Sent to us": registration.submitted_at,
            "Version of the questions": registration.schema_version,
        }
        for section in registration_sections(registration):
            for question, answer in section.rows:
                row[f"{section.title}: {question}"] = answer
        if registration.drafts:
            row["Unfinished answers, as typed"] = registration.drafts
        rows.append(row)
    return rows

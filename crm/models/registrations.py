"""The registration of interest (ROI), filled in online by the applicant on their own page, step by step.

One per household. Each finished step's answers are kept under the step's slug as the applicant gave
them (checked, in plain JSON: text as typed, dates as ISO dates), with the version of the questions they
answered (``schema_version``). What was typed in a step that did not pass its checks is kept apart, as a
draft, so nothing typed is lost and the step reads "In progress" until it is finished. Once it is sent
(``submitted_at``) nothing here changes again from the applicant's side. No PDF is kept: it is made from
the answers each time someone asks for one.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from .households import Household


@dataclass(frozen=True)
class RegistrationStep:
    slug: str
    title: str


# The steps, in the order the applicant is asked them. Their questions are ``crm.forms_registration``.
REGISTRATION_STEPS: tuple[RegistrationStep, ...] = (
    RegistrationStep("about-you", "About you"),
    RegistrationStep("your-partner", "Your partner"),
    RegistrationStep("your-household", "Children and other people at home"),
    RegistrationStep("health", "Your health"),
    RegistrationStep("referees", "Your referees"),
    RegistrationStep("checks", "Agreeing to our checks"),
    RegistrationStep("declarations", "Declarations"),
)


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class RegistrationOfInterest(models.Model):
    """A household's registration of interest: its answers step by step, and when it was sent to us."""

    # The version of the questions ``crm.forms_registration`` asks. Change what a step stores, change this.
    SCHEMA_VERSION = 1

    class Outcome(models.TextChoices):
        MOVED = "moved", "Sending it moved the case on to registration of interest"
        ALREADY = "already", "The case was already at registration of interest"
        LEFT_TO_WORKER = "left_to_worker", "Sent; the move on is left to the worker"

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="registration")
    schema_version = models.PositiveSmallIntegerField(default=SCHEMA_VERSION)
    answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each finished step's answers, by step, as the applicant gave them.",
    )
    drafts = models.JSONField(
        default=dict, blank=True, help_text="What was typed in a step that is not finished yet, by step."
    )
    step_reached = models.PositiveSmallIntegerField(
        default=1, help_text="The furthest step (1 to 7) the applicant has saved, finished or not."
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    # Nothing here is Wagtail content: the reference index would only cost queries.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "registration of interest"
        verbose_name_plural = "registrations of interest"

    def __str__(self) -> str:
        return f"Registration of interest for {self.household.reference}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def step_status(self, slug: str) -> str:
        """A step with unfinished typing is in progress, even if an earlier version of it was finished."""
        if slug in self.drafts:
            return StepStatus.IN_PROGRESS
        if slug in self.answers:
            return StepStatus.COMPLETED
        return StepStatus.NOT_STARTED

    def unfinished_steps(self) -> list[RegistrationStep]:
        return [step for step in REGISTRATION_STEPS if self.step_status(step.slug) != StepStatus.COMPLETED]

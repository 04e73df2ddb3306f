"""The adopter's voice: invitations to a short survey, and the answers.

The surveys themselves (their questions and when each is sent) are a table in code, ``crm.surveys``.

An invitation belongs to a household: one per household, survey and occasion (an event, a placement),
so finding who is due twice sends nothing twice. It records only *that* it was answered, never when nor
what: an anonymous answer keeps no link to the household, and no date finer than its month, so it cannot
be matched back to its invitation by time. An answer the person put their name to is linked to their
household, is in their subject access file, and goes with their other details when they are erased.
"""

import secrets

from django.db import models
from django.utils import timezone

from .households import Household
from .teams import Team


class SurveyKind(models.TextChoices):
    INFORMATION_EVENT = "information_event", "After an information event"
    FIRST_CONTACT = "first_contact", "After the first contact"
    APPROVAL = "approval", "After approval"
    PLACEMENT_YEAR = "placement_year", "A year after placement"


def survey_nonce() -> str:
    return secrets.token_urlsafe(16)


class SurveyInvitation(models.Model):
    """An invitation to one survey, emailed with a link (``crm.services.surveys``)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="survey_invitations")
    kind = models.CharField("survey", max_length=20, choices=SurveyKind.choices)
    occasion = models.CharField(
        max_length=40,
        help_text="What it is about, so each occasion is asked about once: an event, a placement, the approval.",
    )
    sent_at = models.DateTimeField(default=timezone.now)
    # Part of the signed link: deleting the invitation (erasure) leaves no link that works.
    nonce = models.CharField(max_length=32, default=survey_nonce, editable=False)
    answered = models.BooleanField(
        default=False, help_text="Whether it was answered: never when, nor (if anonymous) what."
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "kind", "occasion"], name="one_survey_per_household_kind_occasion"
            )
        ]
        indexes = [models.Index(fields=["kind", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} survey for household {self.household_id}"


class SurveyResponse(models.Model):
    """One set of answers to a survey: named (linked to the household) or anonymous (linked to nothing).

    ``answers`` holds each question's key and point (1-5) in the wording of ``version``. The team and
    council are kept for every answer, so each team sees its own figures: a count of people, never
    fewer than 5 (``crm.reports.voice``).
    """

    kind = models.CharField("survey", max_length=20, choices=SurveyKind.choices)
    version = models.PositiveSmallIntegerField()
    month = models.DateField(help_text="The first day of the month it was answered in: no finer, on purpose.")
    answers = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        help_text="Only when they chose to put their name to it.",
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    council = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-month", "-pk"]
        indexes = [models.Index(fields=["kind", "month"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} survey answer, {self.month:%B %Y}"

    @property
    def is_named(self) -> bool:
        return self.household_id is not None

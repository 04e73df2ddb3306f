"""Equality answers: optional, voluntary answers about each adult in a household, kept apart from the case.

One answer set per person (the applicant, and for a couple their partner), linked to the household only
so that subject access, erasure and the Equality of access screen can find it. Nothing links back from
the household (``related_name="+"``): no household page, queue or worker screen reaches these rows, and
the only reader of them in aggregate is ``crm.reports.equality``, for managers, with small numbers hidden.
The questions and their codes are ``crm.equality``; each row keeps the version it was answered under.
"""

from django.db import models
from django.utils import timezone

from .households import Household


class EqualityAnswers(models.Model):
    class Person(models.TextChoices):
        APPLICANT = "applicant", "The applicant"
        PARTNER = "partner", "Their partner"

    class Asked(models.TextChoices):
        ENQUIRY = "enquiry", "After their enquiry"
        REGISTRATION = "registration", "In their registration of interest"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    person = models.CharField(max_length=10, choices=Person.choices)
    asked = models.CharField("where they answered", max_length=12, choices=Asked.choices)
    version = models.CharField("version of the questions", max_length=40)
    # Each answer is a code from ``crm.equality``; blank: not answered.
    age_band = models.CharField(max_length=40, blank=True)
    sex = models.CharField(max_length=40, blank=True)
    gender_identity = models.CharField(max_length=40, blank=True)
    sexual_orientation = models.CharField(max_length=40, blank=True)
    ethnic_group = models.CharField(max_length=40, blank=True)
    religion = models.CharField(max_length=40, blank=True)
    long_term_condition = models.CharField(max_length=40, blank=True)
    day_to_day = models.CharField(max_length=40, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    # Nothing here is Wagtail content.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "equality answers"
        verbose_name_plural = "equality answers"
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="crm_equality_one_per_person")
        ]

    def __str__(self) -> str:
        return f"Equality answers {self.pk}"

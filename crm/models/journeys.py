"""Each household's journey as the Insight reports read it: kept up to date by ``crm.services.journeys``."""

from django.db import models
from django.utils import timezone

from .households import Household
from .pipeline import Clock


class JourneyDates(models.Model):
    """The local date one household first reached each point of its journey, as the Insight reports count it.

    A copy for reading, worked out from the household, its stage moves and its clock extensions by
    ``crm.services.journeys`` in the same transaction as every change to them (``clock_refresh``),
    and rebuilt for everyone each night and whenever the clock table changes. The reports read this
    table and ``ClockOutcome`` instead of grouping the whole stage history on every request.
    A stage's date is the household's first move on to it; an empty date was never reached.
    """

    household = models.OneToOneField(
        Household, primary_key=True, on_delete=models.CASCADE, related_name="journey_dates"
    )
    pack_requested_on = models.DateField(null=True, blank=True)
    family_event_booked_on = models.DateField(null=True, blank=True)
    enquiry_on = models.DateField()
    contact_on = models.DateField(null=True, blank=True, help_text="The first call that reached them.")
    initial_conversation_on = models.DateField(null=True, blank=True)
    information_event_on = models.DateField(null=True, blank=True)
    registration_of_interest_on = models.DateField(null=True, blank=True)
    roi_accepted_on = models.DateField(null=True, blank=True)
    stage_one_on = models.DateField(null=True, blank=True)
    break_on = models.DateField(null=True, blank=True)
    stage_two_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    # After approval (``crm.services.matching``): each the first time; a link that ended and a later one
    # keep the first dates, as the adoption scorecard counts approval to the first match.
    on_hold_on = models.DateField(null=True, blank=True)
    family_finding_on = models.DateField(null=True, blank=True)
    linked_on = models.DateField(null=True, blank=True)
    matched_on = models.DateField(null=True, blank=True, help_text="The matching panel's recommendation.")
    placed_on = models.DateField(null=True, blank=True)
    adoption_order_on = models.DateField(null=True, blank=True)
    stage_one_end_on = models.DateField(
        null=True, blank=True, help_text="The first move on to the break or stage two once stage one began."
    )
    left_stage_one_on = models.DateField(null=True, blank=True, help_text="The first move on from stage one.")
    contacted_on = models.DateField(
        null=True, blank=True, help_text="First contact as the workload screen counts it."
    )
    contact_working_days = models.IntegerField(null=True, blank=True)
    contact_kept = models.BooleanField(null=True, blank=True)
    # The first touch: the earliest touchpoint at or before the first enquiry (ties by id), as the
    # campaigns app records it (``crm.services.journeys.TouchSource``). Plain ids: the CRM never
    # depends on the campaigns app.
    first_touch_channel_id = models.IntegerField(null=True, blank=True)
    first_touch_phase = models.PositiveSmallIntegerField(null=True, blank=True)
    first_touch_campaign_id = models.IntegerField(null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "journey dates"
        indexes = [models.Index(fields=["enquiry_on"])]

    def __str__(self) -> str:
        return f"Journey dates of household {self.household_id}"


class JourneyStep(models.Model):
    """How many days one step of a household's journey took (enquiry to first contact, stage two...), once it ended.

    Kept up to date with ``JourneyDates``; the steps are the journey table's (``crm.journey``).
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="journey_steps")
    step = models.CharField(max_length=30)
    ended_on = models.DateField()
    days = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "step"], name="one_step_per_household")]
        indexes = [models.Index(fields=["ended_on", "step"])]

    def __str__(self) -> str:
        return f"{self.step} for household {self.household_id}: {self.days} days"


class ClockOutcome(models.Model):
    """A clock that has stopped for a household: when it started, stopped and was due, and whether it was kept.

    Kept up to date with ``JourneyDates``; the due date is the latest extension's, if there was one.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="clock_outcomes")
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField()
    stopped_on = models.DateField()
    due_on = models.DateField()
    kept = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "clock"], name="one_outcome_per_household_clock")
        ]
        indexes = [models.Index(fields=["stopped_on", "clock"])]

    def __str__(self) -> str:
        return f"{self.clock} for household {self.household_id}: {'kept' if self.kept else 'late'}"

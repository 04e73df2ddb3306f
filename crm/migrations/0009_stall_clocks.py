"""Every open stage gets a clock: stall rules where no timescale runs, and where each figure comes from.

The initial conversation, the information event, a contacted enquiry not yet moved on, the panel and
approval had no clock, so a case could sit there for months with nothing flagged. A stall rule says how
long a case may stay in a stage before someone should look at it. The figures below are defaults for
managers to confirm (Enquiries → Timescales); this migration only creates rules that are missing and
only fills in a basis that is empty, so it never overwrites a manager's change. Open cases in those
stages get their due date here, as saving a clock in the admin would give them.
"""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

from crm.calendar import add_months, add_working_days

CONFIRM = "A default for managers to confirm."
# (code, name, starts at, stops at ("" = when the case closes), amount, unit, due soon days, basis)
STALL_RULES = [
    (
        "enquiry_stalled",
        "Enquiry not moved on after first contact",
        "enquiry",
        "initial_conversation",
        10,
        "working_days",
        2,
        f"Runs once the first call has got through. {CONFIRM}",
    ),
    (
        "initial_conversation_stalled",
        "Initial conversation",
        "initial_conversation",
        "information_event",
        20,
        "working_days",
        5,
        CONFIRM,
    ),
    (
        "information_event_stalled",
        "Information event",
        "information_event",
        "registration_of_interest",
        30,
        "working_days",
        5,
        CONFIRM,
    ),
    (
        "panel_stalled",
        "Agency decision after panel",
        "panel",
        "approved",
        10,
        "working_days",
        2,
        f"The domain notes say the decision comes a few working days after panel. {CONFIRM}",
    ),
    (
        "approved_review",
        "Approved, waiting to be matched",
        "approved",
        "",
        12,
        "months",
        21,
        "The approval is reviewed every year while no child is placed (domain notes). Record each review "
        f"as an extension to the next one. {CONFIRM}",
    ),
]
# Where the timescales every installation started with come from.
TIMESCALE_BASIS = {
    "first_contact": "Set by the service: APSE aims to call back in days, not weeks.",
    "roi_decision": "Statutory guidance: a decision within 5 working days of the registration of interest.",
    "stage_one": "Statutory guidance: 2 months from the registration's acceptance; extensions need a reason.",
    "break": "Statutory guidance: back within 6 months of the stage one decision, or the case lapses.",
    "stage_two": "Statutory guidance: 4 months from the notice to proceed.",
}


def load(apps, schema_editor):
    """Create the stall rules that are missing and fill in each clock's basis where it is empty."""
    Clock = apps.get_model("crm", "Clock")
    for code, name, starts, stops, amount, unit, due_soon, basis in STALL_RULES:
        Clock.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "stall",
                "starts_at_stage": starts,
                "stops_at_stage": stops,
                "amount": amount,
                "unit": unit,
                "due_soon_days": due_soon,
                "basis": basis,
            },
        )
    for code, basis in TIMESCALE_BASIS.items():
        Clock.objects.filter(code=code, basis="").update(basis=basis)


def _due(rule, start: dt.date) -> dt.date:
    if rule.unit == "working_days":
        return add_working_days(start, rule.amount)
    return add_months(start, rule.amount)


def start_running(apps, schema_editor):
    """Give open cases with no clock running the stall rule of their stage, as ``clock_refresh`` would."""
    Clock = apps.get_model("crm", "Clock")
    Household = apps.get_model("crm", "Household")
    for rule in Clock.objects.filter(kind="stall"):
        households = Household.objects.filter(
            closed_at__isnull=True, merged_into__isnull=True, clock__isnull=True, stage=rule.starts_at_stage
        )
        if rule.starts_at_stage == "enquiry":
            households = households.filter(first_contact_at__isnull=False)
        for household in households.iterator(chunk_size=500):
            started = household.stage_dates.get(rule.starts_at_stage)
            start = (
                dt.date.fromisoformat(started) if started else timezone.localdate(household.stage_entered_at)
            )
            Household.objects.filter(pk=household.pk).update(clock=rule, due_on=_due(rule, start))


class Migration(migrations.Migration):
    dependencies = [("crm", "0008_booking_access_needs")]

    operations = [
        migrations.AddField(
            model_name="clock",
            name="kind",
            field=models.CharField(
                choices=[("timescale", "Timescale"), ("stall", "Stall rule")],
                default="timescale",
                help_text="A timescale is measured as kept or late; a stall rule flags a case that has not moved on.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="clock",
            name="basis",
            field=models.TextField(
                blank=True,
                help_text="Where the figure comes from: the guidance, or a default for managers to confirm.",
            ),
        ),
        migrations.AlterField(
            model_name="clock",
            name="starts_at_stage",
            field=models.CharField(
                choices=[
                    ("enquiry", "Enquiry"),
                    ("initial_conversation", "Initial conversation"),
                    ("information_event", "Information event"),
                    ("registration_of_interest", "Registration of interest"),
                    ("roi_accepted", "ROI accepted"),
                    ("stage_one", "Stage one"),
                    ("break", "Break between stages"),
                    ("stage_two", "Stage two"),
                    ("panel", "Panel"),
                    ("approved", "Approved"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="clock",
            name="stops_at_stage",
            field=models.CharField(
                blank=True,
                choices=[
                    ("enquiry", "Enquiry"),
                    ("initial_conversation", "Initial conversation"),
                    ("information_event", "Information event"),
                    ("registration_of_interest", "Registration of interest"),
                    ("roi_accepted", "ROI accepted"),
                    ("stage_one", "Stage one"),
                    ("break", "Break between stages"),
                    ("stage_two", "Stage two"),
                    ("panel", "Panel"),
                    ("approved", "Approved"),
                ],
                help_text="Empty: runs until the case closes.",
                max_length=30,
            ),
        ),
        migrations.AddConstraint(
            model_name="clock",
            constraint=models.UniqueConstraint(
                fields=("starts_at_stage", "kind"), name="one_clock_of_each_kind_per_stage"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(start_running, migrations.RunPython.noop),
    ]

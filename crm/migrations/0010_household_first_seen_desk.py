"""When a member of staff first opened or acted on each household: the triage queue's "new" marker.

Households already in the system were seen when the audit trail first shows a member of staff
viewing or changing the household record; those it shows nobody opening stay new.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def from_the_audit_trail(apps, schema_editor):
    Household = apps.get_model("crm", "Household")
    AuditEvent = apps.get_model("crm", "AuditEvent")
    first = (
        AuditEvent.objects.filter(
            household_id=OuterRef("pk"),
            object_type="household",
            user__isnull=False,
            action__in=["view", "change"],
        )
        .order_by("at")
        .values("at")[:1]
    )
    Household.objects.filter(first_seen_at__isnull=True).update(first_seen_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [("crm", "0009_stall_clocks")]

    operations = [
        migrations.AddField(
            model_name="household",
            name="first_seen_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When a member of staff first opened or acted on the case; empty while it is new.",
                null=True,
            ),
        ),
        migrations.RunPython(from_the_audit_trail, migrations.RunPython.noop),
    ]

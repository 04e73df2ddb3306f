"""The retention policy every installation starts with. Managers change it under Enquiries → Retention rules.

The periods are a starting point drawn from common council practice; confirm each against the three
councils' records retention schedules and the information-sharing agreement before relying on it.
This migration only creates rules that are missing, so it never overwrites a manager's change.
"""

from django.db import migrations

RULES = [
    (
        "closed_early",
        "anonymise",
        24,
        "months",
        "Enquiries that never became an accepted registration of interest: kept two years after the case "
        "closed, so someone who comes back is known, then anonymised. Counts and stage history stay.",
    ),
    (
        "closed_in_assessment",
        "anonymise",
        72,
        "months",
        "Households who withdrew or were not approved after their registration of interest was accepted: "
        "the assessment record is kept six years after the case closed (complaints and claims), then "
        "anonymised. Counts and stage history stay.",
    ),
    (
        "approved",
        "keep",
        0,
        "months",
        "Approved adopters' records are kept as the service requires (the adoption case record). Nothing "
        "here removes them; they leave only by an erasure request a manager has judged.",
    ),
    (
        "spam",
        "delete",
        30,
        "days",
        "Submissions a person confirmed as spam: kept 30 days in case the decision was wrong, then deleted.",
    ),
    (
        "newsletter_ended",
        "anonymise",
        12,
        "months",
        "After someone unsubscribes or their address bounces, their newsletter record is kept a year to "
        "answer questions about what they were sent, then anonymised here and deleted from Mailchimp.",
    ),
    (
        "visitor_ids",
        "anonymise",
        13,
        "months",
        "A visitor id (set only with cookie consent) links website visits to a later enquiry. Visits that "
        "led to no enquiry lose the id after 13 months; the visits stay counted.",
    ),
    (
        "audit_events",
        "delete",
        72,
        "months",
        "The audit trail of who viewed, changed, exported or removed records is kept six years.",
    ),
]


def load(apps, schema_editor):
    RetentionRule = apps.get_model("crm", "RetentionRule")
    for kind, action, period, unit, basis in RULES:
        RetentionRule.objects.get_or_create(
            kind=kind, defaults={"action": action, "period": period, "unit": unit, "basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("crm", "0003_privacy")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Key channels and the finer channels beneath them; the Kindred phase a campaign aims at."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_mailchimpsync_outbox_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="aim_phase",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (1, "1. Initial trigger and motivation"),
                    (2, "2. Fact-finding and research"),
                    (3, "3. Deeper engagement"),
                    (4, "4. The decision"),
                    (5, "5. The process and adoption"),
                    (6, "6. After care"),
                ],
                help_text="The Kindred phase the campaign aims at. Paid social for awareness counts under Advertising (phase 1), for engagement under Social media (phase 3).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="channel",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The key channel this one sits under, in the same phase. Leave empty for a key channel.",
                null=True,
                limit_choices_to={"parent__isnull": True},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="campaigns.channel",
            ),
        ),
    ]

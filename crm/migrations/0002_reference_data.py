"""Reference data every installation starts with: the three teams, the clocks and the postcode table.

All three are edited in the admin afterwards; this migration only creates rows that are missing.
"""

import csv
from pathlib import Path

from django.db import migrations

TEAMS = [
    ("kent", "Kent recruitment team"),
    ("medway", "Medway recruitment team"),
    ("bexley", "Bexley recruitment team"),
]

# Figures from the statutory guidance as summarised in the service's domain notes; check them against
# the current guidance before relying on them, and change them in the admin, not here.
CLOCKS = [
    ("first_contact", "First contact", "enquiry", "initial_conversation", 2, "working_days", 1),
    ("roi_decision", "Decision on registration of interest", "registration_of_interest", "roi_accepted", 5, "working_days", 2),
    ("stage_one", "Stage one", "roi_accepted", "break", 2, "months", 10),
    ("break", "Break between stages", "break", "stage_two", 6, "months", 21),
    ("stage_two", "Stage two", "stage_two", "panel", 4, "months", 14),
]

POSTCODE_CSV = Path(__file__).resolve().parent.parent / "data" / "postcode_areas.csv"


def load(apps, schema_editor):
    Team = apps.get_model("crm", "Team")
    Clock = apps.get_model("crm", "Clock")
    PostcodeArea = apps.get_model("crm", "PostcodeArea")
    for council, name in TEAMS:
        Team.objects.get_or_create(council=council, defaults={"name": name})
    for code, name, starts, stops, amount, unit, due_soon in CLOCKS:
        Clock.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "starts_at_stage": starts,
                "stops_at_stage": stops,
                "amount": amount,
                "unit": unit,
                "due_soon_days": due_soon,
            },
        )
    with POSTCODE_CSV.open(newline="") as handle:
        for row in csv.DictReader(handle):
            PostcodeArea.objects.get_or_create(
                prefix=row["prefix"],
                defaults={"council": row["council"], "place": row["place"], "authority": row["authority"]},
            )


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

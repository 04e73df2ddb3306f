"""The migration to the business case's key channels moves the touches the new taxonomy records differently."""

import datetime as dt
import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

BEFORE = [("campaigns", "0007_channel_parent_campaign_aim")]
AFTER = [("campaigns", "0008_kindred_key_channels")]


@pytest.mark.django_db(transaction=True)
def test_stage_touches_move_to_their_phases_channel_and_every_touch_takes_its_channels_phase():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Channel = apps.get_model("campaigns", "Channel")
    Touchpoint = apps.get_model("campaigns", "Touchpoint")
    Credit = apps.get_model("campaigns", "Credit")
    Household = apps.get_model("crm", "Household")
    # What the old taxonomy made (seeded again, in case a transactional test flushed the database): rows
    # named as before, stage touches all on the front door.
    importlib.import_module("campaigns.migrations.0002_kindred_channels").load(apps, None)
    Channel.objects.filter(slug="website").update(name="Website")
    Channel.objects.filter(slug="mentors").update(name="Mentors")
    Channel.objects.filter(
        slug__in=["advertising", "agency", "paid-social", "paid-social-engagement"]
    ).delete()
    Channel.objects.update(parent=None)
    at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    household = Household.objects.create(first_name="Priya", council="kent", first_enquiry_at=at)
    front_door = Channel.objects.get(slug="front-door")
    website = Channel.objects.get(slug="website")
    for stage, phase in [
        ("initial_conversation", 2),
        ("information_event", 2),
        ("registration_of_interest", 4),
        ("roi_accepted", 4),
        ("stage_one", 5),
        ("approved", 6),
    ]:
        Touchpoint.objects.create(
            household=household,
            kind="stage",
            channel=front_door,
            phase=phase,
            occurred_at=at,
            detail={"stage": stage},
        )
    Touchpoint.objects.create(
        household=household, kind="enquiry", channel=front_door, phase=2, occurred_at=at
    )
    landing = Touchpoint.objects.create(
        household=household, kind="landing", channel=website, phase=2, occurred_at=at
    )
    Credit.objects.create(
        household=household,
        outcome="enquiry",
        outcome_at=at,
        tracked=True,
        channel=front_door,
        phase=2,
        first_touch=1,
        last_touch=1,
        linear=1,
        position=1,
        time_decay=1,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Channel = apps.get_model("campaigns", "Channel")
    Touchpoint = apps.get_model("campaigns", "Touchpoint")

    assert Channel.objects.get(slug="website").name == "Websites"
    assert Channel.objects.get(slug="mentors").name == "Mentor schemes"
    assert Channel.objects.get(slug="front-door").parent.name == "Agency channels"
    stage_touches = {
        touch.detail["stage"]: (touch.channel.slug, touch.phase)
        for touch in Touchpoint.objects.filter(kind="stage")
    }
    # The initial conversation and ROI accepted are outcomes now, so their touches are gone.
    assert stage_touches == {
        "information_event": ("information-events", 2),
        "registration_of_interest": ("return-visits", 4),
        "stage_one": ("agency", 5),
        "approved": ("agency", 5),
    }
    # The phoned enquiry stays on the front door, in its channel's phase; the landing never moved.
    assert Touchpoint.objects.values_list("channel__slug", "phase").get(kind="enquiry") == ("front-door", 5)
    assert Touchpoint.objects.get(pk=landing.pk).channel_id == website.pk
    # Stored credit is worked out again after migrating (campaigns.apps.credits_fill).
    assert not apps.get_model("campaigns", "Credit").objects.exists()

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Channel = executor.loader.project_state(BEFORE).apps.get_model("campaigns", "Channel")
    assert Channel.objects.get(slug="website").name == "Website"
    assert not Channel.objects.exclude(parent=None).exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

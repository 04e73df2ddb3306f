"""The journey dates and stopped clocks the Insight reports read, kept up to date by the services."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

import pytest

from crm.apps import journeys_fill
from crm.models import Clock, ClockOutcome, Household, JourneyDates, Source, Stage
from crm.services import (
    clocks_recompute,
    enquiry_create,
    household_advance,
    household_close,
    household_extend_clock,
    household_log_call,
    household_reopen,
    households_merge,
)
from crm.services.journeys import journeys_rebuild
from crm.tasks import journeys_rebuild_run
from tests.factories import enquiry_details, staff_member


def moment(year: int, month: int, day: int) -> dt.datetime:
    """Ten in the morning UTC: the same local date in London all year."""
    return dt.datetime(year, month, day, 10, tzinfo=dt.UTC)


def stored() -> dict:
    """Every stored row, as plain values, for comparing before and after."""
    rows = {}
    for row in JourneyDates.objects.order_by("pk").values():
        row.pop("refreshed_at")
        rows[row.pop("household_id")] = row
    outcomes = sorted(
        ClockOutcome.objects.values_list(
            "household_id", "clock__code", "started_on", "stopped_on", "due_on", "kept"
        )
    )
    return {"rows": rows, "outcomes": outcomes}


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.fixture
def journeyed(worker):
    """Two households taken through the services: one to stage two with an extension, one closed, reopened and merged."""
    user = worker.user
    first = enquiry_create(
        source=Source.WEB, details=enquiry_details(), received_at=moment(2025, 1, 6)
    ).household
    household_log_call(household=first, by=user, at=moment(2025, 1, 9), reached=True, summary="Talked")
    for stage, when in [
        (Stage.INITIAL_CONVERSATION, moment(2025, 1, 10)),
        (Stage.REGISTRATION_OF_INTEREST, moment(2025, 2, 3)),
        (Stage.ROI_ACCEPTED, moment(2025, 2, 14)),
        (Stage.STAGE_ONE, moment(2025, 2, 17)),
    ]:
        household_advance(household=first, to_stage=stage, by=user, effective_at=when, note="Recorded later")
    household_extend_clock(
        household=first, due_on=dt.date(2025, 6, 30), reason="References were late.", by=user
    )
    household_advance(
        household=first,
        to_stage=Stage.STAGE_TWO,
        by=user,
        effective_at=moment(2025, 6, 2),
        note="Recorded later",
    )
    second = enquiry_create(
        source=Source.PHONE,
        details=enquiry_details(first_name="Sam", email="sam@example.com", phone="07700 900456"),
        received_at=moment(2025, 3, 3),
    ).household
    household_close(
        household=second, reason="lost_contact", by=user, effective_at=moment(2025, 3, 10), note="x"
    )
    household_reopen(household=second, by=user, note="They rang back")
    third = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Sam", email="sam.again@example.com", phone="07700 900789"),
        received_at=moment(2025, 2, 20),
    ).household
    household_log_call(household=third, by=user, at=moment(2025, 2, 21), reached=True, summary="Talked")
    households_merge(keep=second, remove=third, by=user)
    return {"first": first, "second": second, "third": third}


@pytest.mark.django_db
def test_the_services_store_each_date_and_clock_as_it_happens(journeyed):
    row = JourneyDates.objects.get(household=journeyed["first"])

    assert (row.enquiry_on, row.contact_on) == (dt.date(2025, 1, 6), dt.date(2025, 1, 9))
    assert row.initial_conversation_on == dt.date(2025, 1, 10)
    assert row.information_event_on is None
    assert row.registration_of_interest_on == dt.date(2025, 2, 3)
    assert row.stage_one_on == dt.date(2025, 2, 17)
    assert row.stage_two_on == row.stage_one_end_on == row.left_stage_one_on == dt.date(2025, 6, 2)
    # Called on the third working day after the enquiry: two were allowed.
    assert (row.contacted_on, row.contact_working_days, row.contact_kept) == (dt.date(2025, 1, 9), 3, False)
    outcomes = {
        code: (started, stopped, due, kept)
        for code, started, stopped, due, kept in ClockOutcome.objects.filter(
            household=journeyed["first"]
        ).values_list("clock__code", "started_on", "stopped_on", "due_on", "kept")
    }
    assert outcomes["first_contact"] == (dt.date(2025, 1, 6), dt.date(2025, 1, 9), dt.date(2025, 1, 8), False)
    # Two months from the registration's acceptance on 14 February, extended to 30 June: stage two
    # began on 2 June, in time.
    assert outcomes["stage_one"] == (dt.date(2025, 2, 14), dt.date(2025, 6, 2), dt.date(2025, 6, 30), True)
    assert "stage_two" not in outcomes


@pytest.mark.django_db
def test_a_merge_gives_the_kept_record_the_earlier_enquiry_and_contact(journeyed):
    row = JourneyDates.objects.get(household=journeyed["second"])

    assert (row.enquiry_on, row.contact_on, row.contacted_on) == (
        dt.date(2025, 2, 20),
        dt.date(2025, 2, 21),
        dt.date(2025, 2, 21),
    )


@pytest.mark.django_db
def test_what_the_services_stored_is_what_a_rebuild_works_out(journeyed):
    before = stored()

    assert journeys_rebuild(batch=2) == Household.objects.count() == 3
    assert stored() == before
    assert len(before["outcomes"]) >= 4


@pytest.mark.django_db
def test_changing_a_clock_reworks_every_stopped_clock(journeyed):
    clock = Clock.objects.get(code="first_contact")
    clock.amount = 5
    clock.save()

    clocks_recompute()

    outcome = ClockOutcome.objects.get(household=journeyed["first"], clock=clock)
    assert (outcome.due_on, outcome.kept) == (dt.date(2025, 1, 13), True)
    assert JourneyDates.objects.get(household=journeyed["first"]).contact_kept is True


@pytest.mark.django_db
def test_households_written_around_the_services_are_filled_in(crm_reference):
    written = Household.objects.create(
        first_name="Imported",
        first_enquiry_at=moment(2024, 5, 1),
        first_contact_at=moment(2024, 5, 2),
        last_enquiry_at=moment(2024, 5, 1),
    )
    assert not JourneyDates.objects.filter(household=written).exists()

    journeys_fill(sender=None)

    row = JourneyDates.objects.get(household=written)
    assert (row.enquiry_on, row.contact_on, row.contact_working_days) == (
        dt.date(2024, 5, 1),
        dt.date(2024, 5, 2),
        1,
    )


@pytest.mark.django_db
def test_the_nightly_task_and_the_command_rebuild_everything(journeyed, capsys):
    JourneyDates.objects.filter(household=journeyed["first"]).update(stage_one_on=None)
    ClockOutcome.objects.all().delete()

    assert journeys_rebuild_run() == 3
    assert JourneyDates.objects.get(household=journeyed["first"]).stage_one_on == dt.date(2025, 2, 17)
    assert ClockOutcome.objects.filter(household=journeyed["first"]).count() == 3

    call_command("journeys_rebuild")
    assert "3 households" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_new_enquiry_stores_its_first_date(worker):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household

    assert JourneyDates.objects.get(household=household).enquiry_on == timezone.localdate()
    assert not ClockOutcome.objects.filter(household=household).exists()

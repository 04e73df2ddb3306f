import datetime as dt

from django.utils import timezone

import pytest

from crm.calendar import add_months
from crm.models import Household, Source, Stage, StageChange
from crm.services import (
    PipelineError,
    allowed_moves,
    enquiry_create,
    household_add_note,
    household_advance,
    household_close,
    household_extend_clock,
    household_log_call,
    household_mark_attended,
    household_reopen,
    household_set_flags,
    households_merge,
)
from tests.factories import enquiry_details, staff_member

JOURNEY = [
    Stage.INITIAL_CONVERSATION,
    Stage.INFORMATION_EVENT,
    Stage.REGISTRATION_OF_INTEREST,
    Stage.ROI_ACCEPTED,
    Stage.STAGE_ONE,
    Stage.BREAK,
    Stage.STAGE_TWO,
    Stage.PANEL,
    Stage.APPROVED,
]


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.fixture
def household(worker):
    return enquiry_create(source=Source.WEB, details=enquiry_details()).household


def at(days_ago: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago)


def walk(household, stages, by, note="recorded later"):
    """Move through ``stages`` an hour apart, starting an hour after the household entered its stage."""
    household.refresh_from_db()
    for step, stage in enumerate(stages, start=1):
        effective_at = household.stage_entered_at + dt.timedelta(hours=step)
        household_advance(household=household, to_stage=stage, by=by, effective_at=effective_at, note=note)


@pytest.mark.django_db
def test_the_whole_journey_is_recorded_with_who_when_and_from_where(household, worker):
    household.first_enquiry_at = household.stage_entered_at = at(200)
    household.save()
    walk(household, JOURNEY, worker.user)
    household.refresh_from_db()
    assert household.stage == Stage.APPROVED
    changes = list(household.stage_changes.order_by("effective_at"))
    assert [(c.from_stage, c.to_stage) for c in changes] == list(
        zip([Stage.ENQUIRY, *JOURNEY[:-1]], JOURNEY, strict=True)
    )
    assert all(change.by == worker.user for change in changes)
    # Approved and waiting for family finding: approval to the first link runs.
    assert household.clock.code == "approval_to_link"
    assert household.due_on == add_months(timezone.localdate(household.stage_entered_at), 2)


@pytest.mark.django_db
def test_moving_to_the_current_stage_again_changes_nothing(household, worker):
    assert household_advance(household=household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user)
    assert household_advance(household=household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user) is None
    assert household.stage_changes.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "target", "message"),
    [
        ([], Stage.STAGE_ONE, "cannot move straight to stage one"),
        ([], Stage.APPROVED, "cannot move straight to approved"),
        ([Stage.INFORMATION_EVENT], Stage.INITIAL_CONVERSATION, "cannot go back to initial conversation"),
        ([Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED], Stage.STAGE_TWO, "Only fast-track households"),
        ([Stage.REGISTRATION_OF_INTEREST], Stage.STAGE_ONE, "cannot move straight to stage one"),
    ],
)
def test_impossible_moves_are_refused_with_a_clear_message(household, worker, path, target, message):
    household.stage_entered_at = at(50)
    household.save()
    walk(household, path, worker.user)
    with pytest.raises(PipelineError, match=message):
        household_advance(household=household, to_stage=target, by=worker.user)


@pytest.mark.django_db
def test_fast_track_skips_stage_one(household, worker):
    household.stage_entered_at = at(50)
    household.save()
    household_set_flags(household=household, by=worker.user, fast_track=True, early_permanence=True)
    walk(household, [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED], worker.user)
    household.refresh_from_db()
    assert allowed_moves(household) == [Stage.STAGE_ONE, Stage.STAGE_TWO]
    household_advance(household=household, to_stage=Stage.STAGE_TWO, by=worker.user)
    household.refresh_from_db()
    assert household.stage == Stage.STAGE_TWO
    assert household.clock.code == "stage_two"
    assert household.early_permanence


@pytest.mark.django_db
def test_back_dating_needs_a_note_and_cannot_precede_the_current_stage(household, worker):
    household.stage_entered_at = at(10)
    household.save()
    with pytest.raises(PipelineError, match="Add a note"):
        household_advance(
            household=household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user, effective_at=at(3)
        )
    with pytest.raises(PipelineError, match="cannot be dated before"):
        household_advance(
            household=household,
            to_stage=Stage.INITIAL_CONVERSATION,
            by=worker.user,
            effective_at=at(11),
            note="x",
        )
    with pytest.raises(PipelineError, match="future"):
        household_advance(
            household=household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user, effective_at=at(-1)
        )
    change = household_advance(
        household=household,
        to_stage=Stage.INITIAL_CONVERSATION,
        by=worker.user,
        effective_at=at(3),
        note="From paper",
    )
    assert change.effective_at < change.recorded_at - dt.timedelta(days=2)


@pytest.mark.django_db
def test_close_needs_a_listed_reason_and_reopen_a_note(household, worker):
    with pytest.raises(PipelineError, match="reason"):
        household_close(household=household, reason="bored", by=worker.user)
    household_close(household=household, reason="withdrew_fertility", by=worker.user, note="Starting IVF")
    assert household_close(household=household, reason="withdrew_fertility", by=worker.user) is None
    with pytest.raises(PipelineError, match="already closed"):
        household_close(household=household, reason="lost_contact", by=worker.user)
    with pytest.raises(PipelineError, match="Reopen it"):
        household_advance(household=household, to_stage=Stage.INITIAL_CONVERSATION, by=worker.user)
    household.refresh_from_db()
    assert household.clock is None
    with pytest.raises(PipelineError, match="why"):
        household_reopen(household=household, by=worker.user)
    household_reopen(household=household, by=worker.user, note="Treatment finished")
    household.refresh_from_db()
    assert household.is_open
    assert household.stage == Stage.ENQUIRY
    assert household.clock.code == "first_contact"
    assert list(household.stage_changes.values_list("kind", flat=True)) == ["close", "reopen"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stage_path", "entered", "clock", "due"),
    [
        # ROI received on Wednesday 24 December 2025: Christmas, Boxing Day, the weekend and New Year's Day don't count.
        ([Stage.REGISTRATION_OF_INTEREST], dt.date(2025, 12, 24), "roi_decision", dt.date(2026, 1, 5)),
        (
            [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED],
            dt.date(2025, 1, 31),
            "stage_one",
            dt.date(2025, 3, 31),
        ),
        (
            [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED, Stage.STAGE_ONE],
            dt.date(2025, 1, 31),
            "stage_one",
            dt.date(2025, 3, 31),
        ),
        (
            [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED, Stage.STAGE_ONE, Stage.BREAK],
            dt.date(2025, 2, 10),
            "break",
            dt.date(2025, 8, 10),
        ),
        (
            [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED, Stage.STAGE_ONE, Stage.STAGE_TWO],
            dt.date(2025, 4, 30),
            "stage_two",
            dt.date(2025, 8, 30),
        ),
    ],
)
def test_clocks_run_from_the_right_stage(household, worker, stage_path, entered, clock, due):
    tz = timezone.get_current_timezone()
    household.stage_entered_at = dt.datetime(2024, 12, 1, tzinfo=tz)
    household.save()
    for stage in stage_path:
        household_advance(
            household=household,
            to_stage=stage,
            by=worker.user,
            effective_at=dt.datetime.combine(entered, dt.time(10), tzinfo=tz),
            note="test",
        )
    household.refresh_from_db()
    assert (household.clock.code, household.due_on) == (clock, due)


@pytest.mark.django_db
def test_first_contact_is_two_working_days_and_stops_when_a_call_gets_through(worker):
    tz = timezone.get_current_timezone()
    friday = dt.datetime(2026, 8, 28, 17, 0, tzinfo=tz)  # before the August bank holiday weekend
    household = enquiry_create(source=Source.WEB, details=enquiry_details(), received_at=friday).household
    assert (household.clock.code, household.due_on) == ("first_contact", dt.date(2026, 9, 2))
    household_log_call(household=household, by=worker.user, reached=False, summary="Voicemail")
    household.refresh_from_db()
    assert household.clock.code == "first_contact"
    household_log_call(household=household, by=worker.user, reached=True, summary="Talked about the process")
    household.refresh_from_db()
    assert household.first_contact_at is not None
    # The first-contact clock has stopped; the stage's stall rule runs until the case moves on.
    assert household.clock.code == "enquiry_stalled"


@pytest.mark.django_db
def test_extensions_need_a_reason_and_a_later_date(household, worker):
    household.stage_entered_at = at(30)
    household.save()
    walk(household, [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED, Stage.STAGE_ONE], worker.user)
    household.refresh_from_db()
    due = household.due_on
    with pytest.raises(PipelineError, match="reason"):
        household_extend_clock(
            household=household, due_on=due + dt.timedelta(days=14), reason=" ", by=worker.user
        )
    with pytest.raises(PipelineError, match="after the current due date"):
        household_extend_clock(household=household, due_on=due, reason="DBS delay", by=worker.user)
    household_extend_clock(
        household=household, due_on=due + dt.timedelta(days=14), reason="DBS delay", by=worker.user
    )
    household.refresh_from_db()
    assert household.due_on == due + dt.timedelta(days=14)
    assert household.clock_extensions.get().reason == "DBS delay"
    # Moving on starts a new clock; the old extension does not carry over.
    household_advance(household=household, to_stage=Stage.STAGE_TWO, by=worker.user)
    household.refresh_from_db()
    assert household.clock.code == "stage_two"


@pytest.mark.django_db
def test_attending_an_event_moves_an_early_household_on_but_never_back(household, worker):
    household_mark_attended(household=household, by=worker.user, at=timezone.now())
    household.refresh_from_db()
    assert household.stage == Stage.INFORMATION_EVENT
    household_advance(household=household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=worker.user)
    assert household_mark_attended(household=household, by=worker.user, at=timezone.now()) is None
    household.refresh_from_db()
    assert household.stage == Stage.REGISTRATION_OF_INTEREST


@pytest.mark.django_db
def test_notes_go_on_the_timeline(household, worker):
    entry = household_add_note(household=household, by=worker.user, text="Prefers email\nWorks shifts")
    assert entry.summary == "Prefers email"
    with pytest.raises(PipelineError):
        household_add_note(household=household, by=worker.user, text="  ")


@pytest.mark.django_db
def test_merging_moves_everything_onto_the_kept_record(worker):
    keep = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="a@example.com", phone="")
    ).household
    remove = enquiry_create(
        source=Source.PHONE, details=enquiry_details(email="", phone="01622 000000", interests=["siblings"])
    ).household
    merged = households_merge(keep=keep, remove=remove, by=worker.user)
    remove.refresh_from_db()
    assert merged.phone == "01622000000"
    assert merged.interests == ["siblings"]
    assert merged.enquiries.count() == 2
    assert merged.consents.count() == 2
    assert remove.merged_into == merged
    assert remove.closure_reason == "duplicate"
    assert not remove.is_open
    assert Household.objects.open().count() == 1
    assert households_merge(keep=keep, remove=remove, by=worker.user) == keep
    with pytest.raises(PipelineError):
        households_merge(keep=keep, remove=keep, by=worker.user)
    assert StageChange.objects.filter(household=remove, closure_reason="duplicate").exists()

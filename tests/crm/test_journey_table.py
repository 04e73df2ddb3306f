"""The journey table (crm.journey) gives every stage list the rest of the system used to keep by hand,
and the system check names whatever is wrong with it."""

import dataclasses

from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import models

import pytest

from crm import checks, journey
from crm.journey import (
    APPROVED_STEP,
    FUNNEL_STEPS,
    LINKS,
    RECRUITMENT,
    RETURN_JOURNEY_FIELDS,
    ROI_STEP,
    STAGE_GROUP_OF,
    STAGE_GROUPS,
    STEP_LABELS,
    TIMELINESS_STEPS,
    Move,
    Row,
    Step,
    Touch,
)
from crm.models import STAGES_BEFORE_ENQUIRY, Clock, Household, JourneyDates, RetentionRule, Stage
from crm.selectors import stage_touches
from crm.services import journeys as journey_service
from website.demo.households import JOURNEYS as DEMO_JOURNEYS

# What the reports, the return, the services and the selectors each spelled out before the table.
TODAY_FUNNEL_STEPS = [
    (Stage.ENQUIRY, "Enquiry"),
    (Stage.INITIAL_CONVERSATION, "Initial conversation"),
    (Stage.INFORMATION_EVENT, "Information event"),
    (Stage.REGISTRATION_OF_INTEREST, "Registration of interest"),
    (Stage.STAGE_ONE, "Stage one"),
    (Stage.STAGE_TWO, "Stage two"),
    (Stage.APPROVED, "Approved"),
]
TODAY_STAGE_GROUPS = [
    ("Enquiry to information event", [Stage.ENQUIRY, Stage.INITIAL_CONVERSATION, Stage.INFORMATION_EVENT]),
    ("Registration of interest", [Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED]),
    ("Stage one and break", [Stage.STAGE_ONE, Stage.BREAK]),
    ("Stage two and panel", [Stage.STAGE_TWO, Stage.PANEL]),
    (
        "Approved",
        [
            Stage.APPROVED,
            Stage.ON_HOLD,
            Stage.FAMILY_FINDING,
            Stage.LINKED,
            Stage.MATCHED,
            Stage.PLACED,
            Stage.ADOPTION_ORDER,
        ],
    ),
]
TODAY_TIMELINESS_STEPS = [
    ("enquiry_to_contact", "Enquiry to first contact"),
    ("enquiry_to_conversation", "Enquiry to initial conversation"),
    ("enquiry_to_registration", "Enquiry to registration of interest"),
    ("registration_to_decision", "Registration of interest to decision"),
    ("accepted_to_stage_one", "ROI accepted to start of stage one"),
    ("stage_one", "Stage one (start to decision)"),
    ("stage_two", "Stage two (start to panel)"),
    ("panel_to_approval", "Panel to approval"),
    ("enquiry_to_approval", "Enquiry to approval"),
]
TODAY_STEPS = [
    ("enquiry_to_contact", "enquiry", "first_contact"),
    ("enquiry_to_conversation", "enquiry", Stage.INITIAL_CONVERSATION),
    ("enquiry_to_registration", "enquiry", Stage.REGISTRATION_OF_INTEREST),
    ("registration_to_decision", Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED),
    ("accepted_to_stage_one", Stage.ROI_ACCEPTED, Stage.STAGE_ONE),
    ("stage_one", Stage.STAGE_ONE, "stage_one_end"),
    ("stage_two", Stage.STAGE_TWO, Stage.PANEL),
    ("panel_to_approval", Stage.PANEL, Stage.APPROVED),
    ("enquiry_to_approval", "enquiry", Stage.APPROVED),
]
TODAY_JOURNEY_FIELDS = {
    "roi_date": "registration_of_interest_on",
    "stage_one_start": "stage_one_on",
    "stage_two_start": "stage_two_on",
    "panel_date": "panel_on",
    "approval_date": "approved_on",
    "stage_one_moved_on": "left_stage_one_on",
}
TODAY_RETURN_DATES = {
    Stage.ENQUIRY: "enquiry_date",
    Stage.REGISTRATION_OF_INTEREST: "roi_date",
    Stage.STAGE_ONE: "stage_one_start",
    Stage.STAGE_TWO: "stage_two_start",
    Stage.PANEL: "panel_date",
    Stage.APPROVED: "approval_date",
}
TODAY_ALLOWED_MOVES = {
    Stage.ENQUIRY: {Stage.INITIAL_CONVERSATION, Stage.INFORMATION_EVENT, Stage.REGISTRATION_OF_INTEREST},
    Stage.INITIAL_CONVERSATION: {Stage.INFORMATION_EVENT, Stage.REGISTRATION_OF_INTEREST},
    Stage.INFORMATION_EVENT: {Stage.REGISTRATION_OF_INTEREST},
    Stage.REGISTRATION_OF_INTEREST: {Stage.ROI_ACCEPTED},
    Stage.ROI_ACCEPTED: {Stage.STAGE_ONE, Stage.STAGE_TWO},
    Stage.STAGE_ONE: {Stage.BREAK, Stage.STAGE_TWO},
    Stage.BREAK: {Stage.STAGE_TWO},
    Stage.STAGE_TWO: {Stage.PANEL},
    Stage.PANEL: {Stage.APPROVED},
    # After approval: the moves into and out of a link are recorded with the link (``LINK_MOVES``).
    Stage.APPROVED: {Stage.FAMILY_FINDING, Stage.ON_HOLD, Stage.LINKED},
    Stage.ON_HOLD: {Stage.FAMILY_FINDING},
    Stage.FAMILY_FINDING: {Stage.LINKED, Stage.ON_HOLD},
    Stage.LINKED: {Stage.MATCHED, Stage.FAMILY_FINDING},
    Stage.MATCHED: {Stage.PLACED, Stage.FAMILY_FINDING},
    Stage.PLACED: {Stage.ADOPTION_ORDER, Stage.FAMILY_FINDING},
    Stage.ADOPTION_ORDER: set(),
}
# The moves only the link services make: into a link stage, and out of one (a link that ended).
LINK_MOVES = {
    (Stage.APPROVED, Stage.LINKED),
    (Stage.FAMILY_FINDING, Stage.LINKED),
    (Stage.LINKED, Stage.MATCHED),
    (Stage.LINKED, Stage.FAMILY_FINDING),
    (Stage.MATCHED, Stage.PLACED),
    (Stage.MATCHED, Stage.FAMILY_FINDING),
    (Stage.PLACED, Stage.ADOPTION_ORDER),
    (Stage.PLACED, Stage.FAMILY_FINDING),
}
APPROVED_STAGES = [
    Stage.APPROVED,
    Stage.ON_HOLD,
    Stage.FAMILY_FINDING,
    Stage.LINKED,
    Stage.MATCHED,
    Stage.PLACED,
    Stage.ADOPTION_ORDER,
]
TODAY_EARLY_STAGES = (
    Stage.PACK_REQUESTED,  # a pack request, if closed, goes as an early closure does
    Stage.FAMILY_EVENT_BOOKED,  # and so does a family known from a family event's booking
    Stage.ENQUIRY,
    Stage.INITIAL_CONVERSATION,
    Stage.INFORMATION_EVENT,
    Stage.REGISTRATION_OF_INTEREST,
)
TODAY_ASSESSMENT_STAGES = (Stage.ROI_ACCEPTED, Stage.STAGE_ONE, Stage.BREAK, Stage.STAGE_TWO, Stage.PANEL)
# The Kindred phase of the touch reaching each stage (campaigns.services.STAGE_PHASES, as numbers), which
# is its channel's phase (business case 3.6). Approval is phase 5, "the process and adoption" (phase 6,
# after care, begins after the adoption order); the initial conversation and ROI accepted are outcomes of
# the agency's work, not touches, and record none.
TODAY_STAGE_PHASES = {
    # Before any enquiry: a family at a family event, after care's "Networking opportunities". No move
    # leads there, so it is never a stage's touch; the booking is the touch.
    Stage.FAMILY_EVENT_BOOKED: 6,
    Stage.INFORMATION_EVENT: 2,
    Stage.REGISTRATION_OF_INTEREST: 4,
    Stage.STAGE_ONE: 5,
    Stage.BREAK: 5,
    Stage.STAGE_TWO: 5,
    Stage.PANEL: 5,
    Stage.APPROVED: 5,
    # The link meeting, the matching panel and the introductions: agency channels, still phase 5; the
    # adoption order puts the family in after care, phase 6, on networking opportunities.
    Stage.LINKED: 5,
    Stage.MATCHED: 5,
    Stage.PLACED: 5,
    Stage.ADOPTION_ORDER: 6,
}
# Outcomes rather than touches: reaching them records no touch. Family finding taking a family on is the
# agency's step, and on hold is a pause: neither is a contact.
OUTCOME_STAGES = {
    Stage.ENQUIRY,
    Stage.INITIAL_CONVERSATION,
    Stage.ROI_ACCEPTED,
    Stage.ON_HOLD,
    Stage.FAMILY_FINDING,
}


def test_the_reports_names_are_what_the_reports_spelled_out():
    assert FUNNEL_STEPS == TODAY_FUNNEL_STEPS
    assert [label for _, label in TODAY_FUNNEL_STEPS] == STEP_LABELS
    assert ROI_STEP == 3
    assert APPROVED_STEP == 6
    assert STAGE_GROUPS == TODAY_STAGE_GROUPS
    assert {
        stage: index for index, (_, stages) in enumerate(TODAY_STAGE_GROUPS) for stage in stages
    } == STAGE_GROUP_OF
    assert TIMELINESS_STEPS == TODAY_TIMELINESS_STEPS
    assert RETURN_JOURNEY_FIELDS == TODAY_JOURNEY_FIELDS
    assert RECRUITMENT.return_dates == TODAY_RETURN_DATES


def test_the_services_and_selectors_read_what_they_spelled_out():
    assert journey_service.STEPS == TODAY_STEPS
    assert [stage for stage in RECRUITMENT.stages if stage != Stage.ENQUIRY] == journey_service.JOURNEY_STAGES
    # The other services' stages a case moves on to (their first stage is where an enquiry opens the case).
    assert Stage.SUPPORT_ASSESSMENT in journey_service.SERVICE_STAGES
    assert Stage.SUPPORT_REQUEST not in journey_service.SERVICE_STAGES
    assert not set(journey_service.SERVICE_STAGES) & set(RECRUITMENT.stages)
    assert {
        row.stage: set(RECRUITMENT.moves_from(row.stage))
        for row in RECRUITMENT.rows
        if row.stage in RECRUITMENT.casework
    } == TODAY_ALLOWED_MOVES
    assert tuple(RECRUITMENT.stages_in_retention(RetentionRule.Kind.CLOSED_EARLY)) == TODAY_EARLY_STAGES
    assert tuple(RECRUITMENT.stages_in_retention(RetentionRule.Kind.CLOSED_IN_ASSESSMENT)) == (
        TODAY_ASSESSMENT_STAGES
    )
    assert RECRUITMENT.stages_in_retention(RetentionRule.Kind.APPROVED) == APPROVED_STAGES
    assert {
        (row.stage, move.to) for row in RECRUITMENT.rows for move in row.moves if move.recorded_by == LINKS
    } == LINK_MOVES
    assert {stage: touch.phase for stage, touch in stage_touches().items()} == TODAY_STAGE_PHASES
    # Each on a key channel of its phase: Information events (2), Revisited channels (4), Agency channels (5),
    # Networking opportunities (6).
    assert {touch.channel for touch in stage_touches().values()} == {
        "information-events",
        "return-visits",
        "agency",
        "networking",
    }


def test_before_the_enquiry_a_person_is_known_but_not_a_case():
    """Asking for the pack, or booking a family event, comes before any enquiry: no move, group or funnel
    step. Only the family event's has a touch, on networking, and it is recorded by the booking."""
    before = [Stage.PACK_REQUESTED, Stage.FAMILY_EVENT_BOOKED]
    assert RECRUITMENT.before_start == before == list(STAGES_BEFORE_ENQUIRY)
    assert RECRUITMENT.casework[0] == Stage.ENQUIRY
    for stage in before:
        assert RECRUITMENT.moves_from(stage) == []
        assert RECRUITMENT.funnel_step(stage) is None
        assert stage not in STAGE_GROUP_OF
        assert hasattr(JourneyDates, f"{stage}_on")
        assert not any(stage in RECRUITMENT.moves_from(other) for other in RECRUITMENT.stages)
    assert Stage.PACK_REQUESTED not in stage_touches()
    assert stage_touches()[Stage.FAMILY_EVENT_BOOKED] == Touch(6, "networking")


def test_only_fast_track_households_skip_stage_one():
    move = RECRUITMENT.move(Stage.ROI_ACCEPTED, Stage.STAGE_TWO)

    assert move.allows(Household(fast_track=True))
    assert not move.allows(Household(fast_track=False))
    assert (
        move.only.refusal
        == "Only fast-track households (previous adopters and foster carers) skip stage one."
    )
    assert all(
        move.only is None for row in RECRUITMENT.rows for move in row.moves if move.to != Stage.STAGE_TWO
    )


@pytest.mark.parametrize("stage", RECRUITMENT.casework)
def test_every_mapping_covers_every_stage(stage):
    row = RECRUITMENT.row(stage)

    assert row.stage == stage
    assert stage in STAGE_GROUP_OF
    assert sum(stage in stages for _, stages in STAGE_GROUPS) == 1
    assert row.retention in {
        RetentionRule.Kind.CLOSED_EARLY,
        RetentionRule.Kind.CLOSED_IN_ASSESSMENT,
        RetentionRule.Kind.APPROVED,
    }
    assert RECRUITMENT.funnel_step(stage) is not None
    assert hasattr(JourneyDates, f"{stage}_on")
    if stage in OUTCOME_STAGES:
        # The enquiry is a touch of its own, on the channel it came by; reaching it by a move is none.
        # The initial conversation and ROI accepted are outcomes, which record none either.
        assert stage not in stage_touches()
    else:
        assert stage_touches()[stage].phase in range(1, 7)
    if stage != Stage.ENQUIRY:
        assert stage in journey_service.JOURNEY_STAGES
    if stage != RECRUITMENT.stages[-1]:
        assert RECRUITMENT.moves_from(stage), f"{stage} leads nowhere"


def test_the_funnel_step_of_a_stage_is_the_furthest_step_it_has_reached():
    furthest = {
        Stage.ENQUIRY: 0,
        Stage.INITIAL_CONVERSATION: 1,
        Stage.INFORMATION_EVENT: 2,
        Stage.REGISTRATION_OF_INTEREST: 3,
        Stage.ROI_ACCEPTED: 3,
        Stage.STAGE_ONE: 4,
        Stage.BREAK: 4,
        Stage.STAGE_TWO: 5,
        Stage.PANEL: 5,
        Stage.APPROVED: 6,
        # The funnel ends at approval: everything after it counts as approved.
        Stage.FAMILY_FINDING: 6,
        Stage.ADOPTION_ORDER: 6,
    }

    assert {stage: RECRUITMENT.funnel_step(stage) for stage in furthest} == furthest


def test_a_stage_before_the_first_funnel_step_is_outside_the_funnel():
    pack = Row(
        "information_pack", group="enquiry", retention=RetentionRule.Kind.CLOSED_EARLY, moves=("enquiry",)
    )
    before = dataclasses.replace(RECRUITMENT, rows=(pack, *RECRUITMENT.rows))

    assert before.funnel_step("information_pack") is None
    assert before.funnel_step(Stage.ENQUIRY) == 0
    assert before.funnel_steps == TODAY_FUNNEL_STEPS
    assert before.route(to=Stage.STAGE_ONE) == RECRUITMENT.route(to=Stage.STAGE_ONE)


def _walks(path: list[str], household: Household) -> bool:
    stages = [RECRUITMENT.start, *path]
    return all(
        (move := RECRUITMENT.move(here, there)) is not None and move.allows(household)
        for here, there in zip(stages, stages[1:], strict=False)
    )


@pytest.mark.parametrize("stage", RECRUITMENT.casework[1:])
def test_the_main_road_to_each_stage_is_a_road_any_household_may_take(stage):
    route = RECRUITMENT.route(to=stage)

    assert route[-1] == stage
    assert _walks(route, Household(fast_track=False))
    assert Stage.BREAK not in route or stage == Stage.BREAK


def test_the_demo_households_take_roads_the_table_allows():
    assert DEMO_JOURNEYS[-1][0] == [
        Stage.INITIAL_CONVERSATION,
        Stage.INFORMATION_EVENT,
        Stage.REGISTRATION_OF_INTEREST,
        Stage.ROI_ACCEPTED,
        Stage.STAGE_ONE,
        Stage.STAGE_TWO,
        Stage.PANEL,
        Stage.APPROVED,
        Stage.FAMILY_FINDING,
        Stage.LINKED,
        Stage.MATCHED,
        Stage.PLACED,
        Stage.ADOPTION_ORDER,
    ]
    # Every stage from approval on has a demo household at it.
    after_approval = RECRUITMENT.stages[RECRUITMENT.position(Stage.APPROVED) :]
    assert set(after_approval) <= {path[-1] for path, _ in DEMO_JOURNEYS if path}
    for path, _ in DEMO_JOURNEYS:
        assert _walks(path, Household(fast_track=False)), path


# The system check ----------------------------------------------------------------------------------


def _errors(table, **models_) -> list[Error]:
    return checks.journey_errors(table, **models_)


def test_the_check_finds_nothing_wrong_with_the_table():
    assert _errors(RECRUITMENT, journey_dates=JourneyDates, household=Household) == []
    call_command("check")


def _without(stage: str) -> tuple[Row, ...]:
    return tuple(row for row in RECRUITMENT.rows if row.stage != stage)


def _replaced(stage: str, **changes) -> tuple[Row, ...]:
    return tuple(
        dataclasses.replace(row, **changes) if row.stage == stage else row for row in RECRUITMENT.rows
    )


def _swapped(one: str, other: str) -> tuple[Row, ...]:
    rows = {one: RECRUITMENT.row(other), other: RECRUITMENT.row(one)}
    return tuple(rows.get(row.stage, row) for row in RECRUITMENT.rows)


class WithAnnualReview(models.TextChoices):
    """The stages as they might be once annual reviews are a stage, for a journey whose dates lag behind."""

    ENQUIRY = "enquiry", "Enquiry"
    APPROVED = "approved", "Approved"
    ANNUAL_REVIEW = "annual_review", "Annual review"


BROKEN = {
    "a stage with no row": (
        {"rows": _without(Stage.PANEL)},
        "crm.E001",
        "The stage 'panel' (Panel) has no row in the recruitment journey table.",
    ),
    "a row for no stage": (
        {"rows": (*RECRUITMENT.rows, Row("no_such_stage", group="approved", retention="approved"))},
        "crm.E002",
        "The recruitment journey table has a row for 'no_such_stage', which is not a stage.",
    ),
    "a stage with two rows": (
        {"rows": (*RECRUITMENT.rows, RECRUITMENT.row(Stage.PANEL))},
        "crm.E002",
        "The recruitment journey table has 2 rows for 'panel'.",
    ),
    "rows out of order": (
        {"rows": _swapped(Stage.STAGE_ONE, Stage.BREAK)},
        "crm.E003",
        "The recruitment journey table lists its stages in a different order from Stage: "
        + ", ".join(str(row.stage) for row in _swapped(Stage.STAGE_ONE, Stage.BREAK))
        + "; Stage has "
        + ", ".join(RECRUITMENT.stages)
        + ".",
    ),
    "a move to no stage": (
        {"rows": _replaced(Stage.PANEL, moves=(Stage.APPROVED, "no_such_stage"))},
        "crm.E004",
        "The row for 'panel' moves on to 'no_such_stage', which is not a stage of the recruitment journey.",
    ),
    "a start at no stage": (
        {"start": "no_such_stage"},
        "crm.E004",
        "The recruitment journey starts at 'no_such_stage', which is not a stage.",
    ),
    "a step from no point": (
        {"steps": (*RECRUITMENT.steps, Step("wait", "Approval to match", Stage.APPROVED, "no_such_point"))},
        "crm.E005",
        "The timeliness step 'wait' (Approval to match) ends at 'no_such_point', which is neither a stage nor a "
        "point of the recruitment journey (first_contact, stage_one_end).",
    ),
    "an unknown group": (
        {"rows": _replaced(Stage.PANEL, group="panels")},
        "crm.E006",
        "The row for 'panel' is in the workload group 'panels', which the recruitment journey does not "
        "have (it has enquiry, roi, stage_one, stage_two, approved).",
    ),
    "an unknown retention class": (
        {"rows": _replaced(Stage.BREAK, retention="closed_on_a_break")},
        "crm.E007",
        "The row for 'break' has the retention class 'closed_on_a_break', which the recruitment journey "
        "does not have (it has closed_early, closed_in_assessment, approved).",
    ),
    "an unknown phase": (
        {"rows": _replaced(Stage.APPROVED, phase=7)},
        "crm.E008",
        "The row for 'approved' is in Kindred phase 7; the phases are 1 to 6.",
    ),
    "a condition on no field": (
        {
            "rows": _replaced(
                Stage.ROI_ACCEPTED,
                moves=(Stage.STAGE_ONE, Move(Stage.STAGE_TWO, only=journey.Condition("foster_carer", "No."))),
            )
        },
        "crm.E012",
        "The move from 'roi_accepted' to 'stage_two' is only for households with 'foster_carer', which a "
        "household does not have.",
    ),
}


@pytest.mark.parametrize("fault", BROKEN)
def test_the_check_names_each_fault(fault):
    changes, error_id, message = BROKEN[fault]
    broken = dataclasses.replace(RECRUITMENT, **changes)

    errors = _errors(broken, journey_dates=JourneyDates, household=Household)

    assert [(error.id, error.msg) for error in errors] == [(error_id, message)]
    assert errors[0].hint


def test_the_check_names_a_stage_the_journey_dates_have_no_column_for():
    later = dataclasses.replace(
        RECRUITMENT,
        choices=WithAnnualReview,
        rows=(
            Row("enquiry", group="enquiry", retention="closed_early", moves=("approved",), funnel="Enquiry"),
            Row("approved", group="approved", retention="approved", moves=("annual_review",), phase=5),
            Row("annual_review", group="approved", retention="approved", phase=5),
        ),
        steps=(),
    )

    errors = _errors(later, journey_dates=JourneyDates)

    assert [(error.id, error.msg) for error in errors] == [
        (
            "crm.E009",
            "JourneyDates has no column annual_review_on for the date a household first reached "
            "'annual_review'.",
        )
    ]
    assert "annual_review_on = models.DateField" in errors[0].hint


def test_manage_py_check_fails_with_the_faults_name(monkeypatch):
    monkeypatch.setattr(checks, "RECRUITMENT", dataclasses.replace(RECRUITMENT, rows=_without(Stage.BREAK)))

    with pytest.raises(SystemCheckError, match=r"crm\.E001.*'break' \(Break between stages\)"):
        call_command("check")


def test_the_clock_check_names_a_clock_at_no_stage_or_of_no_kind():
    clocks = [
        ("first_contact", "timescale", "enquiry", "initial_conversation"),
        ("matching", "timescale", "approved", "no_such_stage"),
        ("review", "reminder", "approved", ""),
    ]

    errors = checks.clock_errors(RECRUITMENT, clocks, kinds=Clock.Kind.values)

    assert [(error.id, error.msg) for error in errors] == [
        (
            "crm.E010",
            "The timescale 'matching' stops at 'no_such_stage', which is not a stage of the recruitment journey.",
        ),
        (
            "crm.E011",
            "The timescale 'review' is of kind 'reminder', which is neither a timescale nor a stall rule.",
        ),
    ]


@pytest.mark.django_db
def test_the_clock_check_reads_the_clock_table_when_a_database_is_named(crm_reference):
    assert checks.clocks_name_stages_of_the_journey(databases=["default"]) == []
    assert checks.clocks_name_stages_of_the_journey() == []

    Clock.objects.create(
        code="matching", name="Matching", starts_at_stage="no_such_stage", amount=3, unit="months"
    )

    errors = checks.clocks_name_stages_of_the_journey(databases=["default"])
    assert [(error.id, error.msg) for error in errors] == [
        (
            "crm.E010",
            "The timescale 'matching' starts at 'no_such_stage', which is not a stage of the recruitment journey.",
        )
    ]

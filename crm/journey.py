"""The adopter's journey in one table: each stage, in order, and everything that hangs on it.

``RECRUITMENT`` at the bottom is the whole road from enquiry to approval and on, through family finding,
a link with a child, the match and the placement, to the adoption order; one ``Row`` per stage. The
rest of the system reads it and keeps no list of stages of its own:

- the moves ``crm.services.pipeline`` allows, the one only fast-track households may make, and those
  only the link services (``crm.services.matching``) make, with the child's link;
- the dates and timeliness steps ``crm.services.journeys`` stores for the reports (``Step``);
- the touch reaching a stage records, on which channel and in which Kindred phase
  (``campaigns.services``, through ``crm.selectors.stage_touches``);
- which retention rule applies to a case closed at a stage (``crm.selectors.retention``);
- the funnel's steps, the workload screen's groups, the timeliness screen's steps and the quarterly
  return's dates (the Insight reports, through the names at the end of this module);
- the demo households' routes (``website.demo.households``).

``crm.checks`` fails ``manage.py check`` by name when ``Stage`` and this table disagree, so adding a
stage is a ``Stage`` choice (one migration) and a row here. Clocks are not here: timescales and stall
rules are rows in the ``Clock`` table, edited by managers; ``manage.py check --database default``
names any clock that starts or stops at a stage this table does not have.

The agency's other services (adoption support, adopted adults and birth relatives, step-parent and
inter-country adoption, advice, anything else) are each a ``Journey`` of rows like these, kept in
``JOURNEYS`` by enquiry type: their stages, moves, workload groups and closure reasons. They record no
touches and have no funnel, timeliness steps or return dates: those are recruitment's alone.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from crm.models import ClosureReason, EnquiryType, RetentionRule, Stage

# The Kindred phases (business case 3.6) as the campaigns app numbers them; the CRM keeps plain numbers.
KINDRED_PHASES = range(1, 7)
FACT_FINDING, DECISION, PROCESS, AFTER_CARE = 2, 4, 5, 6

# Points of the journey that are not stages, where a timeliness step can start or end.
FIRST_CONTACT = "first_contact"  # the first call that reached the household
STAGE_ONE_END = "stage_one_end"  # the first move on to the break or stage two once stage one began
# The first move on from stage one, whichever way: the quarterly return's stage one decision.
LEFT_STAGE_ONE = "left_stage_one"

# The channels stage touches are recorded on (``campaigns.Channel`` slugs), each a key channel of the
# business case's table in the phase of the touch: a touch is in the phase of its channel, and
# ``campaigns.checks`` fails ``manage.py check --database default`` when a row's channel is not.
INFORMATION_EVENTS = "information-events"  # phase 2
REVISITED_CHANNELS = "return-visits"  # phase 4: "Revisited channels"
AGENCY_CHANNELS = "agency"  # phase 5
NETWORKING = "networking"  # phase 6: "Networking opportunities", where family events' bookings are touches

CLOSED_EARLY = RetentionRule.Kind.CLOSED_EARLY
CLOSED_IN_ASSESSMENT = RetentionRule.Kind.CLOSED_IN_ASSESSMENT
APPROVED = RetentionRule.Kind.APPROVED
SERVICE_CLOSED = RetentionRule.Kind.SERVICE_CLOSED


@dataclass(frozen=True)
class Condition:
    """What a household needs to make a move only some may make, and what a worker is told otherwise."""

    flag: str
    refusal: str

    def met_by(self, household) -> bool:
        return bool(getattr(household, self.flag))


FAST_TRACK = Condition(
    "fast_track", "Only fast-track households (previous adopters and foster carers) skip stage one."
)


# Moves only the link services make (``crm.services.matching``): linking a child, the match, the placement,
# the adoption order and a link that ended. Each writes the link and the move together, so the two agree.
LINKS = "links"


@dataclass(frozen=True)
class Move:
    """A stage a household may move on to, for every household or only those meeting ``only``.

    ``recorded_by`` names the service that records the move with something else (``LINKS``: the child's
    link); the plain "Move on" never makes it.
    """

    to: str
    only: Condition | None = None
    recorded_by: str = ""

    def allows(self, household) -> bool:
        return self.only is None or self.only.met_by(household)


def by_link(stage: str) -> Move:
    """A move recorded with the child's link, never a plain move."""
    return Move(stage, recorded_by=LINKS)


@dataclass(frozen=True)
class Row:
    """One stage and everything that hangs on it.

    - ``moves``: the stages a household here may move on to (a plain stage, or a ``Move`` with a condition).
    - ``group``: the workload screen's group (a key of ``Journey.groups``).
    - ``retention``: the retention rule (``RetentionRule.Kind``) for a case closed here; approved cases
      have their own, which keeps them.
    - ``phase``: the Kindred phase (1-6) of the touch reaching this stage records, which is its
      channel's phase; None where reaching the stage records no touch.
    - ``touch_channel``: the channel slug the touch of reaching this stage is recorded on, a channel of
      ``phase``; None when reaching it is no touch: the enquiry is its own touch, on the channel it
      came by, and a stage that is an outcome of the agency's work rather than a contact the household
      makes records none.
    - ``funnel``: the name of the funnel step that starts here; empty where none does.
    - ``return_date``: the quarterly return's field that carries the date this stage was reached.
    - ``detour``: off the main road (the break): a household may pass through it, and the demo goes round.
    """

    stage: str
    group: str
    retention: str
    moves: tuple[Move | str, ...] = ()
    phase: int | None = None
    touch_channel: str | None = None
    funnel: str = ""
    return_date: str = ""
    detour: bool = False

    def __post_init__(self):
        moves = tuple(move if isinstance(move, Move) else Move(move) for move in self.moves)
        object.__setattr__(self, "moves", moves)


@dataclass(frozen=True)
class Touch:
    """The touch reaching a stage records: its Kindred phase (1-6) and its channel's slug."""

    phase: int
    channel: str


@dataclass(frozen=True)
class Step:
    """A stretch of the journey the timeliness report measures, from one point to another.

    A point is a stage (the date the household first moved on to it; the enquiry's is its first
    enquiry) or one of the journey's ``points``.
    """

    code: str
    label: str
    start: str
    end: str


@dataclass(frozen=True)
class Journey:
    """The rows of one journey, in order, with the lookups everything else reads."""

    name: str
    choices: type[models.TextChoices]
    start: str
    groups: dict[str, str]
    retention_classes: tuple[str, ...]
    points: tuple[str, ...]
    rows: tuple[Row, ...]
    steps: tuple[Step, ...] = field(default=())
    # The reasons a case of this journey may be closed with, in the order a worker is offered them.
    closure_reasons: tuple[str, ...] = field(default=())
    # Where the central front-door team hands a case to the council team unless a routing rule says otherwise.
    hand_over_at: str = ""

    # Stages

    @cached_property
    def stages(self) -> list[str]:
        """Every stage, in order."""
        return [row.stage for row in self.rows]

    @cached_property
    def before_start(self) -> list[str]:
        """Stages a person is at before the journey starts: known to the CRM, not yet a case."""
        return self.stages[: self.position(self.start)]

    @cached_property
    def casework(self) -> list[str]:
        """The stages of a case: from ``start`` on. The workload groups and the moves cover only these."""
        return self.stages[self.position(self.start) :]

    @cached_property
    def moved_to(self) -> list[str]:
        """The stages a household reaches by moving on: all but ``start``, where an enquiry opens a case."""
        return [stage for stage in self.stages if stage != self.start]

    @cached_property
    def _rows(self) -> dict[str, Row]:
        return {row.stage: row for row in self.rows}

    def row(self, stage: str) -> Row:
        try:
            return self._rows[stage]
        except KeyError:
            raise KeyError(f"The {self.name} journey has no stage {stage!r}.") from None

    def position(self, stage: str) -> int:
        return self.stages.index(stage)

    def has(self, stage: str) -> bool:
        return stage in self._rows

    @cached_property
    def closure_choices(self) -> list[tuple[str, str]]:
        return [(reason, ClosureReason(reason).label) for reason in self.closure_reasons]

    # Moves

    def moves_from(self, stage: str) -> list[str]:
        """Every stage a household at ``stage`` may move on to, conditions aside, in journey order."""
        return [move.to for move in self.row(stage).moves]

    def move(self, stage: str, to: str) -> Move | None:
        """The move from ``stage`` to ``to``, or None if there is no such move."""
        return next((move for move in self.row(stage).moves if move.to == to), None)

    def route(self, *, to: str) -> list[str]:
        """The stages from ``start`` (not included) to ``to`` along the main road, going round detours."""
        return [
            stage
            for stage in self.stages[self.position(self.start) + 1 : self.position(to) + 1]
            if stage == to or not self.row(stage).detour
        ]

    # Groups, retention, phases and touches

    def stages_in_group(self, group: str) -> list[str]:
        return [row.stage for row in self.rows if row.group == group and row.stage in self.casework]

    @cached_property
    def stage_groups(self) -> list[tuple[str, list[str]]]:
        """Each group's label and its stages, in the groups' order: the workload screen's columns."""
        return [(label, self.stages_in_group(key)) for key, label in self.groups.items()]

    @cached_property
    def group_index(self) -> dict[str, int]:
        """Each stage's group, as its index in ``stage_groups``."""
        keys = list(self.groups)
        return {row.stage: keys.index(row.group) for row in self.rows if row.stage in self.casework}

    def stages_in_retention(self, retention: str) -> list[str]:
        """The stages whose closed (or, for approval, any) cases the retention rule ``retention`` covers."""
        return [row.stage for row in self.rows if row.retention == retention]

    @cached_property
    def touches(self) -> dict[str, Touch]:
        """The touch reaching each stage records, for the stages where it records one."""
        return {row.stage: Touch(row.phase, row.touch_channel) for row in self.rows if row.touch_channel}

    # The funnel, the timeliness steps and the quarterly return

    @cached_property
    def funnel_steps(self) -> list[tuple[str, str]]:
        """(stage, name) of each funnel step, in order."""
        return [(row.stage, row.funnel) for row in self.rows if row.funnel]

    def funnel_index(self, stage: str) -> int:
        """The index of the funnel step that starts at ``stage``."""
        return [step for step, _ in self.funnel_steps].index(stage)

    def funnel_step(self, stage: str) -> int | None:
        """The furthest funnel step a household at ``stage`` has reached; None before the first."""
        reached = sum(1 for row in self.rows[: self.position(stage) + 1] if row.funnel)
        return reached - 1 if reached else None

    @cached_property
    def timeliness_steps(self) -> list[tuple[str, str]]:
        """(code, label) of each step, in the timeliness screen's order."""
        return [(step.code, step.label) for step in self.steps]

    @cached_property
    def step_points(self) -> list[tuple[str, str, str]]:
        """(code, start point, end point) of each step."""
        return [(step.code, step.start, step.end) for step in self.steps]

    @cached_property
    def return_dates(self) -> dict[str, str]:
        """The quarterly return's field carrying each stage's date, for the stages that have one."""
        return {row.stage: row.return_date for row in self.rows if row.return_date}


# fmt: off
RECRUITMENT = Journey(
    name="recruitment",
    choices=Stage,
    start=Stage.ENQUIRY,
    groups={
        "enquiry": "Enquiry to information event",
        "roi": "Registration of interest",
        "stage_one": "Stage one and break",
        "stage_two": "Stage two and panel",
        "approved": "Approved",
    },
    retention_classes=(CLOSED_EARLY, CLOSED_IN_ASSESSMENT, APPROVED),
    points=(FIRST_CONTACT, STAGE_ONE_END),
    hand_over_at=Stage.INITIAL_CONVERSATION,
    closure_reasons=(
        ClosureReason.WITHDREW_CIRCUMSTANCES, ClosureReason.WITHDREW_HEALTH, ClosureReason.WITHDREW_FERTILITY,
        ClosureReason.WITHDREW_HOUSING, ClosureReason.WITHDREW_FINANCES, ClosureReason.WITHDREW_OTHER_AGENCY,
        ClosureReason.WITHDREW_FOSTERING, ClosureReason.ROI_DECLINED, ClosureReason.NOT_SUITABLE_STAGE_ONE,
        ClosureReason.NOT_APPROVED_STAGE_TWO, ClosureReason.LAPSED_AFTER_BREAK, ClosureReason.LOST_CONTACT,
        ClosureReason.TRANSFERRED, ClosureReason.MOVED_OUT_OF_AREA, ClosureReason.APPROVAL_ENDED,
        ClosureReason.DUPLICATE,
    ),
    rows=(
        # Known, not yet a case: someone who asked for the information pack and has not enquired. Their
        # touch is the request itself, on the information packs channel; their enquiry opens the case.
        Row(Stage.PACK_REQUESTED, group="enquiry", retention=CLOSED_EARLY,
            phase=None, touch_channel=None),
        # Known, not a case: a family (approved, adoptive, or anyone we did not know) who booked a family
        # event and has not enquired about adopting. Their touch is each booking, on "Networking
        # opportunities" in after care; no move leads here, so the table's touch is never recorded as a
        # stage's, and it is the phase a newsletter subscriber known only from family events is in.
        Row(Stage.FAMILY_EVENT_BOOKED, group="enquiry", retention=CLOSED_EARLY,
            phase=AFTER_CARE, touch_channel=NETWORKING),
        Row(Stage.ENQUIRY, group="enquiry", retention=CLOSED_EARLY, return_date="enquiry_date",
            phase=None, touch_channel=None, funnel="Enquiry",  # its touch is on the channel it came by
            moves=(Stage.INITIAL_CONVERSATION, Stage.INFORMATION_EVENT, Stage.REGISTRATION_OF_INTEREST)),
        # An outcome, no touch: the enquiries team's call answering the enquiry, which has credited the
        # channel the household came by; the pack it sends is a touch on "Information packs" of its own.
        Row(Stage.INITIAL_CONVERSATION, group="enquiry", retention=CLOSED_EARLY,
            phase=None, touch_channel=None, funnel="Initial conversation",
            moves=(Stage.INFORMATION_EVENT, Stage.REGISTRATION_OF_INTEREST)),
        Row(Stage.INFORMATION_EVENT, group="enquiry", retention=CLOSED_EARLY,
            phase=FACT_FINDING, touch_channel=INFORMATION_EVENTS, funnel="Information event",
            moves=(Stage.REGISTRATION_OF_INTEREST,)),
        # They came back to decide: the decision phase's "Revisited channels".
        Row(Stage.REGISTRATION_OF_INTEREST, group="roi", retention=CLOSED_EARLY, return_date="roi_date",
            phase=DECISION, touch_channel=REVISITED_CHANNELS, funnel="Registration of interest",
            moves=(Stage.ROI_ACCEPTED,)),
        # An outcome, no touch: the agency's decision on the registration, not a contact the household makes.
        Row(Stage.ROI_ACCEPTED, group="roi", retention=CLOSED_IN_ASSESSMENT,
            phase=None, touch_channel=None,
            moves=(Stage.STAGE_ONE, Move(Stage.STAGE_TWO, only=FAST_TRACK))),
        # From stage one to approval (and on through matching and placement) the agency keeps them
        # updated and supported: phase 5, "the process and adoption". After care (phase 6) begins with
        # the adoption order, the journey's last stage.
        Row(Stage.STAGE_ONE, group="stage_one", retention=CLOSED_IN_ASSESSMENT, return_date="stage_one_start",
            phase=PROCESS, touch_channel=AGENCY_CHANNELS, funnel="Stage one",
            moves=(Stage.BREAK, Stage.STAGE_TWO)),
        Row(Stage.BREAK, group="stage_one", retention=CLOSED_IN_ASSESSMENT, detour=True,
            phase=PROCESS, touch_channel=AGENCY_CHANNELS,
            moves=(Stage.STAGE_TWO,)),
        Row(Stage.STAGE_TWO, group="stage_two", retention=CLOSED_IN_ASSESSMENT, return_date="stage_two_start",
            phase=PROCESS, touch_channel=AGENCY_CHANNELS, funnel="Stage two",
            moves=(Stage.PANEL,)),
        Row(Stage.PANEL, group="stage_two", retention=CLOSED_IN_ASSESSMENT, return_date="panel_date",
            phase=PROCESS, touch_channel=AGENCY_CHANNELS,
            moves=(Stage.APPROVED,)),
        Row(Stage.APPROVED, group="approved", retention=APPROVED, return_date="approval_date",
            phase=PROCESS, touch_channel=AGENCY_CHANNELS, funnel="Approved",
            # A family approved for a child already known to the agency (often early permanence) may be
            # linked straight away.
            moves=(Stage.FAMILY_FINDING, Stage.ON_HOLD, by_link(Stage.LINKED))),
        # After approval the family waits while family finding looks for a child, is linked with one, is
        # matched at the matching panel, the child is placed, and the court makes the adoption order.
        # Counted with the approved households on the workload screen and kept as they are; no funnel
        # step (the funnel ends at approval) and no return date (the quarterly return has no column).
        # On hold, a pause: no touch, since nobody reached anyone, and no move but back to waiting.
        Row(Stage.ON_HOLD, group="approved", retention=APPROVED, detour=True,
            phase=None, touch_channel=None,
            moves=(Stage.FAMILY_FINDING,)),
        # An outcome, no touch: the family-finding team taking the family on is the agency's step; the
        # approval has put them in phase 5 already.
        Row(Stage.FAMILY_FINDING, group="approved", retention=APPROVED,
            phase=None, touch_channel=None,
            moves=(by_link(Stage.LINKED), Stage.ON_HOLD)),
        # The link meeting, the matching panel the family attends and the introductions: the agency keeping
        # them informed and supported, phase 5's "Agency channels". A link that ends goes back to waiting.
        Row(Stage.LINKED, group="approved", retention=APPROVED,
            phase=PROCESS, touch_channel=AGENCY_CHANNELS,
            moves=(by_link(Stage.MATCHED), by_link(Stage.FAMILY_FINDING))),
        Row(Stage.MATCHED, group="approved", retention=APPROVED,
            phase=PROCESS, touch_channel=AGENCY_CHANNELS,
            moves=(by_link(Stage.PLACED), by_link(Stage.FAMILY_FINDING))),
        Row(Stage.PLACED, group="approved", retention=APPROVED,
            phase=PROCESS, touch_channel=AGENCY_CHANNELS,
            moves=(by_link(Stage.ADOPTION_ORDER), by_link(Stage.FAMILY_FINDING))),
        # The end of recruitment: with the order the family moves to after care (phase 6), where the
        # agency's networking opportunities (support groups, family events) are for them; the newsletter
        # puts them in the after-care segment from here.
        Row(Stage.ADOPTION_ORDER, group="approved", retention=APPROVED,
            phase=AFTER_CARE, touch_channel=NETWORKING,
            moves=()),
    ),
    steps=(
        Step("enquiry_to_contact", "Enquiry to first contact",
             Stage.ENQUIRY, FIRST_CONTACT),
        Step("enquiry_to_conversation", "Enquiry to initial conversation",
             Stage.ENQUIRY, Stage.INITIAL_CONVERSATION),
        Step("enquiry_to_registration", "Enquiry to registration of interest",
             Stage.ENQUIRY, Stage.REGISTRATION_OF_INTEREST),
        Step("registration_to_decision", "Registration of interest to decision",
             Stage.REGISTRATION_OF_INTEREST, Stage.ROI_ACCEPTED),
        Step("accepted_to_stage_one", "ROI accepted to start of stage one",
             Stage.ROI_ACCEPTED, Stage.STAGE_ONE),
        Step("stage_one", "Stage one (start to decision)",
             Stage.STAGE_ONE, STAGE_ONE_END),
        Step("stage_two", "Stage two (start to panel)",
             Stage.STAGE_TWO, Stage.PANEL),
        Step("panel_to_approval", "Panel to approval",
             Stage.PANEL, Stage.APPROVED),
        Step("enquiry_to_approval", "Enquiry to approval",
             Stage.ENQUIRY, Stage.APPROVED),
    ),
)


def _service(name, *, stages, groups, closure_reasons, hand_over_at=None):
    """A service's journey: its stages one after another, each a workload group of its own, all kept
    under the service cases' retention rule, no touches, no funnel."""
    rows = tuple(
        Row(stage, group=stage, retention=SERVICE_CLOSED, moves=tuple(stages[index + 1 : index + 2]))
        for index, stage in enumerate(stages)
    )
    return Journey(
        name=name, choices=Stage, start=stages[0], groups=dict(zip(stages, groups, strict=True)),
        retention_classes=(SERVICE_CLOSED,), points=(FIRST_CONTACT,), rows=rows,
        closure_reasons=(*closure_reasons, ClosureReason.LOST_CONTACT, ClosureReason.MOVED_OUT_OF_AREA,
                         ClosureReason.DUPLICATE),
        # A one-stage service stays with the central team until someone hands it over.
        hand_over_at=hand_over_at or (stages[1] if len(stages) > 1 else ""),
    )


# Adoption support (business case 3.1): a request, the assessment of need, a support plan. The three-year
# rule (who is responsible) is worked out from what the family told us (``crm.selectors.support_council``).
SUPPORT = _service(
    "adoption support",
    stages=(Stage.SUPPORT_REQUEST, Stage.SUPPORT_ASSESSMENT, Stage.SUPPORT_PLAN),
    groups=("New requests", "Assessment of need", "Support plan"),
    closure_reasons=(ClosureReason.SUPPORT_PROVIDED, ClosureReason.REFERRED_TO_COUNCIL,
                     ClosureReason.SIGNPOSTED, ClosureReason.NO_LONGER_NEEDED),
)
# Adopted adults and birth relatives: access to records, intermediary services, letterbox contact.
RECORDS = _service(
    "adopted adults and birth relatives",
    stages=(Stage.RECORDS_REQUEST, Stage.RECORDS_IN_PROGRESS),
    groups=("New requests", "Work under way"),
    closure_reasons=(ClosureReason.RECORDS_SHARED, ClosureReason.SIGNPOSTED, ClosureReason.NO_LONGER_NEEDED),
)
STEP_PARENT = _service(
    "step-parent adoption",
    stages=(Stage.STEP_PARENT_ENQUIRY, Stage.STEP_PARENT_ASSESSMENT),
    groups=("New enquiries", "Assessment"),
    closure_reasons=(ClosureReason.ASSESSMENT_COMPLETE, ClosureReason.SIGNPOSTED, ClosureReason.NO_LONGER_NEEDED),
)
INTER_COUNTRY = _service(
    "inter-country adoption",
    stages=(Stage.INTER_COUNTRY_ENQUIRY, Stage.INTER_COUNTRY_ASSESSMENT),
    groups=("New enquiries", "Assessment"),
    closure_reasons=(ClosureReason.ASSESSMENT_COMPLETE, ClosureReason.SIGNPOSTED, ClosureReason.NO_LONGER_NEEDED),
)
ADVICE = _service(
    "advice for professionals",
    stages=(Stage.ADVICE_REQUEST,),
    groups=("Requests",),
    closure_reasons=(ClosureReason.ADVICE_GIVEN, ClosureReason.SIGNPOSTED),
)
OTHER = _service(
    "other requests",
    stages=(Stage.OTHER_REQUEST,),
    groups=("Requests",),
    closure_reasons=(ClosureReason.ADVICE_GIVEN, ClosureReason.SIGNPOSTED, ClosureReason.NO_LONGER_NEEDED),
)
# fmt: on

# Every journey, by the enquiry type it serves.
JOURNEYS: dict[str, Journey] = {
    EnquiryType.ADOPTING: RECRUITMENT,
    EnquiryType.SUPPORT: SUPPORT,
    EnquiryType.RECORDS: RECORDS,
    EnquiryType.STEP_PARENT: STEP_PARENT,
    EnquiryType.INTER_COUNTRY: INTER_COUNTRY,
    EnquiryType.ADVICE: ADVICE,
    EnquiryType.OTHER: OTHER,
}


def journey_for(service: str) -> Journey:
    """The journey of a household's service (``Household.service``, an ``EnquiryType``)."""
    return JOURNEYS[service]


def journey_of_stage(stage: str) -> Journey:
    """The journey a stage belongs to: each stage is in exactly one (``crm.checks`` makes sure)."""
    return next(journey for journey in JOURNEYS.values() if journey.has(stage))


def stages_in_retention(kind: str) -> list[str]:
    """Every journey's stages whose closed (or, for approval, any) cases ``kind`` covers."""
    return [stage for journey in JOURNEYS.values() for stage in journey.stages_in_retention(kind)]


# What the Insight reports read, under the names they have always used.
FUNNEL_STEPS = RECRUITMENT.funnel_steps
STEP_LABELS = [label for _, label in FUNNEL_STEPS]
# The funnel's two conversions: enquiry to registration of interest, and enquiry to approval.
ROI_STEP = RECRUITMENT.funnel_index(Stage.REGISTRATION_OF_INTEREST)
APPROVED_STEP = RECRUITMENT.funnel_index(Stage.APPROVED)
STAGE_GROUPS = RECRUITMENT.stage_groups
STAGE_GROUP_OF = RECRUITMENT.group_index
TIMELINESS_STEPS = RECRUITMENT.timeliness_steps
# The quarterly return's dates and the journey dates (``JourneyDates``) each is read from. The enquiry
# date is the household's own first enquiry; the stage one decision is the first move on from stage one.
RETURN_JOURNEY_FIELDS = {
    **{name: f"{stage}_on" for stage, name in RECRUITMENT.return_dates.items() if stage != RECRUITMENT.start},
    "stage_one_moved_on": f"{LEFT_STAGE_ONE}_on",
}

"""System checks that the journey table (``crm.journey``) and the rest of the CRM agree.

A stage added to ``Stage`` with no row, or a row naming something that does not exist, fails
``manage.py check`` (and so every ``runserver``, ``migrate`` and CI run) with an error naming the
stage or step, instead of a ``KeyError`` on the first household to reach it. The clock table is data,
so it is checked only when a database is named (``manage.py check --database default``).
"""

from collections.abc import Iterable

from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from crm.journey import JOURNEYS, KINDRED_PHASES, RECRUITMENT, Journey

TABLE = "crm/journey.py"


def _q(value) -> str:
    """A stage or point as the table spells it, quoted: 'stage_one', not Stage.STAGE_ONE."""
    return repr(str(value))


def _error(message: str, hint: str, code: int) -> Error:
    return Error(message, hint=hint, obj=TABLE, id=f"crm.E{code:03d}")


def journey_errors(journey: Journey, *, journey_dates=None, household=None) -> list[Error]:
    """Everything wrong with ``journey``: each fault is one error naming the stage or step at fault.

    With ``journey_dates`` (the ``JourneyDates`` model), also that it has a date column for every
    stage; with ``household`` (the ``Household`` model), that every condition on a move names one
    of its fields. Every one of its choices that no other journey of ``JOURNEYS`` has must have a row.
    """
    errors = []
    name = journey.name
    choices = journey.choices
    labels = dict(choices.choices)
    known = set(choices.values)
    listed = [str(row.stage) for row in journey.rows]

    others = {stage for other in JOURNEYS.values() if other.name != name for stage in other.stages}
    for stage in choices.values:
        if stage not in listed and stage not in others:
            errors.append(
                _error(
                    f"The stage {stage!r} ({labels[stage]}) has no row in the {name} journey table.",
                    f"Add a Row for {stage!r} to {TABLE}, in the same place as in {choices.__name__}, with "
                    "its moves, workload group, retention class and Kindred phase.",
                    1,
                )
            )
    for stage in dict.fromkeys(listed):
        if stage not in known:
            errors.append(
                _error(
                    f"The {name} journey table has a row for {stage!r}, which is not a stage.",
                    f"Add {stage!r} to {choices.__name__} (with its migration), or remove the row.",
                    2,
                )
            )
        elif listed.count(stage) > 1:
            errors.append(
                _error(
                    f"The {name} journey table has {listed.count(stage)} rows for {stage!r}.",
                    "Keep one row per stage.",
                    2,
                )
            )
    in_table = [stage for stage in dict.fromkeys(listed) if stage in known]
    expected = [stage for stage in choices.values if stage in listed]
    if in_table != expected:
        errors.append(
            _error(
                f"The {name} journey table lists its stages in a different order from {choices.__name__}: "
                f"{', '.join(in_table)}; {choices.__name__} has {', '.join(expected)}.",
                f"Put the rows in {TABLE} in {choices.__name__}'s order.",
                3,
            )
        )

    # A stage with no row is named once (crm.E001), not again by every move or step that leads to it.
    stages = known
    if journey.start not in stages:
        errors.append(
            _error(
                f"The {name} journey starts at {_q(journey.start)}, which is not a stage.",
                f"Start the journey in {TABLE} at the stage an enquiry opens a case at.",
                4,
            )
        )
    for row in journey.rows:
        for move in row.moves:
            if move.to not in stages:
                errors.append(
                    _error(
                        f"The row for {_q(row.stage)} moves on to {_q(move.to)}, which is not a stage of the "
                        f"{name} journey.",
                        f"Correct the move in {TABLE}, or add the stage it leads to.",
                        4,
                    )
                )
            if move.only is not None and household is not None and not _has_field(household, move.only.flag):
                errors.append(
                    _error(
                        f"The move from {_q(row.stage)} to {_q(move.to)} is only for households with "
                        f"{move.only.flag!r}, which a household does not have.",
                        f"Name one of the household's yes/no fields in the condition in {TABLE}.",
                        12,
                    )
                )
        if row.group not in journey.groups:
            errors.append(
                _error(
                    f"The row for {_q(row.stage)} is in the workload group {row.group!r}, which the {name} "
                    f"journey does not have (it has {', '.join(journey.groups)}).",
                    f"Use one of the groups, or add the group to the journey in {TABLE}.",
                    6,
                )
            )
        if row.retention not in journey.retention_classes:
            errors.append(
                _error(
                    f"The row for {_q(row.stage)} has the retention class {_q(row.retention)}, which the {name} "
                    f"journey does not have (it has {', '.join(journey.retention_classes)}).",
                    "Use one of the journey's retention classes, or add a RetentionRule kind and its "
                    "selector for the new one.",
                    7,
                )
            )
        if row.phase is not None and row.phase not in KINDRED_PHASES:
            errors.append(
                _error(
                    f"The row for {_q(row.stage)} is in Kindred phase {row.phase!r}; the phases are 1 to 6.",
                    "Give the phase a household reaching this stage is in, as a number from 1 to 6.",
                    8,
                )
            )

    points = stages | set(journey.points)
    for step in journey.steps:
        for end, point in (("starts", step.start), ("ends", step.end)):
            if point not in points:
                errors.append(
                    _error(
                        f"The timeliness step {step.code!r} ({step.label}) {end} at {_q(point)}, which is "
                        f"neither a stage nor a point of the {name} journey ({', '.join(journey.points)}).",
                        f"Start and end the step at a stage or one of the journey's points in {TABLE}.",
                        5,
                    )
                )

    if journey_dates is not None:
        columns = {field.name for field in journey_dates._meta.get_fields()}
        for stage in listed:
            if stage in known and f"{stage}_on" not in columns:
                errors.append(
                    _error(
                        f"{journey_dates.__name__} has no column {stage}_on for the date a household "
                        f"first reached {stage!r}.",
                        f"Add {stage}_on = models.DateField(null=True, blank=True) to "
                        f"{journey_dates.__name__}, in the same migration as the new stage.",
                        9,
                    )
                )
    return errors


def journeys_errors(journeys: dict[str, Journey], choices) -> list[Error]:
    """No stage of ``choices`` is in two journeys, and each service's journey is sound."""
    errors = []
    for stage in choices.values:
        owners = [journey.name for journey in journeys.values() if stage in journey.stages]
        if len(owners) > 1:
            errors.append(
                _error(
                    f"The stage {stage!r} ({choices(stage).label}) is in the journeys {', '.join(owners)}.",
                    f"Give {stage!r} a Row in exactly one journey in {TABLE}.",
                    15,
                )
            )
    for journey in journeys.values():
        if journey is not RECRUITMENT:
            errors += journey_errors(journey)
    return errors


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def clock_errors(journey: Journey, clocks: Iterable[tuple[str, str, str, str]], kinds) -> list[Error]:
    """Each clock (code, kind, starts at, stops at) that names a stage the journey lacks, or an unknown kind."""
    errors = []
    stages = set(journey.stages)
    for code, kind, starts, stops in clocks:
        for end, stage in (("starts", starts), ("stops", stops)):
            if stage and stage not in stages:
                errors.append(
                    Error(
                        f"The timescale {code!r} {end} at {stage!r}, which is not a stage of the "
                        f"{journey.name} journey.",
                        hint="Change the timescale under Enquiries → Timescales to start and stop at a stage.",
                        obj="crm.Clock",
                        id="crm.E010",
                    )
                )
        if kind not in kinds:
            errors.append(
                Error(
                    f"The timescale {code!r} is of kind {kind!r}, which is neither a timescale nor a stall rule.",
                    hint="Change its type under Enquiries → Timescales.",
                    obj="crm.Clock",
                    id="crm.E011",
                )
            )
    return errors


def _ours(app_configs) -> bool:
    return app_configs is None or any(config.name == "crm" for config in app_configs)


@register(Tags.models)
def journey_table_matches_stages(app_configs=None, **kwargs) -> list[Error]:
    """Every ``Stage`` has a row in the journey table, and the table names only what exists."""
    if not _ours(app_configs):
        return []
    from crm.models import STAGES_BEFORE_ENQUIRY, STAGES_ON_RECORD_BEFORE_ENQUIRY, Household, JourneyDates

    errors = journey_errors(RECRUITMENT, journey_dates=JourneyDates, household=Household)
    errors += journeys_errors(JOURNEYS, RECRUITMENT.choices)
    before = [str(stage) for stage in RECRUITMENT.before_start]
    if RECRUITMENT.start in RECRUITMENT.stages and before != [str(stage) for stage in STAGES_BEFORE_ENQUIRY]:
        errors.append(
            _error(
                f"The journey table has {before or 'no stages'} before {_q(RECRUITMENT.start)}, where "
                f"crm.models.STAGES_BEFORE_ENQUIRY (what casework leaves out) has "
                f"{[str(stage) for stage in STAGES_BEFORE_ENQUIRY]}.",
                "Keep STAGES_BEFORE_ENQUIRY in crm/models/choices.py to the rows before the start.",
                13,
            )
        )
    for stage in STAGES_ON_RECORD_BEFORE_ENQUIRY:
        if stage not in STAGES_BEFORE_ENQUIRY:
            errors.append(
                _error(
                    f"crm.models.STAGES_ON_RECORD_BEFORE_ENQUIRY has {_q(stage)}, which is not a stage before "
                    f"{_q(RECRUITMENT.start)}: staff open every case's record already.",
                    "List in STAGES_ON_RECORD_BEFORE_ENQUIRY only stages of STAGES_BEFORE_ENQUIRY.",
                    14,
                )
            )
    return errors


@register(Tags.database)
def clocks_name_stages_of_the_journey(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """Every clock starts and stops at a stage of the journey. Like Django's own database checks,
    this runs only when databases are named, and says nothing before the table exists."""
    if not databases or not _ours(app_configs):
        return []
    from crm.models import Clock

    try:
        clocks = list(Clock.objects.values_list("code", "kind", "starts_at_stage", "stops_at_stage"))
    except DatabaseError:
        return []
    errors = []
    for clock in clocks:
        journey = next((journey for journey in JOURNEYS.values() if clock[2] in journey.stages), RECRUITMENT)
        errors += clock_errors(journey, [clock], kinds=Clock.Kind.values)
    return errors

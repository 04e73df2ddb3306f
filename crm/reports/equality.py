"""The Equality of access screen: who enquires, and how far they get, by the equality questions' answers,
by what households are open to, and by household type. Managers only; aggregates only.

Definitions
-----------
- The households counted are recruitment (adopting) cases whose first enquiry falls in the dates (as
  the Funnel screen's cohorts), in the council chosen. A household *reached* a step when its stage now
  is that step or a later one (``crm.reports.funnel.funnel_step``), as on the Funnel screen.
- The equality tables count **people**: the applicant, and the partner of a household adopting as a
  couple (or whose partner answered). Each person counts at the step their household reached. A person
  with an answer set who left a question blank is "Not answered"; a person with no answer set at all is
  "No answers given".
- Disability is the census's measure from its two questions (``crm.equality.disability``).
- *Open to* counts **households**: open to brothers and sisters, older children (5 and over), a child
  with a disability or extra needs, or early permanence, as they said when they enquired
  (``Household.interests``) or as their matching profile records (yes or maybe; ages 5 and over), or
  the household's early permanence flag. A household may be open to several, so those rows overlap.
- *Household type* counts households: on their own, or as a couple (``Household.household_type``). A
  couple is a *same-sex couple* when both people answered the sex question, with the same answer; the
  CRM records nothing else that says so, so every other couple is "other or not known".

Every count under 5 is hidden, on screen, in the charts and in the downloads, with whatever figure would
give it back (``core.reports.tables.protect``), for managers too: these are special category data.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.forms import DateRangeForm
from core.reports.periods import day_bounds
from core.reports.queries import reporting
from core.reports.tables import (
    Cell,
    Column,
    Group,
    Kind,
    Report,
    Table,
    add_column_groups,
    count,
    percent,
    protect,
    text,
)
from core.reports.views import ReportView
from crm import equality
from crm.journey import FUNNEL_STEPS
from crm.models import AgeBand, EqualityAnswers, Household, HouseholdType, Interest, Openness, Stage
from crm.reports.funnel import funnel_step
from crm.reports.scope import CouncilMixin

EQUALITY_AUDIENCES = {Audience.EVERYONE}
STEPS = (Stage.ENQUIRY, Stage.REGISTRATION_OF_INTEREST, Stage.STAGE_ONE, Stage.STAGE_TWO, Stage.APPROVED)
STEP_INDEX = [[step for step, _ in FUNNEL_STEPS].index(stage) for stage in STEPS]
STEP_LABELS = [dict(FUNNEL_STEPS)[stage] for stage in STEPS]
APPROVED_PERCENT = "% of enquirers approved"
NOT_ANSWERED = "Not answered"
NO_ANSWERS = "No answers given"
OPEN = (Openness.YES, Openness.MAYBE)
OLDER_BANDS = {AgeBand("5_7"), AgeBand("8_plus")}
SINGLE, SAME_SEX, COUPLE_OTHER, TYPE_UNKNOWN = (
    "On their own",
    "Couple, same sex (both answered the sex question alike)",
    "Couple, other or not known",
    "Not recorded",
)
OPEN_TO = (
    ("siblings", "Brothers and sisters"),
    ("older", "Older children (5 and over)"),
    ("disability", "A child with a disability or extra needs"),
    ("early_permanence", "Early permanence"),
)
PEOPLE_NOTE = (
    "People, not households: the applicant and, for a couple, their partner, each at the step their "
    "household has reached."
)


@dataclass(frozen=True)
class EqualityFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


@dataclass
class Person:
    step: int  # how many of ``STEPS`` the household reached, 1 to 5
    answers: EqualityAnswers | None


def _reached(stage: str) -> int:
    furthest = funnel_step(stage)
    return sum(1 for index in STEP_INDEX if furthest >= index)


def _funnel_row(label: str, reached: list[int], groups: list[Group]) -> list[Cell]:
    cells = [count(number) for number in reached]
    for index in range(len(cells) - 1):
        # Those who stopped at a step: never shown, but implied by two neighbouring counts.
        stopped = Cell(reached[index] - reached[index + 1], Kind.COUNT, implicit=True)
        groups.append(Group((stopped, cells[index + 1]), cells[index]))
    return [text(label), *cells, percent(cells[-1], cells[0])]


def _counts(steps: list[int]) -> list[int]:
    return [sum(1 for step in steps if step > index) for index in range(len(STEPS))]


FUNNEL_COLUMNS = [*(Column(label) for label in STEP_LABELS), Column(APPROVED_PERCENT, Kind.PERCENT)]


def _funnel_table(
    key: str,
    caption: str,
    first: str,
    rows: list[tuple[str, list[int]]],
    everyone: list[int],
    groups,
    note="",
) -> Table:
    """A table whose rows (each person or household in exactly one) add up to the total row."""
    body = [_funnel_row(label, _counts(steps), groups) for label, steps in rows]
    total = _funnel_row("Total", _counts(everyone), groups)
    add_column_groups(groups, body, total, range(1, len(STEPS) + 1))
    return Table(
        key=key,
        caption=caption,
        columns=[Column(first, Kind.TEXT), *FUNNEL_COLUMNS],
        rows=body,
        totals=[total],
        note=note,
    )


def _answer_of(person: Person, question: equality.Question) -> str:
    if person.answers is None:
        return NO_ANSWERS
    code = getattr(person.answers, question.key)
    if not code:
        return NOT_ANSWERED
    return question.group_of(code) if question.groups else question.words(code)


def _disability_of(person: Person) -> str:
    if person.answers is None:
        return NO_ANSWERS
    return equality.disability(person.answers.long_term_condition, person.answers.day_to_day) or NOT_ANSWERED


def _by_answer(people: list[Person], labels: list[str], answer_of) -> list[tuple[str, list[int]]]:
    steps: dict[str, list[int]] = defaultdict(list)
    for person in people:
        steps[answer_of(person)].append(person.step)
    return [(label, steps[label]) for label in [*labels, NOT_ANSWERED, NO_ANSWERS]]


def _question_labels(question: equality.Question) -> list[str]:
    if question.groups:
        return [group for group, _ in question.groups] + [equality.PREFER_NOT_LABEL]
    return [words for _, words in question.all_choices]


@reporting()
def equality_report(*, user, date_from: dt.date, date_to: dt.date, council: str = "") -> Report:
    """Answers to each equality question, and the funnel by each, by what households are open to and by
    household type, for the households that first enquired in the dates (small numbers always hidden)."""
    audience = audience_require(user, EQUALITY_AUDIENCES)
    starts, ends = day_bounds(date_from, date_to)
    households = (
        Household.objects.active()
        .recruitment()
        .filter(first_enquiry_at__gte=starts, first_enquiry_at__lt=ends)
    )
    if council:
        households = households.filter(council=council)
    found = list(
        households.order_by("pk").values_list(
            "pk",
            "stage",
            "household_type",
            "interests",
            "early_permanence",
            "matching_profile__siblings",
            "matching_profile__disability",
            "matching_profile__age_bands",
        )
    )
    answers: dict[int, dict[str, EqualityAnswers]] = defaultdict(dict)
    for answer_set in EqualityAnswers.objects.filter(household__in=households.order_by().values("pk")):
        answers[answer_set.household_id][answer_set.person] = answer_set
    people: list[Person] = []
    household_steps: list[int] = []
    by_type: dict[str, list[int]] = defaultdict(list)
    open_to: dict[str, list[int]] = defaultdict(list)
    for pk, stage, household_type, interests, early, siblings, disability, bands in found:
        step = _reached(stage)
        household_steps.append(step)
        own = answers.get(pk, {})
        couple = household_type == HouseholdType.COUPLE or EqualityAnswers.Person.PARTNER in own
        people.append(Person(step, own.get(EqualityAnswers.Person.APPLICANT)))
        if couple:
            people.append(Person(step, own.get(EqualityAnswers.Person.PARTNER)))
        by_type[_household_type(household_type, couple, own)].append(step)
        interests = set(interests or [])
        flags = {
            "siblings": Interest.SIBLINGS in interests or siblings in OPEN,
            "older": Interest.OLDER_CHILDREN in interests or bool(OLDER_BANDS & set(bands or [])),
            "disability": Interest.DISABILITY in interests or disability in OPEN,
            "early_permanence": Interest.EARLY_PERMANENCE in interests or early,
        }
        for key, is_open in flags.items():
            if is_open:
                open_to[key].append(step)
    everyone = [person.step for person in people]
    groups: list[Group] = []
    tables = {"response": _response_table(people, groups)}
    for question in equality.QUESTIONS:
        if question.key in ("long_term_condition", "day_to_day"):
            continue
        rows = _by_answer(people, _question_labels(question), lambda p, q=question: _answer_of(p, q))
        tables[question.key] = _funnel_table(
            question.key,
            f"{question.label}: people by the furthest step reached",
            question.label,
            rows,
            everyone,
            groups,
            PEOPLE_NOTE,
        )
        if question.groups:
            tables["ethnic_group_detail"] = _detail_table(question, people, tables[question.key], groups)
    disability_labels = [
        equality.DISABLED_A_LOT,
        equality.DISABLED_A_LITTLE,
        equality.NOT_DISABLED,
        equality.PREFER_NOT_LABEL,
    ]
    tables["disability"] = _funnel_table(
        "disability",
        "Disability (the census's measure): people by the furthest step reached",
        "Disability",
        _by_answer(people, disability_labels, _disability_of),
        everyone,
        groups,
        PEOPLE_NOTE,
    )
    tables["open_to"] = _open_to_table(open_to, household_steps, groups)
    tables["household_type"] = _funnel_table(
        "household_type",
        "Households by type and the furthest step reached",
        "Household type",
        [(label, by_type[label]) for label in (SINGLE, SAME_SEX, COUPLE_OTHER, TYPE_UNKNOWN)],
        household_steps,
        groups,
        "Households. A couple is counted as a same-sex couple only when both people answered the sex "
        "question, with the same answer; the case records nothing else that says so.",
    )
    report = Report(audience=audience, tables=tables, groups=groups)
    report.notes.append(
        "Recruitment households whose first enquiry is in these dates, at the step they have reached now. "
        "Answers are optional and kept apart from each case; no figure here is about one person."
    )
    # Special category data: small numbers are hidden for everyone who sees this screen.
    protect(tables.values(), groups)
    return report


def _household_type(household_type: str, couple: bool, own: dict) -> str:
    if household_type == HouseholdType.SINGLE and not couple:
        return SINGLE
    if not couple:
        return TYPE_UNKNOWN
    sexes = [getattr(own.get(person), "sex", "") for person in EqualityAnswers.Person.values]
    if all(sex in ("female", "male") for sex in sexes) and sexes[0] == sexes[1]:
        return SAME_SEX
    return COUPLE_OTHER


def _response_table(people: list[Person], groups: list[Group]) -> Table:
    found: dict[str, int] = defaultdict(int)
    for person in people:
        found[person.answers.get_asked_display() if person.answers else NO_ANSWERS] += 1
    labels = [*(label for _, label in EqualityAnswers.Asked.choices), NO_ANSWERS]
    cells = [count(found[label]) for label in labels]
    total = count(len(people))
    groups.append(Group(tuple(cells), total))
    return Table(
        key="response",
        caption="Who answered the equality questions, and where",
        columns=[Column("Answered", Kind.TEXT), Column("People"), Column("% of people", Kind.PERCENT)],
        rows=[[text(label), cell, percent(cell, total)] for label, cell in zip(labels, cells, strict=True)],
        totals=[[text("Total"), total, percent(total, total)]],
        note=PEOPLE_NOTE,
    )


def _detail_table(
    question: equality.Question, people: list[Person], broad: Table, groups: list[Group]
) -> Table:
    """The 19 census categories: how many people enquired in each, under the 5 groups they add up to."""
    found: dict[str, int] = defaultdict(int)
    for person in people:
        code = getattr(person.answers, question.key, "") if person.answers else ""
        found[code] += 1
    rows = []
    for group, members in question.groups:
        cells = [count(found[code]) for code, _ in members]
        groups.append(Group(tuple(cells), broad.cell(group, STEP_LABELS[0])))
        rows += [[text(f"{group}: {words}"), cell] for (_, words), cell in zip(members, cells, strict=True)]
    for label in (equality.PREFER_NOT_LABEL, NOT_ANSWERED, NO_ANSWERS):
        rows.append([text(label), broad.cell(label, STEP_LABELS[0])])
    total = broad.totals[0][1]
    groups.append(Group(tuple(row[1] for row in rows), total))
    return Table(
        key="ethnic_group_detail",
        caption="Ethnic group in the census's 19 categories: people who enquired",
        columns=[Column("Ethnic group", Kind.TEXT), Column("People who enquired")],
        rows=rows,
        totals=[[text("Total"), total]],
        note=PEOPLE_NOTE,
    )


def _open_to_table(open_to: dict[str, list[int]], household_steps: list[int], groups: list[Group]) -> Table:
    rows = [_funnel_row(label, _counts(open_to[key]), groups) for key, label in OPEN_TO]
    total = _funnel_row("All households", _counts(household_steps), groups)
    return Table(
        key="open_to",
        caption="Households by what they are open to and the furthest step reached",
        columns=[Column("Open to", Kind.TEXT), *FUNNEL_COLUMNS],
        rows=rows,
        totals=[total],
        note=(
            "Households. As they said when they enquired, or as their matching profile records (yes or maybe), "
            "or their early permanence flag. A household may be open to several, so the rows overlap."
        ),
    )


class EqualityForm(CouncilMixin, DateRangeForm):
    pass


class EqualityView(ReportView):
    page_title = "Equality of access"
    url_name = "insight_equality"
    audiences = EQUALITY_AUDIENCES
    form_class = EqualityForm
    intro = (
        "Whether we reach, and approve, people of every background, and the families our waiting children "
        "need: the optional equality answers, what households are open to and household type, by how far "
        "each household has got."
    )

    def report(self, data):
        return equality_report(
            user=self.request.user,
            date_from=data["date_from"],
            date_to=data["date_to"],
            council=data.get("council") or "",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["protected"] = True
        return context

    def chart(self, table, report):
        if table.key == "response":
            return charts.table_bars(
                table, "People", chart_id="chart-response", title="Who answered the equality questions"
            )
        if table.key == "ethnic_group_detail":
            return charts.table_bars(
                table,
                "People who enquired",
                chart_id="chart-ethnic-group-detail",
                title="People who enquired, by ethnic group (19 categories)",
            )
        return charts.table_bars(
            table,
            STEP_LABELS[0],
            chart_id=f"chart-{table.key.replace('_', '-')}",
            title=f"Enquiries by {table.columns[0].label.lower()}",
        )

"""The adopter's voice: what people told us in the four short surveys (``crm.surveys``), for staff and the Board.

For each survey: how many were invited and answered, how the answers to each question spread over the
five points and their mean, and the answers and means by quarter; each table with a chart beside it and
a download (CSV or XLSX) of exactly what is shown.

**The small-number rule applies to everyone here, managers included**: the answers are people's own
views, many given anonymously, and a handful of them from one team in one quarter could point to who
gave them. So every count of fewer than 5 reads "fewer than 5" (in the table, its chart and its
download), whatever would give it back is "not shown", and a mean of fewer than 5 answers is not shown.

Who sees what, as the other Insight screens: managers every team's answers, workers their own team's
(every answer keeps the team of the household that gave it), marketing editors the totals. The free-text
comments are for managers only (they are people's own words, which can name them or others): a table of
them, each with the person's name and reference only when they chose to put their name to it.

Dates: an answer is dated by the month it was given (nothing finer is kept, so an anonymous answer
cannot be matched to its invitation by time); an invitation by the day it was sent.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from core.reports import charts
from core.reports.access import Audience, audience_require
from core.reports.periods import Cohort, day_bounds, periods
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
from crm.models import SurveyInvitation, SurveyResponse
from crm.reports.scope import CouncilForWorkersForm
from crm.reports.timeliness import TIMELINESS_AUDIENCES
from crm.selectors import staff_member_for
from crm.surveys import SCALE, SURVEYS, Survey

VOICE_AUDIENCES = TIMELINESS_AUDIENCES
POINT_COLUMNS = [f"{point} {words}" for point, words in SCALE]
ANONYMOUS = "Anonymous"
SMALL_NUMBER_NOTE = (
    "Every count of fewer than 5 answers reads “fewer than 5”, for everyone, and a mean of fewer than 5 answers "
    "is not shown: the answers are people's own views, and a few could point to who gave them. Downloads and "
    "charts hide the same figures."
)


@dataclass(frozen=True)
class VoiceFilters:
    date_from: dt.date
    date_to: dt.date
    council: str = ""


def _team_ids(user, audience: Audience) -> list[int] | None:
    """Workers count their own teams' answers and invitations (None: every team's)."""
    if audience != Audience.TEAM:
        return None
    staff = staff_member_for(user)
    return list(staff.team_ids()) if staff else []


def _responses(user, audience: Audience, filters: VoiceFilters) -> QuerySet[SurveyResponse]:
    responses = SurveyResponse.objects.filter(
        month__range=(filters.date_from.replace(day=1), filters.date_to)
    )
    if (teams := _team_ids(user, audience)) is not None:
        responses = responses.filter(team_id__in=teams)
    return responses.filter(council=filters.council) if filters.council else responses


def _invitations(user, audience: Audience, filters: VoiceFilters) -> QuerySet[SurveyInvitation]:
    starts, ends = day_bounds(filters.date_from, filters.date_to)
    invitations = SurveyInvitation.objects.filter(sent_at__gte=starts, sent_at__lt=ends)
    if (teams := _team_ids(user, audience)) is not None:
        invitations = invitations.filter(household__team_id__in=teams)
    return invitations.filter(household__council=filters.council) if filters.council else invitations


@reporting()
def voice_report(*, user, filters: VoiceFilters) -> Report:
    """The surveys' invitations and answers, each question's spread and mean, by quarter; comments for managers."""
    audience = audience_require(user, VOICE_AUDIENCES)
    responses = list(
        _responses(user, audience, filters).order_by("-month", "-pk").select_related("household")
    )
    invitations = list(_invitations(user, audience, filters).order_by().values_list("kind", "answered"))
    groups: list[Group] = []
    tables = {"responses": _responses_table(responses, invitations, groups)}
    for survey in SURVEYS:
        answers = [response for response in responses if response.kind == survey.kind]
        tables[f"questions_{survey.kind}"] = _questions_table(survey, answers, groups)
        tables[f"quarters_{survey.kind}"] = _quarters_table(survey, answers, filters, groups)
    if audience == Audience.EVERYONE:
        tables["comments"] = _comments_table(responses)
    report = Report(audience=audience, tables=tables, groups=groups)
    if audience == Audience.TEAM:
        report.notes.append("These figures cover the answers from your own team's cases.")
    protect(tables.values(), groups)
    return report


def _responses_table(responses: list[SurveyResponse], invitations: list[tuple], groups: list[Group]) -> Table:
    numbers: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for kind, answered in invitations:
        numbers[kind][0] += 1
        numbers[kind][1] += answered
    for response in responses:
        numbers[response.kind][2 + (not response.is_named)] += 1
    rows = [_responses_row(survey.title, numbers[survey.kind], groups) for survey in SURVEYS]
    total = _responses_row(
        "All surveys", [sum(numbers[survey.kind][index] for survey in SURVEYS) for index in range(4)], groups
    )
    add_column_groups(groups, rows, total, [1, 2, 4, 5, 6])
    return Table(
        key="responses",
        caption="Invitations and answers, by survey",
        columns=[
            Column("Survey", Kind.TEXT),
            Column("Invitations sent"),
            Column("Of them answered"),
            Column("% answered", Kind.PERCENT),
            Column("Answers given"),
            Column("With a name"),
            Column("Anonymous"),
        ],
        rows=rows,
        totals=[total],
        note="Invitations sent in these dates and how many of them have been answered; the answers given in the "
        "months of these dates, with a name or anonymously.",
    )


def _responses_row(label: str, numbers: list[int], groups: list[Group]) -> list[Cell]:
    sent, answered, named, anonymous = (count(number) for number in numbers)
    given = count(numbers[2] + numbers[3])
    groups.append(Group((answered, Cell(numbers[0] - numbers[1], Kind.COUNT, implicit=True)), sent))
    groups.append(Group((named, anonymous), given))
    return [text(label), sent, answered, percent(answered, sent), given, named, anonymous]


def _mean(total: int, answered: Cell) -> Cell:
    return Cell(total / answered.value if answered.value else None, Kind.SCORE, depends=(answered,))


def _questions_table(survey: Survey, responses: list[SurveyResponse], groups: list[Group]) -> Table:
    rows = []
    for number, question in enumerate(survey.questions, 1):
        given = [response.answers[question.key] for response in responses if question.key in response.answers]
        points = [count(sum(1 for value in given if value == point)) for point, _ in SCALE]
        answered = count(len(given))
        groups.append(Group(tuple(points), answered))
        rows.append([text(f"{number}. {question.text}"), answered, *points, _mean(sum(given), answered)])
    return Table(
        key=f"questions_{survey.kind}",
        caption=f"{survey.title}: how far people agreed with each sentence",
        columns=[
            Column("Question", Kind.TEXT),
            Column("Answers"),
            *(Column(label) for label in POINT_COLUMNS),
            Column("Mean (1 to 5)", Kind.SCORE),
        ],
        rows=rows,
        note=f"Sent {survey.sent}. Each answer is a point from 1 (strongly disagree) to 5 (strongly agree); the "
        "mean is their average.",
    )


def _quarters_table(
    survey: Survey, responses: list[SurveyResponse], filters: VoiceFilters, groups: list[Group]
) -> Table:
    found: dict[str, list[SurveyResponse]] = defaultdict(list)
    for response in responses:
        found[f"{response.month.year}-Q{(response.month.month - 1) // 3 + 1}"].append(response)
    rows = []
    for quarter in periods(filters.date_from, filters.date_to, Cohort.QUARTER):
        answers = found[quarter.key]
        given = count(len(answers))
        means = [
            _mean(sum(response.answers.get(question.key, 0) for response in answers), given)
            for question in survey.questions
        ]
        rows.append([text(quarter.label), given, *means])
    total = count(sum(len(answers) for answers in found.values()))
    groups.append(Group(tuple(row[1] for row in rows), total))
    questions = "; ".join(f"{number}. {question.text}" for number, question in enumerate(survey.questions, 1))
    return Table(
        key=f"quarters_{survey.kind}",
        caption=f"{survey.title}: answers and each question's mean, by quarter",
        columns=[
            Column("Quarter", Kind.TEXT),
            Column("Answers"),
            *(
                Column(f"Question {number}: mean", Kind.SCORE)
                for number in range(1, len(survey.questions) + 1)
            ),
        ],
        rows=rows,
        totals=[[text("Total"), total, *(Cell(None, Kind.SCORE) for _ in survey.questions)]],
        note=f"The questions: {questions}",
    )


def _comments_table(responses: list[SurveyResponse]) -> Table:
    """Managers only: what people wrote, newest first; a name only where they chose to give it."""
    titles = {survey.kind: survey.title for survey in SURVEYS}
    rows = [
        [
            text(titles[response.kind]),
            text(f"{response.month:%B %Y}"),
            text(
                f"{response.household.display_name} ({response.household.reference})"
                if response.household
                else ANONYMOUS
            ),
            text(response.comment),
        ]
        for response in responses
        if response.comment
    ]
    return Table(
        key="comments",
        caption="What people wrote (managers only)",
        columns=[
            Column("Survey", Kind.TEXT),
            Column("Month", Kind.TEXT),
            Column("Name", Kind.TEXT),
            Column("Comment", Kind.TEXT),
        ],
        rows=rows,
        note="People's own words, newest first. A name is shown only where they chose to put their name to "
        "their answers. Shown to managers only; take care before sharing any outside the agency.",
    )


class VoiceView(ReportView):
    page_title = "The adopter's voice"
    url_name = "insight_voice"
    audiences = VOICE_AUDIENCES
    form_class = CouncilForWorkersForm
    protected_note = SMALL_NUMBER_NOTE
    intro = (
        "What people told us in four short surveys: after an information evening, after the first contact, "
        "after approval and a year after placement. For the Board: download each table as CSV or XLSX."
    )

    def report(self, data):
        return voice_report(
            user=self.request.user,
            filters=VoiceFilters(
                date_from=data["date_from"], date_to=data["date_to"], council=data.get("council") or ""
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The small-number rule holds here for everyone, so everyone is told.
        context["protected"] = context.get("report") is not None
        return context

    def chart(self, table, report):
        kind = table.key.partition("_")[2]
        if table.key == "responses":
            return charts.table_bars(
                table, "Answers given", chart_id="chart-voice-responses", title="Answers given, by survey"
            )
        if table.key.startswith("questions_"):
            return charts.table_stacks(
                table,
                POINT_COLUMNS,
                "Answers",
                chart_id=f"chart-voice-questions-{kind}",
                title=f"{table.caption.partition(':')[0]}: the spread of answers to each question",
            )
        if table.key.startswith("quarters_"):
            return charts.table_lines(
                table,
                [column.label for column in table.columns[2:]],
                chart_id=f"chart-voice-quarters-{kind}",
                title=f"{table.caption.partition(':')[0]}: each question's mean, by quarter",
            )
        return None

"""The adopter's voice: four short surveys, defined once, in one table.

Each ``Survey`` says when it is sent (what starts it and how long after), its questions with the
version of their wording, and its words for the person answering. The daily due-finder
(``crm.services.surveys``), the public page (``crm.views.surveys``), the Insight screen
(``crm.reports.voice``) and the subject access file all read this table and keep no list of their own.

Every question is a statement answered on the same five points, from "Strongly disagree" (1) to
"Strongly agree" (5), so a mean is meaningful and questions can be compared. Changing a question's
wording changes what its answers mean: give it a new ``key`` and raise the survey's ``version``, so
the report counts the new question from its first answer and no answer is read as the old one.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from crm.models import SurveyKind

# The five points, with the words shown beside each radio button.
SCALE: tuple[tuple[int, str], ...] = (
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
)
POINTS = tuple(point for point, _ in SCALE)
POINT_WORDS = dict(SCALE)
# A link works this long after it was sent; the page then says the survey has closed.
LINK_LIFETIME = dt.timedelta(days=60)
# How far back the daily run looks past each survey's delay: a missed day (or a week) is caught up,
# but starting surveys never sends one about something long past.
CATCH_UP = dt.timedelta(days=30)
COMMENT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Question:
    key: str
    text: str


@dataclass(frozen=True)
class Survey:
    """One survey: what it is about, when it is sent, and its questions (``version`` of their wording)."""

    kind: str
    title: str
    # For staff and the report: what starts it and how long after it is sent.
    sent: str
    delay: dt.timedelta
    version: int
    questions: tuple[Question, ...]
    # The person's own words: the page's heading and the line under it, and the comment box's question.
    heading: str
    intro: str
    comment_label: str

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions)


# fmt: off
SURVEYS: tuple[Survey, ...] = (
    Survey(
        kind=SurveyKind.INFORMATION_EVENT,
        title="After an information event",
        sent="1 day after an information evening the person attended (their booking is marked attended)",
        delay=dt.timedelta(days=1),
        version=1,
        heading="How was the information evening?",
        intro="You came to one of our information evenings. Please tell us how it was for you.",
        questions=(
            Question("explained", "The evening explained clearly what adopting involves."),
            Question("questions", "I could ask the questions I wanted to ask."),
            Question("welcome", "I felt welcome, whoever I am and whatever my circumstances."),
            Question("next_steps", "I know what to do next if I want to go on."),
        ),
        comment_label="Is there anything else you would like to tell us about the evening?",
    ),
    Survey(
        kind=SurveyKind.FIRST_CONTACT,
        title="After the first contact",
        sent="7 days after the first call that reached them",
        delay=dt.timedelta(days=7),
        version=1,
        heading="How was your first conversation with us?",
        intro="You got in touch with us about adopting, and we spoke to you. Please tell us how it went.",
        questions=(
            Question("prompt", "We got back to you quickly after you got in touch."),
            Question("listened", "The person I spoke to listened to me."),
            Question("honest", "I was given honest, clear information."),
            Question("next_steps", "I know what happens next."),
        ),
        comment_label="Is there anything else you would like to tell us about your first contact with us?",
    ),
    Survey(
        kind=SurveyKind.APPROVAL,
        title="After approval",
        sent="14 days after they were approved as adopters",
        delay=dt.timedelta(days=14),
        version=1,
        heading="How was your assessment?",
        intro="Congratulations on your approval. Please tell us how your assessment was for you.",
        questions=(
            Question("prepared", "The assessment prepared me well for adopting."),
            Question("informed", "I was kept informed about where things were and what came next."),
            Question("respected", "I was treated with respect throughout."),
            Question("supported", "My social worker supported me well."),
            Question("panel", "I knew what to expect at the approval panel."),
        ),
        comment_label="Is there anything else you would like to tell us about your assessment?",
    ),
    Survey(
        kind=SurveyKind.PLACEMENT_YEAR,
        title="A year after placement",
        sent="365 days after a child was placed with them for adoption, unless the placement ended",
        delay=dt.timedelta(days=365),
        version=1,
        heading="How has your first year together been?",
        intro="It is a year since your child came to live with you. Please tell us how we have supported you.",
        questions=(
            Question("support", "We have had the support we needed since our child came home."),
            Question("where_to_turn", "We know where to turn for help when we need it."),
            Question("prepared", "Looking back, we were well prepared for life as an adoptive family."),
            Question("recommend", "I would recommend adopting with APSE to a friend."),
        ),
        comment_label="Is there anything else you would like to tell us?",
    ),
)
# fmt: on

SURVEY_BY_KIND: dict[str, Survey] = {survey.kind: survey for survey in SURVEYS}


def survey_for(kind: str) -> Survey:
    return SURVEY_BY_KIND[kind]

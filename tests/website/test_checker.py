import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import add_page
from website.checker import (
    BARRED,
    FINE,
    LEVEL_BY_KEY,
    LEVELS,
    NOT_YET,
    TALK,
    CheckerForm,
    checker_evaluate,
)
from website.models import CheckerPage

QUESTIONS = [
    {
        "key": "age",
        "question": "Are you 21 or over?",
        "help_text": "",
        "options": [
            {"label": "Yes", "outcome": FINE, "feedback": "You are old enough."},
            {"label": "No", "outcome": NOT_YET, "feedback": "You can adopt from 21."},
        ],
    },
    {
        "key": "treatment",
        "question": "Are you having fertility treatment?",
        "help_text": "IVF or similar.",
        "options": [
            {"label": "No", "outcome": FINE, "feedback": "Fine."},
            {"label": "Finished recently", "outcome": TALK, "feedback": "Let's talk about timing."},
            {"label": "Yes, now", "outcome": NOT_YET, "feedback": "Finish treatment first."},
        ],
    },
]


@pytest.mark.parametrize(
    ("choices", "outcome"),
    [
        ({"age": 0, "treatment": 0}, FINE),
        ({"age": 0, "treatment": 1}, TALK),
        ({"age": 0, "treatment": 2}, NOT_YET),
        ({"age": 1, "treatment": 1}, NOT_YET),
        ({"age": 1, "treatment": 0}, NOT_YET),
    ],
)
def test_overall_outcome_is_the_most_cautious_answer(choices, outcome):
    assert checker_evaluate(questions=QUESTIONS, choices=choices).outcome == outcome


def test_each_answer_keeps_its_own_feedback():
    result = checker_evaluate(questions=QUESTIONS, choices={"age": 0, "treatment": 1})
    assert [(answer.answer, answer.feedback) for answer in result.answers] == [
        ("Yes", "You are old enough."),
        ("Finished recently", "Let's talk about timing."),
    ]
    assert [answer.key for answer in result.answers_with(TALK)] == ["treatment"]


def test_form_requires_every_question_and_rejects_unknown_options():
    form = CheckerForm({"age": "0", "treatment": "7"}, questions=QUESTIONS)
    assert not form.is_valid()
    assert "treatment" in form.errors
    form = CheckerForm({"age": "0"}, questions=QUESTIONS)
    assert form.errors["treatment"] == ["Choose an answer for: Are you having fertility treatment?"]


@pytest.fixture
def checker(home_page):
    return add_page(
        home_page,
        CheckerPage,
        title="Can I adopt?",
        slug="can-i-adopt",
        questions=[("question", question) for question in QUESTIONS],
        talk_heading="Talk to us first",
        talk_text="<p>Call us for a chat.</p>",
    )


@pytest.mark.django_db
def test_page_shows_every_question_as_a_fieldset(client, checker):
    html = client.get(checker.url).content.decode()
    assert html.count("<fieldset") == 2
    assert "Question 1 of 2" in html
    assert 'aria-describedby="treatment-hint"' in html


@pytest.mark.django_db
def test_result_shows_outcome_feedback_and_next_steps(client, checker):
    response = client.post(checker.url, {"age": "0", "treatment": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Talk to us first" in html
    assert "Call us for a chat." in html
    assert "Let&#x27;s talk about timing." in html
    assert "Talk to us about adopting" in html
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_missing_answer_shows_errors_and_keeps_the_other_answers(client, checker):
    response = client.post(checker.url, {"age": "0"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_treatment_0"' in html
    assert html.count("Choose an answer for: Are you having fertility treatment?") == 2
    assert 'id="id_age_0" value="0" checked' in html
    assert "<title>Error: " in html


@pytest.mark.django_db
def test_an_empty_post_shows_every_question_as_missing(client, checker):
    # The page is cached whole, so its form carries no token: nothing ticked posts an empty body.
    response = client.post(checker.url, {})
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_age_0"' in html and 'href="#id_treatment_0"' in html
    assert "Your result" not in html


@pytest.mark.django_db
def test_checker_stores_nothing(client, checker):
    client.get(checker.url)  # site settings are created on the very first request to a site
    with CaptureQueriesContext(connection) as queries:
        client.post(checker.url, {"age": "1", "treatment": "2"})
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "sessionid" not in client.cookies


BARRING_QUESTIONS = [
    *QUESTIONS,
    {
        "key": "convictions",
        "question": "Has anyone aged 18 or over in your home had a conviction or caution?",
        "help_text": "",
        "options": [
            {"label": "No", "outcome": FINE, "feedback": "Fine."},
            {"label": "Yes, another offence", "outcome": TALK, "feedback": "Tell us early."},
            {"label": "Yes, against a child", "outcome": BARRED, "feedback": "The law names this."},
        ],
    },
]


@pytest.mark.parametrize(
    ("choices", "outcome"),
    [
        ({"age": 0, "treatment": 0, "convictions": 2}, BARRED),
        ({"age": 1, "treatment": 2, "convictions": 2}, BARRED),
        ({"age": 1, "treatment": 1, "convictions": 1}, NOT_YET),
        ({"age": 0, "treatment": 0, "convictions": 1}, TALK),
    ],
)
def test_a_statutory_bar_outranks_every_other_answer(choices, outcome):
    assert checker_evaluate(questions=BARRING_QUESTIONS, choices=choices).outcome == outcome


def test_levels_run_from_least_to_most_serious():
    assert [level.key for level in LEVELS] == [FINE, TALK, NOT_YET, BARRED]
    assert not LEVEL_BY_KEY[BARRED].invites_to_events


def test_the_deciding_answer_comes_first_and_the_rest_most_serious_first():
    result = checker_evaluate(
        questions=BARRING_QUESTIONS, choices={"age": 0, "treatment": 1, "convictions": 2}
    )
    assert [answer.key for answer in result.deciding_answers] == ["convictions"]
    assert [answer.key for answer in result.other_answers] == ["treatment", "age"]


def test_nothing_decides_a_result_with_nothing_in_the_way():
    result = checker_evaluate(
        questions=BARRING_QUESTIONS, choices={"age": 0, "treatment": 0, "convictions": 0}
    )
    assert result.deciding_answers == []
    assert [answer.key for answer in result.other_answers] == ["age", "treatment", "convictions"]


def test_an_outcome_the_code_does_not_know_is_never_taken_as_fine():
    questions = [{**QUESTIONS[0], "options": [{"label": "Yes", "outcome": "retired", "feedback": "?"}]}]
    assert checker_evaluate(questions=questions, choices={"age": 0}).outcome == TALK


@pytest.fixture
def barring_checker(home_page):
    return add_page(
        home_page,
        CheckerPage,
        title="Can I adopt?",
        slug="can-i-adopt",
        intro="Answer 3 questions. It takes about 2 minutes.",
        questions=[("question", question) for question in BARRING_QUESTIONS],
        talk_heading="This doesn't mean you can't adopt",
        barred_heading="The law does not allow us to approve you",
        barred_text="<p>Regulation 25 says so.</p>",
    )


@pytest.mark.django_db
def test_the_headline_comes_from_the_statutory_bar_and_its_answer_is_shown_first(client, barring_checker):
    html = client.post(
        barring_checker.url, {"age": "0", "treatment": "1", "convictions": "2"}
    ).content.decode()
    assert re.search(r'<h2 id="result-heading"[^>]*>The law does not allow us to approve you</h2>', html)
    assert "This doesn&#x27;t mean you can&#x27;t adopt" not in html
    order = [
        html.index(text)
        for text in ("The law names this.", "Regulation 25 says so.", "Let&#x27;s talk about timing.")
    ]
    assert order == sorted(order)
    assert "Talk to us in confidence" in html
    assert "Come to an information evening" not in html


@pytest.mark.django_db
def test_the_page_says_once_how_long_the_checker_takes(client, barring_checker):
    html = client.get(barring_checker.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("minutes") == 1
    assert "We do not keep your answers." in main


@pytest.mark.django_db
def test_a_missing_answer_puts_focus_on_the_error_summary(client, barring_checker):
    html = client.post(barring_checker.url, {"age": "0"}).content.decode()
    assert re.search(r'<div class="error-summary"[^>]*autofocus', html)
    assert html.index("There is a problem") < html.index("<h1")

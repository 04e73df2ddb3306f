"""The adopter's voice on Insight: figures worked out by hand, the small-number rule for everyone, and who sees what."""

import csv
import datetime as dt
import io

from django.test import Client

import pytest

from core.reports.tables import FEWER_THAN_5, NOT_SHOWN
from crm.models import Household, Source, SurveyInvitation, SurveyKind, SurveyResponse
from crm.reports.voice import VoiceFilters, voice_report
from crm.services import enquiry_create
from crm.surveys import survey_for
from tests.factories import UserFactory, enquiry_details, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

FIRST = survey_for(SurveyKind.FIRST_CONTACT)
APPROVAL = survey_for(SurveyKind.APPROVAL)
HALF_YEAR = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 6, 30)}


@pytest.fixture
def world(crm_reference):
    kent = staff_member("kent.worker", council="kent")
    medway = staff_member("medway.worker", council="medway")
    manager = staff_member("manager", role="manager", council=None)
    households = []
    for number in range(10):
        details = enquiry_details(first_name=f"Person{number}", email=f"p{number}@example.com", phone="")
        household = enquiry_create(source=Source.WEB, details=details).household
        households.append(household)
    Household.objects.filter(pk__in=[h.pk for h in households]).update(team=kent.team, council="kent")
    # Ten invited in February 2026 to the first-contact survey; seven answered.
    for number, household in enumerate(households):
        SurveyInvitation.objects.create(
            household=household,
            kind=SurveyKind.FIRST_CONTACT,
            occasion="first-contact",
            sent_at=dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC),
            answered=number < 7,
        )
    # Their seven answers, two with a name: the first question 5,5,5,5,5,4,4; every other question 4.
    for number, first_point in enumerate([5, 5, 5, 5, 5, 4, 4]):
        answers = dict.fromkeys(FIRST.keys, 4)
        answers[FIRST.keys[0]] = first_point
        SurveyResponse.objects.create(
            kind=SurveyKind.FIRST_CONTACT,
            version=1,
            month=dt.date(2026, 2, 1),
            answers=answers,
            comment="Lovely people" if number == 0 else ("Slow to call back" if number == 6 else ""),
            household=households[number] if number in (0, 1) else None,
            team=kent.team,
            council="kent",
        )
    # Two answers to the approval survey: too few to show anything.
    for _ in range(2):
        SurveyResponse.objects.create(
            kind=SurveyKind.APPROVAL,
            version=1,
            month=dt.date(2026, 5, 1),
            answers=dict.fromkeys(APPROVAL.keys, 5),
            team=kent.team,
            council="kent",
        )
    marketing = UserFactory(username="marketing")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return {
        "kent": kent.user,
        "medway": medway.user,
        "manager": manager.user,
        "marketing": marketing,
        "households": households,
    }


def shown(table) -> list[list[str]]:
    return [[cell.display for cell in row] for row in [*table.rows, *table.totals]]


def report_for(user, **filters):
    return voice_report(user=user, filters=VoiceFilters(**{**HALF_YEAR, **filters}))


@pytest.mark.django_db
def test_each_question_spread_and_mean_by_hand_with_small_numbers_hidden_for_managers_too(world):
    report = report_for(world["manager"])

    questions = report.tables["questions_first_contact"]
    assert questions.header == [
        "Question",
        "Answers",
        "1 Strongly disagree",
        "2 Disagree",
        "3 Neither agree nor disagree",
        "4 Agree",
        "5 Strongly agree",
        "Mean (1 to 5)",
    ]
    first, second = shown(questions)[:2]
    # (5 × 5 + 2 × 4) / 7 = 4.714...; the points of fewer than 5 answers are hidden, even from a manager.
    assert first == [
        f"1. {FIRST.questions[0].text}",
        "7",
        FEWER_THAN_5,
        FEWER_THAN_5,
        FEWER_THAN_5,
        FEWER_THAN_5,
        "5",
        "4.71",
    ]
    assert second == [
        f"2. {FIRST.questions[1].text}",
        "7",
        FEWER_THAN_5,
        FEWER_THAN_5,
        FEWER_THAN_5,
        "7",
        FEWER_THAN_5,
        "4.00",
    ]
    approval = shown(report.tables["questions_approval"])[0]
    assert approval[1] == FEWER_THAN_5 and approval[-1] == NOT_SHOWN


@pytest.mark.django_db
def test_invitations_answers_and_quarters(world):
    report = report_for(world["manager"])

    responses = report.tables["responses"]
    row = shown(responses)[1]
    # Three did not answer: fewer than 5, so the seven who did (which would give the three back) is hidden.
    assert row[:5] == [FIRST.title, "10", NOT_SHOWN, NOT_SHOWN, "7"]
    # Two named and five anonymous: the two are hidden, so the five (which would give them back) is too.
    assert row[5:] == [FEWER_THAN_5, NOT_SHOWN]
    quarters = shown(report.tables["quarters_first_contact"])
    # The empty quarter is "fewer than 5", which the total less the first quarter would give away.
    assert quarters[0][:3] == ["Jan to Mar 2026", NOT_SHOWN, NOT_SHOWN]
    assert quarters[1][:3] == ["Apr to Jun 2026", FEWER_THAN_5, NOT_SHOWN]
    assert quarters[2][:2] == ["Total", "7"]
    one_quarter = shown(
        report_for(world["manager"], date_to=dt.date(2026, 3, 31)).tables["quarters_first_contact"]
    )
    assert one_quarter[0] == ["Jan to Mar 2026", "7", "4.71", "4.00", "4.00", "4.00"]


@pytest.mark.django_db
def test_comments_are_for_managers_with_a_name_only_where_given(world):
    manager = report_for(world["manager"])

    comments = shown(manager.tables["comments"])
    named = world["households"][0]
    assert [
        FIRST.title,
        "February 2026",
        f"{named.display_name} ({named.reference})",
        "Lovely people",
    ] in comments
    assert [FIRST.title, "February 2026", "Anonymous", "Slow to call back"] in comments
    assert "comments" not in report_for(world["kent"]).tables
    assert "comments" not in report_for(world["marketing"]).tables


@pytest.mark.django_db
def test_workers_count_their_own_team_and_marketing_totals(world):
    kent = report_for(world["kent"])
    medway = report_for(world["medway"])
    marketing = report_for(world["marketing"])

    assert shown(kent.tables["responses"])[1][4] == "7"
    assert shown(medway.tables["responses"])[1][4] == FEWER_THAN_5
    assert shown(marketing.tables["responses"])[1][4] == "7"
    assert shown(marketing.tables["questions_first_contact"])[0][-1] == "4.71"


@pytest.mark.django_db
def test_the_screen_and_its_download_hide_the_same_figures(world):
    client = Client()
    client.force_login(world["manager"])
    query = "date_from=2026-01-01&date_to=2026-06-30"

    page = client.get(f"/admin/insight/adopters-voice/?{query}")
    download = client.get(
        f"/admin/insight/adopters-voice/?{query}&download=csv&table=questions_first_contact"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "The adopter&#x27;s voice" in html or "The adopter's voice" in html
    assert 'id="chart-voice-questions-first_contact-title"' in html
    assert "Lovely people" in html
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    first = next(row for row in rows if row and row[0].startswith("1. "))
    assert first[1:] == ["7", FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5, "5", "4.71"]


@pytest.mark.django_db
def test_people_without_a_role_are_turned_away(world):
    client = Client()
    client.force_login(UserFactory(username="nobody"))

    response = client.get("/admin/insight/adopters-voice/")

    assert response.status_code in (302, 404)
    assert "Lovely people" not in response.content.decode()

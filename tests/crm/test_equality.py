"""The optional equality questions: their words and version, the page after an enquiry, the registration's
optional part, privacy, and the Equality of access screen on a hand-built history."""

import csv
import datetime as dt
import io
import zipfile

from django.http import Http404
from django.test import Client
from django.utils import timezone

import pytest

from core.personal_data import Anchor, Person
from core.reports.tables import FEWER_THAN_5, NOT_SHOWN, PEOPLE
from crm import equality
from crm.models import EqualityAnswers, Household, Source
from crm.reports.equality import equality_report
from crm.services import enquiry_create, households_merge
from crm.services.equality import equality_answers_save, equality_link_token
from crm.services.privacy import person_erase, subject_access_export
from tests.crm.applicant_helpers import sign_in_as
from tests.factories import UserFactory, enquiry_details, staff_member

ENQUIRY = EqualityAnswers.Asked.ENQUIRY
APPLICANT, PARTNER = EqualityAnswers.Person.APPLICANT, EqualityAnswers.Person.PARTNER


def about_you_path(enquiry) -> str:
    return f"/enquire/about-you/{equality_link_token(enquiry=enquiry)}/"


@pytest.fixture
def enquiry(crm_reference):
    return enquiry_create(
        source=Source.WEB, details=enquiry_details(email="sam@example.com", household_type="couple")
    )


# The questions --------------------------------------------------------------------------------


def test_ethnic_group_has_the_census_19_categories_in_5_groups_in_its_words():
    groups = equality.ETHNIC_GROUP.groups
    assert [group for group, _ in groups] == [
        "White",
        "Mixed or Multiple ethnic groups",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Other ethnic group",
    ]
    assert sum(len(members) for _, members in groups) == 19
    assert (
        equality.ETHNIC_GROUP.words("white_british")
        == "White: English, Welsh, Scottish, Northern Irish or British"
    )


@pytest.mark.parametrize("question", equality.QUESTIONS, ids=lambda question: question.key)
def test_every_question_offers_prefer_not_to_say(question):
    assert question.all_choices[-1] == (equality.PREFER_NOT, "Prefer not to say")


def test_age_is_asked_in_bands():
    assert [words for _, words in equality.AGE_BAND.all_choices] == [
        "18 to 24",
        "25 to 34",
        "35 to 44",
        "45 to 54",
        "55 to 64",
        "65 and over",
        "Prefer not to say",
    ]


# After an enquiry -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_thank_you_page_links_to_the_optional_questions_which_record_the_version(enquiry):
    client = Client()
    page = client.get(about_you_path(enquiry))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Every question is optional" in text and "never used to decide anything about you" in text
    assert "About your partner" in text  # a couple: the partner's questions too

    response = client.post(
        about_you_path(enquiry),
        {
            "applicant-ethnic_group": "white_irish",
            "applicant-sex": "female",
            "partner-age_band": "prefer_not",
        },
    )

    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    saved = {answers.person: answers for answers in EqualityAnswers.objects.all()}
    assert saved[APPLICANT].ethnic_group == "white_irish" and saved[APPLICANT].religion == ""
    assert saved[APPLICANT].version == equality.VERSION and saved[APPLICANT].asked == ENQUIRY
    assert saved[PARTNER].age_band == "prefer_not"
    assert "Thank you for your answers" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_an_empty_form_saves_nothing(enquiry):
    response = Client().post(about_you_path(enquiry), {})
    assert response.status_code == 302
    assert not EqualityAnswers.objects.exists()


@pytest.mark.django_db
def test_the_link_never_replaces_answers_already_given(enquiry):
    client = Client()
    client.post(about_you_path(enquiry), {"applicant-religion": "buddhist"})
    client.post(about_you_path(enquiry), {"applicant-religion": "sikh"})
    assert EqualityAnswers.objects.get(person=APPLICANT).religion == "buddhist"


@pytest.mark.django_db
def test_an_answer_not_in_the_list_is_refused_and_what_was_chosen_is_kept(enquiry):
    response = Client().post(
        about_you_path(enquiry), {"applicant-religion": "sikh", "applicant-sex": "<script>"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose one of the answers listed" in text
    assert 'value="sikh" id="id_applicant-religion_sikh" checked' in text
    assert not EqualityAnswers.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJlIjoxfQ:1tAmpEr:xyz"])
def test_a_tampered_or_unknown_link_is_refused_politely(enquiry, token):
    response = Client().get(f"/enquire/about-you/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert "Your enquiry is not affected" in response.content.decode()


@pytest.mark.django_db
def test_an_expired_link_is_refused(enquiry, settings, monkeypatch):
    path = about_you_path(enquiry)
    later = timezone.now() + dt.timedelta(days=8)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    assert Client().get(path).status_code == 404


# In the registration of interest ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_registration_offers_the_questions_as_an_optional_part(enquiry):
    client = Client()
    sign_in_as(client, enquiry.household)
    tasks = client.get("/your-adoption/registration/").content.decode()
    assert (
        "About you: our equality questions" in tasks
        and "You can send your registration without them" in tasks
    )
    assert "You have completed 0 of 7 parts" in tasks  # not one of the parts to finish

    saved = client.post("/your-adoption/registration/equality/", {"applicant-sexual_orientation": "bisexual"})
    assert saved.status_code == 302 and saved["Location"].endswith("?equality=saved")
    answers = EqualityAnswers.objects.get()
    assert answers.sexual_orientation == "bisexual" and answers.asked == EqualityAnswers.Asked.REGISTRATION

    shown_again = client.get("/your-adoption/registration/equality/").content.decode()
    assert 'value="bisexual" id="id_applicant-sexual_orientation_bisexual" checked' in shown_again
    client.post("/your-adoption/registration/equality/", {"applicant-sexual_orientation": "straight"})
    assert EqualityAnswers.objects.get().sexual_orientation == "straight"  # signed in: changed

    removed = client.post("/your-adoption/registration/equality/", {"remove": "1"})
    assert removed["Location"].endswith("?equality=removed")
    assert not EqualityAnswers.objects.exists()


# Kept apart from the case, and privacy ---------------------------------------------------------------


@pytest.mark.django_db
def test_no_worker_screen_shows_the_answers(enquiry):
    household = enquiry.household
    equality_answers_save(
        household=household, person=APPLICANT, answers={"religion": "jewish"}, asked=ENQUIRY, replace=False
    )
    client = Client()
    client.force_login(staff_member("kent.manager", role="manager", council=None).user)
    page = client.get(f"/admin/crm/households/{household.pk}/").content.decode()
    assert household.first_name in page
    assert "Jewish" not in page and "What is your religion" not in page
    assert not hasattr(household, "equality_answers")


@pytest.mark.django_db
def test_subject_access_includes_the_answers_and_erasure_removes_them(enquiry):
    household = enquiry.household
    equality_answers_save(
        household=household,
        person=APPLICANT,
        answers={"ethnic_group": "other_arab"},
        asked=ENQUIRY,
        replace=False,
    )
    manager = staff_member("head", role="manager", council=None).user
    person = Person(household_ids=(household.pk,), emails=frozenset({household.email}))

    exported = subject_access_export(anchor=Anchor("household", household.pk), person=person, by=manager)

    rows = exported.sections["Your answers to our equality questions"]
    assert rows[0]["What is your ethnic group?"] == "Other ethnic group: Arab"
    assert rows[0]["Version of the questions"] == equality.VERSION
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    summary = archive.read(next(name for name in archive.namelist() if name.endswith("summary.html")))
    assert "Other ethnic group: Arab" in summary.decode()

    Household.objects.filter(pk=household.pk).update(closed_at=timezone.now(), closure_reason="withdrew")
    person_erase(person=person, by=manager, reason="Asked to be forgotten")
    assert not EqualityAnswers.objects.exists()


@pytest.mark.django_db
def test_a_merge_keeps_each_persons_answers(crm_reference):
    keep = enquiry_create(source=Source.WEB, details=enquiry_details(email="one@example.com")).household
    remove = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="two@example.com", phone="07700 900999")
    ).household
    equality_answers_save(
        household=remove, person=APPLICANT, answers={"sex": "male"}, asked=ENQUIRY, replace=False
    )
    households_merge(keep=keep, remove=remove, by=staff_member("m", role="manager", council=None).user)
    assert EqualityAnswers.objects.get().household_id == keep.pk


# The Equality of access screen -------------------------------------------------------------------------

ON = timezone.make_aware(dt.datetime(2026, 3, 2, 10))
DATES = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 6, 30)}


def household(number: int, *, stage: str, household_type: str, interests=()) -> Household:
    return Household.objects.create(
        first_name=f"Person{number}",
        email=f"p{number}@example.com",
        council="kent",
        stage=stage,
        household_type=household_type,
        interests=list(interests),
        first_enquiry_at=ON,
    )


def answer(household, person, **answers):
    return equality_answers_save(
        household=household, person=person, answers=answers, asked=ENQUIRY, replace=False
    )


@pytest.fixture
def history(crm_reference):
    """20 people in 14 households, enquiring in March 2026.

    - 6 on their own, white British women aged 35 to 44, open to brothers and sisters: 3 still at
      enquiry, 3 approved;
    - 5 couples of two Black African men aged 25 to 34 (same-sex couples), all at registration of interest;
    - 2 on their own who gave no answers, in stage one;
    - 1 couple, the applicant a woman who preferred not to give her ethnic group, the partner no answers,
      at enquiry.
    """
    for number in range(6):
        one = household(
            number,
            stage="approved" if number < 3 else "enquiry",
            household_type="single",
            interests=["siblings"],
        )
        answer(one, APPLICANT, ethnic_group="white_british", sex="female", age_band="35_44")
    for number in range(10, 15):
        two = household(number, stage="registration_of_interest", household_type="couple")
        for person in (APPLICANT, PARTNER):
            answer(two, person, ethnic_group="black_african", sex="male", age_band="25_34")
    for number in range(20, 22):
        household(number, stage="stage_one", household_type="single")
    last = household(30, stage="enquiry", household_type="couple")
    answer(last, APPLICANT, ethnic_group="prefer_not", sex="female")
    # Outside the dates: not counted.
    Household.objects.filter(pk=household(40, stage="enquiry", household_type="single").pk).update(
        first_enquiry_at=ON - dt.timedelta(days=400)
    )


@pytest.fixture
def manager(history):
    return staff_member("equality.manager", role="manager", council=None).user


def values(table, label):
    return [
        cell.value for cell in next(row for row in [*table.rows, *table.totals] if row[0].value == label)[1:6]
    ]


def shown(table, label):
    return [
        cell.display
        for cell in next(row for row in [*table.rows, *table.totals] if row[0].value == label)[1:7]
    ]


@pytest.mark.django_db
def test_the_funnel_by_ethnic_group_counted_by_hand(manager):
    table = equality_report(user=manager, **DATES).tables["ethnic_group"]

    assert values(table, "White") == [6, 3, 3, 3, 3]
    assert values(table, "Black, Black British, Caribbean or African") == [10, 10, 0, 0, 0]
    assert values(table, "Prefer not to say") == [1, 0, 0, 0, 0]
    assert values(table, "No answers given") == [3, 2, 2, 0, 0]
    assert values(table, "Total") == [20, 15, 5, 3, 3]
    # Under 5 reads "fewer than 5"; the 10 who all reached registration of interest would give away the
    # 0 who stopped at enquiry, so one of the two figures is not shown either.
    assert shown(table, "White")[:2] == ["6", FEWER_THAN_5]
    assert shown(table, "Black, Black British, Caribbean or African")[:3] == ["10", NOT_SHOWN, FEWER_THAN_5]
    assert shown(table, "Total")[:3] == ["20", "15", "5"]


@pytest.mark.django_db
def test_answers_household_type_open_to_and_response_counted_by_hand(manager):
    report = equality_report(user=manager, **DATES)

    assert values(report.tables["sex"], "Female") == [7, 3, 3, 3, 3]
    assert values(report.tables["sex"], "Male") == [10, 10, 0, 0, 0]
    assert values(report.tables["age_band"], "25 to 34")[0] == 10
    assert values(report.tables["age_band"], "Not answered")[0] == 1
    types = report.tables["household_type"]
    assert values(types, "On their own") == [8, 5, 5, 3, 3]
    assert values(types, "Couple, same sex (both answered the sex question alike)") == [5, 5, 0, 0, 0]
    assert values(types, "Couple, other or not known") == [1, 0, 0, 0, 0]
    assert values(types, "Total") == [14, 10, 5, 3, 3]
    assert values(report.tables["open_to"], "Brothers and sisters") == [6, 3, 3, 3, 3]
    response = report.tables["response"]
    assert [row[1].value for row in [*response.rows, *response.totals]] == [17, 0, 3, 20]
    detail = report.tables["ethnic_group_detail"]
    assert (
        detail.cell("White: English, Welsh, Scottish, Northern Irish or British", "People who enquired").value
        == 6
    )


@pytest.mark.django_db
def test_no_count_under_5_is_shown_anywhere_on_the_screen(manager):
    report = equality_report(user=manager, **DATES)
    for table in report.tables.values():
        for row in [*table.rows, *table.totals]:
            for cell in row:
                if cell.kind in PEOPLE and isinstance(cell.value, int) and cell.value < 5:
                    assert cell.hidden, (table.key, row[0].value)


@pytest.mark.django_db
def test_the_screen_chart_and_downloads_hide_the_same_small_numbers(manager):
    client = Client()
    client.force_login(manager)
    query = "?date_from=2026-01-01&date_to=2026-06-30"
    page = client.get(f"/admin/insight/equality/{query}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Equality of access" in text and "A count of fewer than 5 people reads" in text
    chart = text[text.index('id="chart-ethnic-group-title"') :]
    chart = chart[: chart.index("</svg>")]
    # The chart's bars and words: White's 6 shown, the small groups as "fewer than 5", never a figure.
    assert "White: 6" in chart and f"Prefer not to say: {FEWER_THAN_5}" in chart

    download = client.get(f"/admin/insight/equality/{query}&download=csv&table=ethnic_group")
    body = b"".join(download.streaming_content) if download.streaming else download.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    white = next(row for row in rows if row[0] == "White")
    assert white[1:3] == ["6", FEWER_THAN_5]
    for row in rows[1:]:
        for value in row[1:6]:
            assert not (value.isdigit() and int(value) < 5), row
    xlsx = client.get(f"/admin/insight/equality/{query}&download=xlsx&table=sex")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["worker", "marketing"])
def test_only_managers_see_the_screen(history, kind):
    if kind == "worker":
        user = staff_member("kent.worker", council="kent").user
    else:
        from website.roles import MARKETING_EDITORS, roles_sync

        user = UserFactory(username="marketing")
        user.groups.add(roles_sync()[MARKETING_EDITORS])
    client = Client()
    client.force_login(user)
    assert client.get("/admin/insight/equality/").status_code == 404
    assert "Equality of access" not in client.get("/admin/insight/funnel/").content.decode()
    with pytest.raises(Http404):
        equality_report(user=user, **DATES)


@pytest.mark.django_db
def test_the_demo_answers_show_figures_above_the_threshold(crm_reference):
    from website.demo.equality import demo_equality_load
    from website.demo.households import demo_households_load

    demo_households_load()
    answered = demo_equality_load()
    assert answered > 20
    assert demo_equality_load() == 0  # running again adds nothing
    manager = staff_member("demo.manager", role="manager", council=None).user
    today = timezone.localdate()
    report = equality_report(user=manager, date_from=today - dt.timedelta(days=400), date_to=today)
    shown_counts = [
        row[1].value for row in report.tables["ethnic_group"].rows if not row[1].hidden and row[1].value >= 5
    ]
    assert shown_counts, "the demo should show at least one ethnic group's figure"
    assert not report.tables["sex"].cell("Female", "Enquiry").hidden

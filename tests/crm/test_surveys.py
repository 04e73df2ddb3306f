"""The adopter's voice: who is invited when, the signed link, answering named or anonymously, and privacy."""

import datetime as dt

from django.core import mail, signing
from django.test import Client
from django.utils import timezone

import pytest

from core.personal_data import Person
from crm.models import (
    EventBooking,
    Household,
    LinkEndReason,
    SideEffect,
    Stage,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
)
from crm.selectors.surveys import household_surveys, survey_records, surveys_due
from crm.services import (
    booking_create,
    booking_mark_attendance,
    household_close,
    link_end,
    link_match,
    link_place,
    person_erase,
)
from crm.services.surveys import (
    SurveyError,
    survey_answer,
    survey_invitation_for_token,
    survey_invitations_send,
    survey_token,
)
from crm.surveys import SURVEYS, survey_for
from tests.crm.applicant_helpers import sign_in_as
from tests.crm.family_finding_history import approved, link
from tests.crm.survey_helpers import answer_data, contacted, survey_link_from_outbox
from tests.factories import enquiry_details, event_index, event_page, staff_member

FIRST = survey_for(SurveyKind.FIRST_CONTACT)


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent")


def kinds(due) -> set[tuple[str, str, str]]:
    names = dict(Household.objects.values_list("pk", "first_name"))
    return {(names[item.household_id], item.kind, item.occasion) for item in due}


# The due-finder


@pytest.mark.django_db
def test_first_contact_is_due_a_week_after_and_not_before(worker):
    contacted("Week", days_ago=7.1)
    contacted("Days", days_ago=6)
    contacted("Long", days_ago=60)

    assert kinds(surveys_due()) == {("Week", SurveyKind.FIRST_CONTACT, "first-contact")}


@pytest.mark.django_db
def test_approval_is_due_two_weeks_after(worker):
    today = timezone.localdate()
    approved("Anna", "kent", today - dt.timedelta(days=15), worker.user)
    approved("Bert", "kent", today - dt.timedelta(days=3), worker.user)

    due = {item for item in kinds(surveys_due()) if item[1] == SurveyKind.APPROVAL}

    assert due == {("Anna", SurveyKind.APPROVAL, "approval")}


@pytest.mark.django_db
def test_a_year_after_placement_is_due_unless_the_placement_ended(worker):
    today = timezone.localdate()
    placed = []
    for name in ("Cara", "Dina"):
        family = approved(name, "kent", today - dt.timedelta(days=500), worker.user)
        made = link(family, worker.user, today - dt.timedelta(days=420), f"K-{name}1")
        link_match(household=family, by=worker.user, matched_on=today - dt.timedelta(days=400), note="x")
        link_place(household=family, by=worker.user, placed_on=today - dt.timedelta(days=370), note="x")
        placed.append((family, made))
    link_end(
        household=placed[1][0], by=worker.user, ended_on=today, reason=LinkEndReason.PLACEMENT_ENDED, note="x"
    )

    due = {item for item in kinds(surveys_due()) if item[1] == SurveyKind.PLACEMENT_YEAR}

    assert due == {("Cara", SurveyKind.PLACEMENT_YEAR, f"placement-{placed[0][1].pk}")}


@pytest.mark.django_db
def test_an_attended_information_evening_is_due_a_day_after_it_ended(worker, home_page):
    from website.models import EventPage

    events = event_index(home_page)
    evening = event_page(events, title="Information evening", days=5, event_type="information_evening")
    training = event_page(events, title="Preparation training", days=5, event_type="preparation_training")
    bookings = {}
    for name, event in (("Eve", evening), ("Finn", evening), ("Gus", training)):
        details = enquiry_details(first_name=name, email=f"{name.lower()}@example.com", phone="")
        bookings[name] = booking_create(event_id=event.pk, capacity=30, details=details)
    start = timezone.now() - dt.timedelta(days=3)
    EventPage.objects.filter(pk__in=[evening.pk, training.pk]).update(
        start=start, end=start + dt.timedelta(hours=2)
    )
    booking_mark_attendance(booking=bookings["Eve"], attended=True, by=worker.user)
    booking_mark_attendance(booking=bookings["Finn"], attended=False, by=worker.user)
    booking_mark_attendance(booking=bookings["Gus"], attended=True, by=worker.user)

    due = {item for item in kinds(surveys_due()) if item[1] == SurveyKind.INFORMATION_EVENT}

    assert due == {("Eve", SurveyKind.INFORMATION_EVENT, f"event-{evening.pk}")}
    assert EventBooking.objects.get(pk=bookings["Eve"].pk).status == EventBooking.Status.ATTENDED


@pytest.mark.django_db
def test_sending_twice_invites_once_and_emails_a_link(worker, django_capture_on_commit_callbacks):
    household = contacted("Hana", days_ago=8)

    with django_capture_on_commit_callbacks(execute=True):
        first = survey_invitations_send()
    second = survey_invitations_send()

    assert (first, second) == (1, 0)
    invitation = SurveyInvitation.objects.get(household=household)
    assert invitation.kind == SurveyKind.FIRST_CONTACT and not invitation.answered
    effect = SideEffect.objects.get(kind=SideEffect.Kind.SURVEY_INVITATION)
    assert effect.status == SideEffect.Status.DONE
    link = survey_link_from_outbox(household.email)
    assert survey_invitation_for_token(link.rstrip("/").rsplit("/", 1)[1]) == invitation
    assert mail.outbox[-1].subject == "How did we do? A few quick questions"


@pytest.mark.django_db
def test_nobody_closed_merged_erased_or_who_turned_emails_off_is_invited(worker):
    kept = contacted("Ivy", days_ago=8)
    closed = contacted("Jo", days_ago=8)
    household_close(household=closed, reason="withdrew_circumstances", by=worker.user, note="")
    contacted("Kim", days_ago=8, council_postcode="ME14 2XX")
    Household.objects.filter(first_name="Kim").update(status_emails=False)
    contacted("Lou", days_ago=8)
    Household.objects.filter(first_name="Lou").update(survey_emails=False)
    merged = contacted("Max", days_ago=8)
    Household.objects.filter(pk=merged.pk).update(merged_into=kept)
    erased = contacted("Ned", days_ago=8)
    household_close(household=erased, reason="withdrew_circumstances", by=worker.user, note="")
    person_erase(person=Person(household_ids=(erased.pk,)), by=worker.user, reason="Asked to be forgotten")

    assert kinds(surveys_due()) == {("Ivy", SurveyKind.FIRST_CONTACT, "first-contact")}


# The link


@pytest.mark.django_db
def test_a_tampered_expired_or_used_link_cannot_be_answered(worker):
    household = contacted("Olly", days_ago=8)
    survey_invitations_send()
    invitation = SurveyInvitation.objects.get(household=household)
    token = survey_token(invitation)
    client = Client()

    assert client.get(f"/your-voice/{token}x/").status_code == 404
    forged = signing.dumps({"survey": invitation.pk, "nonce": "guess"}, salt="crm.surveys.invitation")
    assert client.get(f"/your-voice/{forged}/").status_code == 404
    assert client.get("/your-voice/not-a-token/").status_code == 404

    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - dt.timedelta(days=61))
    closed = client.get(f"/your-voice/{token}/")
    assert closed.status_code == 410
    assert "This survey has closed" in closed.content.decode()
    with pytest.raises(SurveyError):
        survey_answer(token=token, answers=dict.fromkeys(FIRST.keys, 4), named=False)
    assert SurveyResponse.objects.count() == 0


# Answering


@pytest.mark.django_db
def test_answering_anonymously_keeps_no_link_and_a_second_submit_changes_nothing(worker):
    household = contacted("Pia", days_ago=8)
    survey_invitations_send()
    token = survey_token(SurveyInvitation.objects.get(household=household))
    client = Client()

    page = client.get(f"/your-voice/{token}/")
    assert page.status_code == 200 and FIRST.heading in page.content.decode()
    sent = client.post(f"/your-voice/{token}/", answer_data(FIRST, point=5, comment="Kind and quick."))
    again = client.post(f"/your-voice/{token}/", answer_data(FIRST, point=1, named=True))

    assert sent.status_code == 302
    assert again.status_code == 200 and "Thank you" in again.content.decode()
    response = SurveyResponse.objects.get()
    assert response.household is None
    assert response.answers == dict.fromkeys(FIRST.keys, 5)
    assert response.comment == "Kind and quick."
    assert response.month == timezone.localdate().replace(day=1)
    assert (response.team_id, response.council) == (household.team_id, "kent")
    assert SurveyInvitation.objects.get(household=household).answered is True
    assert household_surveys(household=household).named == []
    assert household_surveys(household=household).answered == 1


@pytest.mark.django_db
def test_answering_with_a_name_links_the_answers_to_the_household(worker):
    household = contacted("Quin", days_ago=8)
    survey_invitations_send()
    token = survey_token(SurveyInvitation.objects.get(household=household))

    Client().post(f"/your-voice/{token}/", answer_data(FIRST, point=3, named=True, comment="Fine."))

    response = SurveyResponse.objects.get()
    assert response.household == household
    shown = household_surveys(household=household)
    assert (shown.sent, shown.answered, len(shown.named)) == (1, 1, 1)
    assert shown.named[0]["answers"][0] == (FIRST.questions[0].text, "Neither agree nor disagree")


@pytest.mark.django_db
def test_a_form_with_errors_says_what_to_fix_and_keeps_what_was_typed(worker):
    household = contacted("Rae", days_ago=8)
    survey_invitations_send()
    token = survey_token(SurveyInvitation.objects.get(household=household))
    data = answer_data(FIRST, comment="My words stay here")
    del data[f"q_{FIRST.keys[1]}"]
    data["name_choice"] = ""

    page = Client().post(f"/your-voice/{token}/", data)

    html = page.content.decode()
    assert page.status_code == 400
    assert "Choose an answer for question 2" in html
    assert "Choose whether to put your name to your answers or answer anonymously" in html
    assert "My words stay here" in html
    assert SurveyResponse.objects.count() == 0


@pytest.mark.django_db
def test_answers_must_be_one_to_five_for_every_question(worker):
    household = contacted("Sol", days_ago=8)
    survey_invitations_send()
    token = survey_token(SurveyInvitation.objects.get(household=household))

    with pytest.raises(SurveyError):
        survey_answer(token=token, answers=dict.fromkeys(FIRST.keys, 6), named=False)
    with pytest.raises(SurveyError):
        survey_answer(token=token, answers={FIRST.keys[0]: 3}, named=False)
    assert SurveyResponse.objects.count() == 0


def test_every_survey_has_three_to_five_questions_and_unique_keys():
    assert {survey.kind for survey in SURVEYS} == set(SurveyKind.values)
    for survey in SURVEYS:
        assert 3 <= len(survey.questions) <= 5
        assert len(set(survey.keys)) == len(survey.keys)


# The applicant's choice


@pytest.mark.django_db
def test_the_applicant_can_turn_surveys_off_on_their_page(worker):
    household = contacted("Tam", days_ago=8)
    client = Client()
    sign_in_as(client, household)

    page = client.get("/your-adoption/")
    response = client.post("/your-adoption/surveys/", {"survey_emails": "no"})
    bad = client.post("/your-adoption/surveys/", {"survey_emails": "maybe"})

    assert "Short surveys about how we did" in page.content.decode()
    assert response.status_code == 302
    assert bad.status_code == 400
    household.refresh_from_db()
    assert household.survey_emails is False
    assert surveys_due() == []


# Privacy


@pytest.mark.django_db
def test_subject_access_holds_invitations_and_named_answers_and_erasure_removes_them(worker):
    named = contacted("Uma", days_ago=8)
    anonymous = contacted("Vic", days_ago=8)
    survey_invitations_send()
    for household, is_named in ((named, True), (anonymous, False)):
        token = survey_token(SurveyInvitation.objects.get(household=household))
        survey_answer(token=token, answers=dict.fromkeys(FIRST.keys, 4), comment="Thanks", named=is_named)

    sections = survey_records([named.pk])
    none_for_anonymous = survey_records([anonymous.pk])

    assert len(sections["Surveys we invited you to"]) == 1
    assert sections["Survey answers you put your name to"][0]["Anything else you told us"] == "Thanks"
    assert none_for_anonymous["Survey answers you put your name to"] == []
    for household in (named, anonymous):
        household_close(household=household, reason="withdrew_circumstances", by=worker.user, note="")
        person_erase(person=Person(household_ids=(household.pk,)), by=worker.user, reason="Asked")
    assert SurveyInvitation.objects.count() == 0
    remaining = SurveyResponse.objects.get()
    assert remaining.household is None and remaining.comment == "Thanks"


@pytest.mark.django_db
def test_the_household_page_shows_a_surveys_line_without_anonymous_answers(worker):
    household = contacted("Wyn", days_ago=8)
    survey_invitations_send()
    token = survey_token(SurveyInvitation.objects.get(household=household))
    survey_answer(token=token, answers=dict.fromkeys(FIRST.keys, 2), comment="Secret words", named=False)
    manager = staff_member("manager", role="manager", council=None)
    client = Client()
    client.force_login(manager.user)

    html = client.get(f"/admin/crm/households/{household.pk}/").content.decode()

    assert "1 sent, 1 answered" in html
    assert "Secret words" not in html
    assert household.stage != Stage.APPROVED

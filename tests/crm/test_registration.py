"""The registration of interest online: each step checked, saved as it goes, resumed days later, reviewed,
sent (moving the case on and starting the 5-working-day decision clock), read-only after, and private."""

import io

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest
from pypdf import PdfReader

from crm.calendar import add_working_days, is_working_day, working_days_between
from crm.forms_registration import STEP_FORMS
from crm.models import (
    REGISTRATION_STEPS,
    AuditEvent,
    ClosureReason,
    RegistrationOfInterest,
    SideEffect,
    Source,
    Stage,
    StepStatus,
    TimelineEntry,
)
from crm.selectors import person_for_anchor, person_record
from crm.services import enquiry_create, household_advance, household_close
from crm.services.privacy import person_erase
from crm.services.registrations import RegistrationError, registration_step_save, registration_submit
from crm.views.applicant_registration import urlpatterns as registration_urls
from tests.crm.applicant_helpers import sign_in_as
from tests.crm.registration_helpers import (
    FULL_NAME,
    HEALTH,
    PARTNER_NAME,
    REFEREE,
    STEPS,
    VALID,
    born_years_ago,
    fill_in,
)
from tests.factories import enquiry_details, staff_member

pytestmark = pytest.mark.django_db
BASE = "/your-adoption/registration/"


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")


@pytest.fixture
def household(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
        household_advance(household=household, to_stage=Stage.INFORMATION_EVENT, by=worker.user)
    household.refresh_from_db()
    return household


@pytest.fixture
def applicant(client, household):
    sign_in_as(client, household)
    return client


def registration(household) -> RegistrationOfInterest:
    return RegistrationOfInterest.objects.get(household=household)


def form_errors(slug: str, **changes) -> dict[str, list[str]]:
    data = {**VALID[slug], **changes}
    form = STEP_FORMS[slug](data={key: value for key, value in data.items() if value is not None})
    assert not form.is_valid(), f"{slug} accepted {changes}"
    return {name: list(errors) for name, errors in form.errors.items()}


# Each step's checks


def test_every_step_accepts_good_answers_and_stores_them_as_typed():
    for slug in STEPS:
        form = STEP_FORMS[slug](data=VALID[slug])
        assert form.is_valid(), (slug, form.errors)
    about = STEP_FORMS["about-you"](data=VALID["about-you"])
    about.is_valid()
    assert about.answers()["date_of_birth"] == "1986-06-14"
    assert about.answers()["postcode"] == "ME14 1XX"
    assert list(STEP_FORMS) == STEPS


def test_someone_under_18_is_refused_and_told_the_age_rules():
    errors = form_errors("about-you", **born_years_ago(17))
    assert errors["date_of_birth"] == [
        "You must be 18 or over to register an interest in adopting. We can approve adopters from 21"
    ]
    # A day short of 18 is still too young; 18 exactly may register (approval waits until 21).
    assert "date_of_birth" in form_errors("about-you", **born_years_ago(18, days=-1))
    form = STEP_FORMS["about-you"](data={**VALID["about-you"], **born_years_ago(18)})
    assert form.is_valid(), form.errors
    partner = {f"partner_{key}": value for key, value in born_years_ago(16).items()}
    assert form_errors("your-partner", **partner)["partner_date_of_birth"][0].startswith(
        "Your partner must be 18 or over"
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            "Enter your date of birth",
        ),
        ({"date_of_birth_month": ""}, "Your date of birth must include a month"),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "Your date of birth must be a real date"),
        ({"date_of_birth_year": "86"}, "The year must have 4 numbers, like 1985"),
        (
            {"date_of_birth_day": "first"},
            "Your date of birth must be a real date, in numbers, like 27 3 1985",
        ),
        (
            {"date_of_birth_year": str(timezone.localdate().year + 1)},
            "Your date of birth must be in the past",
        ),
    ],
)
def test_a_date_of_birth_is_refused_saying_exactly_what_is_wrong(parts, message):
    assert form_errors("about-you", **parts)["date_of_birth"] == [message]


def test_referees_need_one_who_is_not_a_relative_and_a_way_to_reach_each():
    all_family = {f"referee_{n}_relationship": "relative" for n in (1, 2, 3)}
    assert form_errors("referees", **all_family)["referee_1_relationship"] == [
        "At least one of your referees must not be a relative"
    ]
    errors = form_errors("referees", referee_3_phone="", referee_3_email="")
    assert errors == {"referee_3_phone": ["Enter a phone number or an email address for referee 3"]}
    errors = form_errors("referees", referee_2_name="Priya okafor-lindqvist")
    assert errors["referee_2_name"] == [
        "Referee 2 has the same name as referee 1: give three different people"
    ]
    assert form_errors("referees", referee_1_years="ten")["referee_1_years"] == [
        "How long you have known referee 1 must be a whole number of years, from 0 to 99"
    ]
    assert form_errors("referees", referee_1_phone="12345")["referee_1_phone"] == [
        "Enter a UK phone number, like 07700 900 123 or 01622 123 456"
    ]


def test_every_check_must_be_agreed_in_its_own_words():
    for key in VALID["checks"]:
        errors = form_errors("checks", **{key: None})
        assert list(errors) == [key]
        assert errors[key][0].startswith("Tick the box to agree to")
    form = STEP_FORMS["checks"](data=VALID["checks"])
    assert form.is_valid()
    answers = form.answers()
    assert answers["wording_version"] == "roi-checks-2026-12"
    assert answers["wording"]["dbs"].startswith("I agree to an enhanced DBS")


def test_answers_that_contradict_each_other_are_put_right_not_dropped():
    assert form_errors("health", condition="yes", details="")["details"] == [
        "Tell us about the health condition, or answer No"
    ]
    assert "condition" in form_errors("health", condition="no", details="Asthma")
    assert "convictions_details" in form_errors("declarations", convictions="yes", convictions_details="")
    assert form_errors("declarations", declaration=None)["declaration"] == [
        "Tick the box to confirm that the information you have given is true"
    ]
    assert form_errors("your-partner", applying="together", partner_full_name="")["partner_full_name"] == [
        "Enter your partner's full name"
    ]
    assert "applying" in form_errors("your-partner", applying="alone")
    assert form_errors("your-household", child_1_relationship="")["child_1_relationship"] == [
        "Choose how child 1 is related to you"
    ]
    assert "children" in form_errors("your-household", children="no")
    assert form_errors("your-household", child_1_age="18")["child_1_age"] == [
        "Child 1's age must be a whole number from 0 to 17"
    ]
    assert form_errors("your-household", other_adults="yes")["adult_1_relationship"] == [
        "Give details of at least one of the adults, or answer No"
    ]


def test_children_are_kept_to_age_and_relationship():
    form = STEP_FORMS["your-household"](data=VALID["your-household"])
    assert form.is_valid()
    assert form.answers()["children_at_home"] == [{"age": 7, "relationship": "birth"}]
    assert not any("name" in field for field in form.fields)


# Saving as it goes, and coming back


def test_a_step_with_errors_keeps_what_was_typed_and_a_good_one_is_saved(applicant, household):
    bad = {**VALID["about-you"], "postcode": "ME14", "full_name": "Alexandra Typed-Once"}
    response = applicant.post(f"{BASE}about-you/", bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a full UK postcode, like ME14 1XX" in page
    assert 'value="Alexandra Typed-Once"' in page and 'value="ME14"' in page
    kept = registration(household)
    assert kept.step_status("about-you") == StepStatus.IN_PROGRESS
    assert kept.drafts["about-you"]["full_name"] == "Alexandra Typed-Once"
    assert "about-you" not in kept.answers
    assert (
        TimelineEntry.objects.filter(
            household=household, summary__startswith="Started a registration"
        ).count()
        == 1
    )

    response = applicant.post(f"{BASE}about-you/", VALID["about-you"])
    assert response.status_code == 302 and response["Location"] == f"{BASE}your-partner/"
    kept.refresh_from_db()
    assert kept.step_status("about-you") == StepStatus.COMPLETED and kept.drafts == {}
    assert kept.answers["about-you"]["full_name"] == FULL_NAME
    assert kept.schema_version == RegistrationOfInterest.SCHEMA_VERSION
    assert AuditEvent.objects.filter(
        household_id=household.pk, summary__contains="saved 'About you'"
    ).exists()


def test_save_and_come_back_later_keeps_unfinished_typing_and_resumes_at_the_first_unfinished_step(
    applicant, household
):
    fill_in(applicant, STEPS[:2])
    response = applicant.post(f"{BASE}your-household/", {"children": "yes", "child_1_age": "4", "later": "1"})
    assert response.status_code == 302 and response["Location"] == f"{BASE}?saved=your-household"
    assert (
        "Children and other people at home</strong> is saved"
        in applicant.get(response["Location"]).content.decode()
    )

    # Days later, signed in again with a new link, in another browser
    later = Client()
    sign_in_as(later, household)
    journey = later.get("/your-adoption/").content.decode()
    assert "Continue your registration of interest" in journey
    tasks = later.get(BASE).content.decode()
    assert "You have completed 2 of 7 parts" in tasks
    for title, status in [
        ("About you", "Completed"),
        ("Children and other people at home", "In progress"),
        ("Your health", "Not started"),
    ]:
        assert f"{title}</a>" in tasks and status in tasks
    assert f'href="{BASE}your-household/">Continue where you left off' in tasks
    step = later.get(f"{BASE}your-household/").content.decode()
    # What was typed is back, without being judged again until it is sent.
    assert 'name="child_1_age" value="4"' in step and "There is a problem" not in step
    assert 'value="yes"' in step and "checked" in step


def test_the_review_shows_every_answer_with_a_change_link_and_sending_needs_every_step(applicant, household):
    fill_in(applicant, STEPS[:-1])
    review = applicant.get(f"{BASE}review/").content.decode()
    assert "Not finished yet" in review and "Send my registration of interest" not in review
    with pytest.raises(
        RegistrationError,
        match="Finish these parts before you send your registration of interest: 'Declarations'",
    ):
        registration_submit(household=household)
    response = applicant.post(f"{BASE}send/")
    assert response.status_code == 400 and "Declarations" in response.content.decode()

    fill_in(applicant, ["declarations"])
    review = applicant.get(f"{BASE}review/").content.decode()
    for text in (
        FULL_NAME,
        "14 June 1986",
        "ME14 1XX",
        PARTNER_NAME,
        "Your birth child, aged 7",
        HEALTH,
        REFEREE,
    ):
        assert text in review, text
    for slug in STEPS:
        assert f'href="{BASE}{slug}/">Change' in review
    assert "Send my registration of interest" in review


# Sending it


def test_sending_moves_the_case_to_registration_of_interest_and_starts_the_decision_clock(
    applicant, household, worker, django_capture_on_commit_callbacks
):
    fill_in(applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant.post(f"{BASE}send/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}sent/"

    household.refresh_from_db()
    today = timezone.localdate()
    assert household.stage == Stage.REGISTRATION_OF_INTEREST
    assert household.clock.code == "roi_decision" and household.clock.amount == 5
    # Five working days on the England and Wales calendar: weekends and bank holidays skipped.
    assert household.due_on == add_working_days(today, 5)
    assert working_days_between(today, household.due_on) == 5 and is_working_day(household.due_on)
    sent = registration(household)
    assert sent.is_submitted and sent.outcome == RegistrationOfInterest.Outcome.MOVED
    assert TimelineEntry.objects.filter(
        household=household,
        kind=TimelineEntry.Kind.REGISTRATION,
        summary="Registration of interest sent online",
    ).exists()
    assert AuditEvent.objects.filter(
        household_id=household.pk, summary__contains="sent their registration"
    ).exists()

    kinds = list(SideEffect.objects.filter(household=household).values_list("kind", flat=True))
    assert SideEffect.Kind.ROI_CONFIRMATION in kinds and SideEffect.Kind.ROI_WORKER_NOTICE in kinds
    # One email to the applicant about it: not also "your journey has moved on".
    assert (
        SideEffect.objects.filter(
            household=household,
            kind=SideEffect.Kind.STAGE_UPDATE,
            payload__stage=Stage.REGISTRATION_OF_INTEREST,
        ).count()
        == 0
    )
    [to_them] = [m for m in mail.outbox if m.subject == "We have your registration of interest"]
    [to_worker] = [m for m in mail.outbox if m.subject.startswith("Registration of interest sent online")]
    assert to_them.to == ["alex@example.com"] and to_worker.to == [worker.user.email]
    assert f"{household.due_on:%A} {household.due_on.day} {household.due_on:%B %Y}" in to_them.body
    for email in (to_them, to_worker):
        for answer in (FULL_NAME, PARTNER_NAME, REFEREE, HEALTH, "Orchard Way"):
            assert answer not in email.body

    done = applicant.get(f"{BASE}sent/").content.decode()
    assert (
        "Registration of interest sent" in done and f"{household.due_on.day} {household.due_on:%B %Y}" in done
    )
    assert "We have your registration of interest." in applicant.get("/your-adoption/").content.decode()


def test_it_cannot_be_sent_twice_or_changed_after(applicant, household):
    fill_in(applicant)
    assert applicant.post(f"{BASE}send/").status_code == 302
    # A second press of "Send" changes nothing and lands on the same confirmation.
    again = applicant.post(f"{BASE}send/")
    assert again.status_code == 302 and again["Location"] == f"{BASE}sent/"
    assert SideEffect.objects.filter(household=household, kind=SideEffect.Kind.ROI_CONFIRMATION).count() == 1
    with pytest.raises(RegistrationError, match="You sent your registration of interest on"):
        registration_submit(household=household)
    with pytest.raises(RegistrationError):
        registration_step_save(household=household, step="health", answers={"condition": "no", "details": ""})
    response = applicant.post(f"{BASE}health/", {"condition": "no", "details": ""})
    assert response.status_code == 302 and response["Location"] == BASE
    assert registration(household).answers["health"]["details"] == HEALTH
    page = applicant.get(BASE).content.decode()
    assert "You sent it on" in page and "Change" not in page and HEALTH in page
    assert applicant.get(f"{BASE}review/")["Location"] == BASE
    assert "View your registration of interest" in applicant.get("/your-adoption/").content.decode()


def test_a_case_already_at_registration_of_interest_keeps_its_clock(applicant, household, worker):
    fill_in(applicant, STEPS[:3])
    household_advance(household=household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=worker.user)
    household.refresh_from_db()
    due = household.due_on
    fill_in(applicant, STEPS[3:])
    sent = registration_submit(household=household)
    household.refresh_from_db()
    assert sent.outcome == RegistrationOfInterest.Outcome.ALREADY
    assert (household.stage, household.due_on) == (Stage.REGISTRATION_OF_INTEREST, due)


def test_a_case_past_registration_of_interest_has_nothing_to_fill_in(applicant, household, worker):
    household_advance(household=household, to_stage=Stage.REGISTRATION_OF_INTEREST, by=worker.user)
    household_advance(household=household, to_stage=Stage.ROI_ACCEPTED, by=worker.user)
    page = applicant.get(BASE).content.decode()
    assert "your journey has moved on" in page and "Start" not in page
    assert applicant.get(f"{BASE}about-you/")["Location"] == BASE
    assert applicant.post(f"{BASE}about-you/", VALID["about-you"])["Location"] == BASE
    assert not RegistrationOfInterest.objects.exists()
    assert "Register your interest" not in applicant.get("/your-adoption/").content.decode()


def test_the_journey_page_offers_it_at_the_right_stages(client, worker):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    sign_in_as(client, household)
    page = client.get("/your-adoption/").content.decode()
    assert "Register your interest" in page and "Most people come to an information evening first" in page
    household_advance(household=household, to_stage=Stage.INFORMATION_EVENT, by=worker.user)
    page = client.get("/your-adoption/").content.decode()
    assert 'class="btn btn-primary btn-lg" href="/your-adoption/registration/">Register your interest' in page


# Privacy


def test_another_household_cannot_see_or_change_it(applicant, household, worker):
    fill_in(applicant, STEPS[:4])
    other = enquiry_create(
        source=Source.WEB, details=enquiry_details(first_name="Bo", email="bo@example.com", phone="")
    ).household
    theirs = Client()
    sign_in_as(theirs, other)
    for path in [BASE, f"{BASE}about-you/", f"{BASE}health/", f"{BASE}review/", f"{BASE}pdf/"]:
        body = theirs.get(path).content
        for secret in (FULL_NAME, HEALTH, PARTNER_NAME):
            assert secret.encode() not in body, path
    theirs.post(f"{BASE}health/", {"condition": "no", "details": ""})
    assert registration(household).answers["health"]["details"] == HEALTH
    assert registration(other).answers == {"health": {"condition": "no", "details": ""}}
    # Nothing in any address names a record, so there is nothing of A's to ask for.
    assert all("<" not in str(pattern.pattern) for pattern in registration_urls)


def test_the_pdf_copy_holds_the_answers_and_is_private(applicant, household):
    assert applicant.get(f"{BASE}pdf/")["Location"] == BASE  # nothing saved yet, nothing to print
    fill_in(applicant)
    response = applicant.get(f"{BASE}pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="registration-of-interest-{household.reference}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for answer in (FULL_NAME, "14 June 1986", PARTNER_NAME, REFEREE, "Type 1 diabetes", "Not sent yet"):
        assert answer in " ".join(text.split()), answer
    assert reader.metadata.title == f"Registration of interest: Alex Morgan ({household.reference})"
    assert AuditEvent.objects.filter(
        household_id=household.pk, action=AuditEvent.Action.EXPORT, summary__contains="downloaded as a PDF"
    ).exists()


def test_without_weasyprints_libraries_the_pdf_is_a_clear_message(applicant, household, monkeypatch):
    from crm import registration_pdf
    from crm.views import applicant_registration

    fill_in(applicant, STEPS[:1])

    def missing(*args, **kwargs):
        raise registration_pdf.PdfUnavailable("cannot load library 'pango-1.0-0'")

    monkeypatch.setattr(applicant_registration, "registration_pdf", missing)
    response = applicant.get(f"{BASE}pdf/")
    assert response.status_code == 503
    assert "Sorry, we cannot make the PDF just now" in response.content.decode()


def test_staff_see_progress_only_until_it_is_sent_then_the_answers_audited(applicant, household, worker):
    staff = Client()
    staff.force_login(worker.user)
    fill_in(applicant, STEPS[:3])
    page = staff.get(f"/admin/crm/households/{household.pk}/").content.decode()
    assert "Started online, step 3 of 7" in page and FULL_NAME not in page
    answers = staff.get(f"/admin/crm/households/{household.pk}/registration/").content.decode()
    assert "Started online, step 3 of 7" in answers and FULL_NAME not in answers
    assert staff.get(f"/admin/crm/households/{household.pk}/registration/pdf/").status_code == 302

    fill_in(applicant, STEPS[3:])
    applicant.post(f"{BASE}send/")
    page = staff.get(f"/admin/crm/households/{household.pk}/").content.decode()
    assert "Sent online on" in page and "Download as PDF" in page and HEALTH not in page
    answers = staff.get(f"/admin/crm/households/{household.pk}/registration/").content.decode()
    assert FULL_NAME in answers and HEALTH in answers and REFEREE in answers
    assert AuditEvent.objects.filter(
        household_id=household.pk,
        user=worker.user,
        action=AuditEvent.Action.VIEW,
        summary__contains="Registration of interest",
    ).exists()
    pdf = staff.get(f"/admin/crm/households/{household.pk}/registration/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert FULL_NAME in " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert AuditEvent.objects.filter(
        household_id=household.pk, user=worker.user, action=AuditEvent.Action.EXPORT
    ).exists()

    # The queue shows it at registration of interest, with its decision clock.
    household.refresh_from_db()
    queue = staff.get("/admin/crm/households/?tab=all").content.decode()
    assert "Registration of interest" in queue and f"{household.due_on.day} {household.due_on:%b %Y}" in queue

    # Another council's worker gets the plain 404.
    medway = Client()
    medway.force_login(staff_member("medway.worker", council="medway").user)
    assert medway.get(f"/admin/crm/households/{household.pk}/registration/").status_code == 404
    assert medway.get(f"/admin/crm/households/{household.pk}/registration/pdf/").status_code == 404


def test_subject_access_lists_the_answers_and_erasure_removes_them(applicant, household, worker):
    fill_in(applicant)
    applicant.post(f"{BASE}send/")
    _, person = person_for_anchor(key=f"household-{household.pk}")
    [row] = person_record(person)["Your registration of interest"]
    assert row["About you: Your full name"] == FULL_NAME
    assert row["Your health: If yes, tell us about it and how it affects your daily life"] == HEALTH
    assert row["Sent to us"] and row["Record"] == household.reference

    household_close(household=household, reason=ClosureReason.WITHDREW_CIRCUMSTANCES, by=worker.user)
    manager = staff_member("privacy.manager", role="manager", council=None)
    person_erase(person=person, by=manager.user, reason="Asked by phone, ticket 12")
    erased = registration(household)
    assert erased.answers == {} and erased.drafts == {}
    assert erased.submitted_at is not None  # the date stays, as stage dates do
    assert TimelineEntry.objects.filter(
        household=household, summary="Registration of interest sent online"
    ).exists()


def test_every_step_has_a_page_and_a_title(applicant):
    for number, step in enumerate(REGISTRATION_STEPS, start=1):
        page = applicant.get(f"{BASE}{step.slug}/").content.decode()
        assert f"Part {number} of 7" in page and f"<h1>{step.title}</h1>" in page
    assert 'value="alex@example.com"' in applicant.get(f"{BASE}about-you/").content.decode()

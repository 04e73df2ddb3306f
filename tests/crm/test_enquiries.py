import uuid

from django.core import mail

import pytest

from crm.models import Enquiry, Household, SideEffect, Source, Stage, TimelineEntry
from crm.services import EnquiryError, enquiry_create, enquiry_mark_spam, enquiry_release, household_close
from tests.factories import enquiry_details, staff_member


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.mark.django_db
def test_enquiry_creates_a_routed_household_with_consents_and_a_timeline(
    kent_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(newsletter_consent=True, message="We'd love to know more."),
        )
    household = enquiry.household
    assert household.council == "kent"
    assert household.team.council == "kent"
    assert household.assigned_to == kent_worker
    assert household.stage == Stage.ENQUIRY
    assert household.clock.code == "first_contact"
    assert household.due_on is not None
    assert {(c.purpose, c.granted, c.wording_version) for c in household.consents.all()} == {
        ("contact", True, "contact-2026-11"),
        ("newsletter", True, "newsletter-2026-11"),
    }
    kinds = list(household.timeline.values_list("kind", flat=True))
    assert TimelineEntry.Kind.ENQUIRY in kinds and TimelineEntry.Kind.ASSIGNMENT in kinds
    assert sorted(SideEffect.objects.values_list("kind", "status")) == [
        ("enquiry_confirmation", "done"),
        ("worker_notification", "done"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alex@example.com",
        "kent.worker@adoptionpartnership.example",
    ]


@pytest.mark.django_db
def test_newsletter_consent_is_only_recorded_when_given(kent_worker):
    enquiry = enquiry_create(source=Source.WEB, details=enquiry_details())
    assert list(enquiry.household.consents.values_list("purpose", flat=True)) == ["contact"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first_name": " "}, "needs a first name"),
        ({"email": "", "phone": ""}, "needs an email address or a phone number"),
        ({"contact_consent": False}, "agreed to be contacted"),
    ],
)
def test_enquiry_refuses_what_it_cannot_use(crm_reference, fields, message):
    with pytest.raises(EnquiryError, match=message):
        enquiry_create(source=Source.WEB, details=enquiry_details(**fields))
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second",
    [
        {"email": "ALEX@example.com", "phone": ""},
        {"email": "other@example.com", "phone": "+44 7700 900123"},
    ],
)
def test_second_enquiry_from_same_email_or_phone_joins_the_household(kent_worker, second):
    first = enquiry_create(source=Source.WEB, details=enquiry_details())
    again = enquiry_create(source=Source.PHONE, details=enquiry_details(first_name="Alexandra", **second))
    assert again.household == first.household
    assert Household.objects.count() == 1
    assert first.household.enquiries.count() == 2
    household = Household.objects.get()
    assert household.first_name == "Alex"


@pytest.mark.django_db
def test_second_enquiry_fills_in_what_was_missing(kent_worker):
    enquiry_create(
        source=Source.PHONE, details=enquiry_details(email="", postcode="", interests=["siblings"])
    )
    enquiry_create(
        source=Source.WEB,
        details=enquiry_details(email="alex@example.com", postcode="ME14 1XX", interests=["unsure"]),
    )
    household = Household.objects.get()
    assert household.email == "alex@example.com"
    assert household.postcode == "ME14 1XX"
    assert household.interests == ["siblings", "unsure"]


@pytest.mark.django_db
def test_double_submit_makes_one_enquiry(kent_worker):
    key = uuid.uuid4()
    first = enquiry_create(source=Source.WEB, details=enquiry_details(), submission_key=key)
    second = enquiry_create(source=Source.WEB, details=enquiry_details(), submission_key=key)
    assert first.pk == second.pk
    assert Enquiry.objects.count() == 1
    assert SideEffect.objects.filter(kind="enquiry_confirmation").count() == 1


@pytest.mark.django_db
def test_enquiry_from_a_closed_household_reopens_it_at_enquiry(kent_worker, admin_user):
    first = enquiry_create(source=Source.WEB, details=enquiry_details())
    household_close(household=first.household, reason="lost_contact", by=admin_user)
    enquiry_create(source=Source.WEB, details=enquiry_details())
    household = Household.objects.get()
    assert household.is_open
    assert household.stage == Stage.ENQUIRY
    assert household.clock.code == "first_contact"
    assert list(household.stage_changes.values_list("kind", flat=True)) == ["close", "reopen"]


@pytest.mark.django_db
def test_suspected_spam_is_quarantined_not_dropped_and_can_be_released(kent_worker, admin_user):
    enquiry = enquiry_create(
        source=Source.WEB, details=enquiry_details(), spam_reasons=["honeypot filled in"]
    )
    assert enquiry.status == Enquiry.Status.QUARANTINED
    assert enquiry.household is None
    assert enquiry.council == "kent"
    assert not Household.objects.exists()
    assert not SideEffect.objects.exists()
    released = enquiry_release(enquiry=enquiry, by=admin_user)
    assert released.status == Enquiry.Status.RELEASED
    assert released.household.assigned_to == kent_worker
    assert enquiry_release(enquiry=enquiry, by=admin_user).household == released.household
    assert Household.objects.count() == 1


@pytest.mark.django_db
def test_spam_can_be_confirmed_and_is_kept(kent_worker, admin_user):
    enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(), spam_reasons=["too fast"])
    enquiry_mark_spam(enquiry=enquiry, by=admin_user)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.SPAM
    assert Enquiry.objects.count() == 1


@pytest.mark.django_db
def test_out_of_area_enquiry_goes_to_the_central_queue_with_a_helpful_reply(
    kent_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(postcode="BR1 1AA"))
    household = enquiry.household
    assert household.council == "elsewhere"
    assert household.team is None
    assert household.assigned_to is None
    effect = SideEffect.objects.get()
    assert effect.kind == "out_of_area_reply"
    reply = mail.outbox[-1]
    assert "London Borough of Bromley" in reply.body
    assert "youcanadopt.org.uk" in reply.body


@pytest.mark.django_db
def test_the_postcode_decides_the_council_and_a_chosen_council_that_disagrees_waits_to_be_confirmed(
    crm_reference,
):
    kent = staff_member("kent.worker", council="kent")
    staff_member("medway.worker", council="medway")
    enquiry = enquiry_create(
        source=Source.WEB, details=enquiry_details(postcode="ME14 1XX", council="medway")
    )
    household = enquiry.household
    assert (enquiry.council, household.council, household.council_stated) == ("kent", "kent", "medway")
    assert household.assigned_to == kent


@pytest.mark.django_db
def test_enquiry_keeps_everything_the_enquirer_said(kent_worker):
    enquiry = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(heard_about="radio", heard_about_detail="Heart Kent", message="Hello"),
        attribution={"utm_source": "radio"},
    )
    enquiry.refresh_from_db()
    assert enquiry.data["heard_about_detail"] == "Heart Kent"
    assert enquiry.heard_about == "radio"
    assert enquiry.attribution == {"utm_source": "radio"}
    assert enquiry.message == "Hello"


@pytest.mark.django_db
def test_enquiry_without_a_postcode_gets_the_ordinary_confirmation(
    crm_reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(source=Source.EMAIL, details=enquiry_details(postcode=""))
    assert enquiry.household.council == "unknown"
    assert list(SideEffect.objects.values_list("kind", flat=True)) == ["enquiry_confirmation"]
    assert "someone from our team will call you" in mail.outbox[-1].body


@pytest.mark.django_db
def test_confirmed_spam_can_still_be_released(kent_worker, admin_user):
    enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(), spam_reasons=["too fast"])
    enquiry_mark_spam(enquiry=enquiry, by=admin_user)
    released = enquiry_release(enquiry=enquiry, by=admin_user)
    assert released.status == Enquiry.Status.RELEASED
    assert released.household.assigned_to == kent_worker

"""Erasure: one action anonymises a person everywhere here and deletes them from Mailchimp (the real
``mailchimp-marketing`` client against the stand-in on 127.0.0.1), and every count stays the same."""

import datetime as dt
import uuid

from django.utils import timezone

import pytest

from campaigns.models import MailchimpSync, Subscriber, Touchpoint
from campaigns.selectors import attribution_report
from campaigns.services import touchpoint_record_landing
from crm.models import (
    Anonymisation,
    AuditEvent,
    ClosureReason,
    Consent,
    Enquiry,
    Household,
    Source,
    Stage,
    StageChange,
    TimelineEntry,
)
from crm.reports.funnel import FunnelFilters, funnel_report
from crm.selectors import person_for_anchor, person_resolve
from crm.services import enquiry_create, household_add_note, household_advance, household_close
from crm.services.privacy import PrivacyError, person_erase
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def manager():
    return staff_member("privacy.manager", role="manager", council=None)


def enquire(email: str, *, first_name: str = "Sam", visitor: uuid.UUID | None = None, **fields):
    attribution = {"utm_source": "facebook", "utm_medium": "social", "utm_campaign": "spring"}
    if visitor:
        attribution["visitor"] = str(visitor)
    return enquiry_create(
        source=Source.WEB,
        details=enquiry_details(
            first_name=first_name,
            last_name="Taylor",
            email=email,
            phone=fields.pop("phone", "07700 900555"),
            newsletter_consent=True,
            message="We have a spare room and a dog called Biscuit.",
            **fields,
        ),
        attribution=attribution,
    )


def figures(manager) -> dict:
    """Every aggregate the service reports: funnel counts, channel credits, stage history and dates."""
    today = timezone.localdate()
    filters = FunnelFilters(date_from=today - dt.timedelta(days=30), date_to=today)
    report = funnel_report(user=manager.user, filters=filters)
    funnel = {
        key: [[cell.export for cell in row] for row in [*table.rows, *table.totals]]
        for key, table in report.tables.items()
    }
    credits = {}
    for outcome in ("enquiry", "registration_of_interest"):
        for model in ("first_touch", "last_touch", "linear"):
            rows = attribution_report(
                outcome=outcome,
                model=model,
                dimension="channel",
                date_from=today - dt.timedelta(days=30),
                date_to=today,
            ).rows
            credits[(outcome, model)] = sorted((row.label, row.credit) for row in rows)
    households = Household.objects.order_by("pk")
    return {
        "funnel": funnel,
        "credits": credits,
        "stages": list(households.values_list("pk", "stage", "stage_dates", "council", "closure_reason")),
        "stage_changes": list(
            StageChange.objects.values_list("household", "kind", "to_stage", "effective_at")
        ),
        "touches": list(
            Touchpoint.objects.values_list("household", "channel", "phase", "kind", "occurred_at")
        ),
        "consents": Consent.objects.count(),
        "enquiries": list(
            Enquiry.objects.filter(household__isnull=False).values_list("household", "council")
        ),
    }


def test_erasure_removes_the_person_everywhere_and_every_count_stays_the_same(
    mailchimp_stand_in, manager, django_capture_on_commit_callbacks
):
    # Given a person who visited with cookie consent, enquired, signed up for the newsletter,
    # registered their interest and then withdrew; and someone else who stays
    worker = staff_member("kent.worker", council="kent")
    visitor = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        touchpoint_record_landing(
            params={"utm_source": "facebook", "utm_medium": "social"},
            referrer="https://www.facebook.com/",
            visitor=visitor,
        )
        sam = enquire("sam@example.com", visitor=visitor).household
        household_add_note(household=sam, text="Sam mentioned IVF twice.", by=worker.user)
        household_advance(household=sam, to_stage=Stage.REGISTRATION_OF_INTEREST, by=worker.user)
        household_close(household=sam, reason=ClosureReason.WITHDREW_HEALTH, by=worker.user, note="Private")
        other = enquire("jo@example.com", first_name="Jo", phone="07700 900666").household
    assert mailchimp_stand_in.member("sam@example.com").status == "subscribed"
    assert Touchpoint.objects.filter(visitor=visitor, household=sam).exists()
    assert mailchimp_stand_in.member("jo@example.com") is not None
    before = figures(manager)
    assert before["credits"][("enquiry", "linear")], "the channel credits under test must not be empty"

    # When a manager erases Sam, with a reason
    anchor, person = person_for_anchor(key=f"household-{sam.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        result = person_erase(person=person, by=manager.user, reason="Asked by phone on 3 March, ticket 4411")

    # Then every count, credit and stage date is exactly as it was
    assert figures(manager) == before
    assert result.households == [sam.pk]

    # And nothing that identifies Sam is left in the CRM
    sam.refresh_from_db()
    assert (sam.first_name, sam.last_name, sam.email, sam.phone, sam.postcode) == (
        "Anonymised",
        "",
        "",
        "",
        "ME14",
    )
    assert (sam.stage, sam.closure_reason) == (Stage.REGISTRATION_OF_INTEREST, ClosureReason.WITHDREW_HEALTH)
    enquiry = sam.enquiries.get()
    assert "email" not in enquiry.data and "first_name" not in enquiry.data and enquiry.message == ""
    assert enquiry.data["postcode"] == "ME14"
    assert enquiry.attribution == {"utm_source": "facebook", "utm_medium": "social", "utm_campaign": "spring"}
    everything = repr(
        [
            *TimelineEntry.objects.filter(household=sam).values_list("summary", "body"),
            *StageChange.objects.filter(household=sam).values_list("note", flat=True),
        ]
    )
    assert "IVF" not in everything and "Private" not in everything and "Biscuit" not in everything
    assert not Touchpoint.objects.filter(visitor=visitor).exists()

    # And the newsletter record is anonymised and its consent kept as the record that it was given
    subscriber = Subscriber.objects.get(pk=person.record_ids("subscriber")[0])
    assert subscriber.email.endswith("@erased.invalid") and subscriber.first_name == ""
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consent_wording_version and subscriber.consented_at
    assert "sam@example.com" not in str(
        list(MailchimpSync.objects.filter(subscriber=subscriber).exclude(action="delete").values("payload"))
    )

    # And Mailchimp deleted the member for good, through its delete-permanent action; Jo is untouched
    assert mailchimp_stand_in.member("sam@example.com") is None
    deletes = [
        call for call in mailchimp_stand_in.calls("POST") if call.path.endswith("/actions/delete-permanent")
    ]
    assert len(deletes) == 1
    deletion = MailchimpSync.objects.get(subscriber=subscriber, action="delete")
    assert (deletion.status, deletion.response_status) == ("done", 204)
    assert mailchimp_stand_in.member("jo@example.com") is not None
    other.refresh_from_db()
    assert (other.first_name, other.email) == ("Jo", "jo@example.com")

    # And the email address now finds nobody; the trail says who erased, when and why, without the name
    assert person_resolve(emails=["sam@example.com"]).is_empty
    assert Anonymisation.objects.filter(object_type="household", object_id=sam.pk, cause="erasure").exists()
    entry = AuditEvent.objects.get(action="anonymise", household_id=sam.pk, object_type="household")
    assert (entry.user, entry.username) == (manager.user, "privacy.manager")
    assert entry.summary == "Erased on request. Reason: Asked by phone on 3 March, ticket 4411"
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "sam@example.com" not in summaries and "Taylor" not in summaries


def test_an_open_case_or_a_missing_reason_is_refused_and_nothing_changes(manager):
    household = enquire("sam@example.com").household
    _, person = person_for_anchor(key=f"household-{household.pk}")

    with pytest.raises(PrivacyError, match="still open"):
        person_erase(person=person, by=manager.user, reason="Asked by email")
    household_close(household=household, reason=ClosureReason.LOST_CONTACT, by=manager.user)
    with pytest.raises(PrivacyError, match="Say why"):
        person_erase(person=person, by=manager.user, reason="   ")

    household.refresh_from_db()
    assert household.first_name == "Sam"
    assert not AuditEvent.objects.filter(action__in=["anonymise", "delete"]).exists()


def test_quarantined_enquiries_are_deleted_and_merged_records_anonymised(manager):
    # Given a quarantined submission and two records merged into one, all the same person
    spam = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(email="sam@example.com", first_name="Sam"),
        spam_reasons=["Sent too quickly"],
    )
    assert spam.household is None and spam.status == Enquiry.Status.QUARANTINED
    first = enquire("sam@example.com").household
    second = Household.objects.create(first_name="Sam", phone="07700900555", merged_into=first)
    household_close(household=first, reason=ClosureReason.LOST_CONTACT, by=manager.user)

    # When the person is found by their email address and erased
    _, person = person_for_anchor(key=f"enquiry-{spam.pk}")
    assert set(person.household_ids) == {first.pk, second.pk}
    result = person_erase(person=person, by=manager.user, reason="Request by letter")

    # Then the quarantined submission is gone and both records are anonymised
    assert result.enquiries_deleted == 1 and not Enquiry.objects.filter(pk=spam.pk).exists()
    assert set(Household.objects.values_list("first_name", flat=True)) == {"Anonymised"}
    assert AuditEvent.objects.filter(action="delete", object_type="enquiry", object_id=spam.pk).exists()


def test_the_erase_screen_needs_a_reason_and_a_tick_then_erases(client, manager, mailchimp_stand_in):
    household = enquire("sam@example.com").household
    household_close(household=household, reason=ClosureReason.LOST_CONTACT, by=manager.user)
    client.force_login(manager.user)
    url = f"/admin/crm/privacy/household-{household.pk}/erase/"

    page = client.get(url)
    assert page.status_code == 200 and b"Erase for good" in page.content

    refused = client.post(url, {"reason": "Asked by phone"})
    assert refused.status_code == 200 and b"Tick the box to confirm" in refused.content
    household.refresh_from_db()
    assert household.first_name == "Sam"

    done = client.post(url, {"reason": "Asked by phone", "confirm": "on"})
    assert done.status_code == 302 and done.url == "/admin/crm/privacy/"
    household.refresh_from_db()
    assert household.first_name == "Anonymised"

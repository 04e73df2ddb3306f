"""Subject access: one action gives a readable ZIP of everything held about a person, and nobody else."""

import datetime as dt
import io
import json
import re
import uuid
import zipfile

import pytest

from campaigns.models import Subscriber
from campaigns.services import touchpoint_record_landing
from core import consent
from crm.models import AuditEvent, Source
from crm.services import enquiry_create, household_add_note
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.django_db]

STAFF_ADDRESS = "10.9.8.7"


@pytest.fixture
def manager():
    return staff_member("sar.manager", role="manager", council=None)


def download(client, key: str) -> tuple[dict, str, str]:
    """The subject access ZIP for ``key``: its JSON document, its summary and its file name."""
    response = client.post(f"/admin/crm/privacy/{key}/subject-access/", REMOTE_ADDR=STAFF_ADDRESS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert sorted(name.rsplit("/", 1)[1] for name in names) == ["data.json", "summary.html"]
    folder = names[0].rsplit("/", 1)[0]
    document = json.loads(archive.read(f"{folder}/data.json"))
    summary = archive.read(f"{folder}/summary.html").decode()
    return document, summary, filename


def test_the_file_holds_the_crm_record_touches_consents_mailchimp_and_the_trail(
    client, manager, django_capture_on_commit_callbacks
):
    # Given a person who visited with cookie consent, enquired, signed up for the newsletter, and
    # whose record a worker has opened and written a note on; and somebody else entirely
    visitor = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        touchpoint_record_landing(
            params={"utm_source": "facebook", "utm_medium": "social"},
            referrer="https://www.facebook.com/",
            visitor=visitor,
        )
        sam = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(
                first_name="Sam",
                last_name="Taylor",
                email="sam@example.com",
                newsletter_consent=True,
                message="We have a spare room.",
            ),
            attribution={"visitor": str(visitor), "utm_source": "facebook"},
        ).household
    worker = staff_member("kent.worker", council="kent")
    household_add_note(household=sam, text="Prefers evening calls", by=worker.user)
    client.force_login(worker.user)
    client.get(f"/admin/crm/households/{sam.pk}/")
    enquiry_create(
        source=Source.WEB, details=enquiry_details(first_name="Jo", email="jo@example.com", phone="")
    )

    # When a manager downloads Sam's subject access file
    client.force_login(manager.user)
    document, summary, filename = download(client, f"household-{sam.pk}")

    # Then it names itself and the person's record
    assert filename.startswith(f"subject-access-household-{sam.pk}-") and filename.endswith(".zip")
    assert document["about"]["Records"] == [sam.reference]
    assert (
        "sam@example.com" in document["about"]["Email addresses and phone numbers used to find the records"]
    )
    sections = document["sections"]

    # And it holds the CRM record: details, enquiry, note, consents with their wording versions
    (details,) = sections["Your details"]
    assert (details["First name"], details["Email"], details["Postcode"]) == (
        "Sam",
        "sam@example.com",
        "ME14 1XX",
    )
    (enquiry,) = sections["Enquiries"]
    assert enquiry["Message"] == "We have a spare room."
    assert any(entry["Details"] == "Prefers evening calls" for entry in sections["Timeline"])
    consents = {(row["For"], row["Wording version"], row["Answer"]) for row in sections["Consents"]}
    assert ("Newsletter", consent.NEWSLETTER.version, "Given") in consents
    assert ("Contact about the enquiry", consent.CONTACT.version, "Given") in consents

    # And the touches (the anonymous visit joined by its visitor id), the newsletter record and Mailchimp
    touches = sections["Touches: how you found us and what you did"]
    assert str(visitor) in {touch["Visitor id (set with your cookie consent)"] for touch in touches}
    (newsletter,) = sections["Newsletter"]
    assert (newsletter["Email"], newsletter["Consent wording version"]) == (
        "sam@example.com",
        consent.NEWSLETTER.version,
    )
    assert newsletter["When consent was given"] and newsletter["Where consent was given (or last changed)"]
    mailchimp = sections["Mailchimp: what we sent to our email service"]
    assert mailchimp and all(row["Status"] for row in mailchimp)

    # And the audit trail, the worker's view and this export included, without staff addresses
    trail = sections["Audit trail: who viewed, changed or exported your record"]
    assert {"What": "Viewed", "Who": worker.user.get_full_name()}.items() <= next(
        row for row in trail if row["What"] == "Viewed"
    ).items()
    assert trail[0]["What"] == "Subject access export"
    assert STAFF_ADDRESS not in json.dumps(document)

    # And the summary is readable HTML saying the same things; nobody else's data is in the file
    for text in (
        "Your personal data held by",
        "Sam",
        "sam@example.com",
        "We have a spare room.",
        "Newsletter",
    ):
        assert text in summary, text
    assert "{'" not in summary, "values are spelt out, not shown as Python"
    assert "jo@example.com" not in json.dumps(document) + summary

    # And the export itself is in the trail: who, when, from where
    entry = AuditEvent.objects.filter(action="subject_access", household_id=sam.pk).get()
    assert (entry.username, entry.ip_address) == ("sar.manager", STAFF_ADDRESS)


def test_a_newsletter_only_person_is_found_by_email_and_exported(client, manager):
    subscriber = Subscriber.objects.create(
        email="reader@example.com",
        first_name="Reader",
        status=Subscriber.Status.SUBSCRIBED,
        consent_wording=consent.NEWSLETTER.text,
        consent_wording_version=consent.NEWSLETTER.version,
        consent_source="Newsletter page",
        consented_at="2026-01-05T10:00:00Z",
    )
    client.force_login(manager.user)

    found = client.get("/admin/crm/privacy/", {"q": "Reader@Example.com"})
    assert [anchor.key for anchor in found.context["anchors"]] == [f"subscriber-{subscriber.pk}"]
    document, summary, _ = download(client, f"subscriber-{subscriber.pk}")

    assert document["sections"]["Your details"] == []
    (newsletter,) = document["sections"]["Newsletter"]
    assert (
        newsletter["Email"] == "reader@example.com"
        and newsletter["Consent wording"] == consent.NEWSLETTER.text
    )
    assert AuditEvent.objects.filter(
        action="subject_access", object_type="subscriber", object_id=subscriber.pk
    ).exists()


def test_an_unknown_record_is_a_404(client, manager):
    client.force_login(manager.user)
    assert client.post("/admin/crm/privacy/household-999999/subject-access/").status_code == 404
    assert client.post("/admin/crm/privacy/nonsense/subject-access/").status_code == 404
    assert not AuditEvent.objects.filter(action="subject_access").exists()


# Consent records: every newsletter recipient has a stored consent with its time, source and wording version.


def test_every_way_onto_the_newsletter_stores_the_consent_given(
    client, manager, django_capture_on_commit_callbacks
):
    from campaigns.newsletter.subscribers import subscriber_subscribe
    from campaigns.privacy import subscribers_without_consent

    with django_capture_on_commit_callbacks(execute=True):
        enquiry_create(
            source=Source.WEB, details=enquiry_details(email="sam@example.com", newsletter_consent=True)
        )
    subscriber_subscribe(
        email="reader@example.com",
        first_name="Reader",
        council="kent",
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        source="Newsletter page",
    )

    subscribers = Subscriber.objects.order_by("email")
    assert [subscriber.email for subscriber in subscribers] == ["reader@example.com", "sam@example.com"]
    for subscriber in subscribers:
        assert subscriber.status == Subscriber.Status.SUBSCRIBED
        assert subscriber.consent_wording_version == consent.NEWSLETTER.version
        assert subscriber.consent_wording == consent.NEWSLETTER.text
        assert subscriber.consent_source and subscriber.consented_at
    assert list(subscribers_without_consent()) == []
    client.force_login(manager.user)
    assert "no stored consent" not in client.get("/admin/crm/privacy/").content.decode()


def test_a_subscriber_without_a_stored_consent_fails_the_check_and_warns_managers(client, manager):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    call_command("check", "--database", "default")
    Subscriber.objects.create(email="imported@example.com", status=Subscriber.Status.SUBSCRIBED)

    with pytest.raises(SystemCheckError, match="campaigns.E001"):
        call_command("check", "--database", "default")
    client.force_login(manager.user)
    assert (
        "1 newsletter subscriber has no stored consent" in client.get("/admin/crm/privacy/").content.decode()
    )


def test_the_summary_is_written_for_the_person_and_the_json_keeps_the_machine_form(
    client, manager, django_capture_on_commit_callbacks
):
    # Given a couple who came from the radio's short address and ticked the newsletter box
    with django_capture_on_commit_callbacks(execute=True):
        sam = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(
                first_name="Sam", email="sam@example.com", household_type="couple", newsletter_consent=True
            ),
            attribution={"vanity": "radio", "utm_campaign": "WINTER26", "host": "127.0.0.1"},
            received_at=dt.datetime(2026, 12, 4, 15, 4, tzinfo=dt.UTC),
        ).household
    client.force_login(manager.user)

    document, summary, _ = download(client, f"household-{sam.pk}")

    # The JSON file keeps the codes and ISO times other programs read
    (enquiry,) = document["sections"]["Enquiries"]
    assert enquiry["What you told us"]["household_type"] == "couple"
    assert enquiry["Campaign and website details"]["host"] == "127.0.0.1"
    assert enquiry["Received"].startswith("2026-12-04T15:04")
    # The summary puts each into words, with a line on what each section is
    text = re.sub(r"<[^>]+>", " ", summary)
    for plain in (
        "4 December 2026, 3:04pm",
        "Adopting: As a couple",
        "Short web address you used: radio",
        "Each time you got in touch with us",
        "Nothing recorded",
    ):
        assert plain in text, plain
    for internal in ("None", "household_type", "host", "127.0.0.1", "2026-12-04T", "subscriber_hash", "utm_"):
        assert internal not in text, internal

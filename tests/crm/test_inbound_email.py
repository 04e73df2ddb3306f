"""The email door: Mailgun forwards mail for the front-door mailbox; anymail checks and normalises it."""

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid

import pytest
from anymail.inbound import AnymailInboundMessage

from crm.inbound import MESSAGE_LIMIT, inbound_email_enquiry
from crm.models import Consent, Enquiry, Household, SideEffect, Source, TimelineEntry
from crm.services import enquiry_create
from tests.factories import enquiry_details, staff_member

URL = "/anymail/mailgun/inbound/"
SIGNING_KEY = "mailgun-signing-key-for-tests"
WEBHOOK_SECRET = "mailgun:door-secret-for-tests"
FRONT_DOOR = "enquiries@adoptionpartnership.example"
MESSAGE_ID = "<CAF=abc123@mail.example.com>"


@pytest.fixture
def door(settings, crm_reference):
    """The email door switched on, as it is when both secrets are in the environment."""
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }


@pytest.fixture
def kent_worker(crm_reference):
    return staff_member("kent.worker", council="kent")


def signature_fields(*, key: str = SIGNING_KEY, timestamp: str | None = None) -> dict[str, str]:
    """Mailgun's signature: HMAC-SHA256 of timestamp + token with the webhook signing key."""
    timestamp = timestamp or str(int(time.time()))
    token = secrets.token_hex(25)
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": signature}


def email_fields(
    *,
    sender: str = "Jane Smith <jane@example.com>",
    subject: str = "Thinking about adoption",
    body: str = "Hello,\n\nWe would like to know more about adopting.\n\nJane",
    message_id: str | None = MESSAGE_ID,
    headers: tuple = (),
    envelope_sender: str = "jane@example.com",
    **extra: str,
) -> dict[str, str]:
    """The fields of Mailgun's "forward" route action for a fully parsed message."""
    header_list = [["From", sender], ["To", FRONT_DOOR], ["Subject", subject]]
    if message_id:
        header_list.append(["Message-Id", message_id])
    header_list.extend([list(header) for header in headers])
    return {
        "recipient": FRONT_DOOR,
        "sender": envelope_sender,
        "from": sender,
        "subject": subject,
        "body-plain": body,
        "message-headers": json.dumps(header_list),
        **extra,
    }


def basic_auth(secret: str = WEBHOOK_SECRET) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


def deliver(
    client, fields: dict | None = None, *, key: str = SIGNING_KEY, auth: str = WEBHOOK_SECRET, **email
):
    """POST one signed inbound email to the webhook, as Mailgun would."""
    data = {**signature_fields(key=key), **(fields if fields is not None else email_fields(**email))}
    return client.post(URL, data, HTTP_AUTHORIZATION=basic_auth(auth))


def message(*, sender: str = "Jane Smith <jane@example.com>", text: str = "I'd like to adopt.", **fields):
    return AnymailInboundMessage.construct(
        from_email=sender, to=FRONT_DOOR, subject=fields.pop("subject", "Adoption"), text=text, **fields
    )


# The door works


@pytest.mark.django_db
def test_an_email_from_someone_new_becomes_a_routed_enquiry(client, door, kent_worker):
    body = (
        "Hello,\n\nWe are thinking about adopting and live in Maidstone, ME14 1XX.\n\nThanks,\nJane\n\n"
        "-- \nJane Smith\nWidgets Ltd\n\n"
        "On Mon, 2 Feb 2026 at 10:00, APSE <hello@adoptionpartnership.example> wrote:\n> Our newsletter"
    )

    response = deliver(client, body=body)

    assert response.status_code == 200
    enquiry = Enquiry.objects.get()
    assert (enquiry.source, enquiry.status, enquiry.council) == (Source.EMAIL, "accepted", "kent")
    assert enquiry.submission_key == uuid.uuid5(uuid.NAMESPACE_URL, MESSAGE_ID)
    assert enquiry.message == (
        "Subject: Thinking about adoption\n\n"
        "Hello,\n\nWe are thinking about adopting and live in Maidstone, ME14 1XX.\n\nThanks,\nJane"
    )
    assert (enquiry.heard_about, enquiry.data["contact_consent"], enquiry.data["newsletter_consent"]) == (
        "",
        True,
        False,
    )
    household = enquiry.household
    assert (household.first_name, household.last_name, household.email, household.postcode) == (
        "Jane",
        "Smith",
        "jane@example.com",
        "ME14 1XX",
    )
    assert household.assigned_to == kent_worker
    assert list(household.consents.values_list("purpose", "source")) == [(Consent.Purpose.CONTACT, "Email")]
    assert household.timeline.filter(
        kind=TimelineEntry.Kind.ENQUIRY, summary="Email enquiry received"
    ).exists()
    assert sorted(SideEffect.objects.values_list("kind", flat=True)) == [
        "enquiry_confirmation",
        "worker_notification",
    ]


@pytest.mark.django_db
def test_an_email_from_a_known_address_joins_their_household(client, door, kent_worker):
    # Given Jane enquired on the website from Kent
    first = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Jane", last_name="Smith", email="jane@example.com"),
    )

    # When she writes from the same address, upper case and all, without a postcode
    response = deliver(client, sender="Jane <JANE@Example.com>", body="Can we come to the next evening?")

    # Then it joins her household, stays with her council and gets the usual confirmation
    assert response.status_code == 200
    assert Household.objects.count() == 1
    latest = first.household.enquiries.get(source=Source.EMAIL)
    assert latest.council == "kent"
    assert SideEffect.objects.filter(kind="enquiry_confirmation", payload={"enquiry_id": latest.pk}).exists()
    assert not SideEffect.objects.filter(kind="out_of_area_reply").exists()


@pytest.mark.django_db
def test_a_redelivered_webhook_makes_one_enquiry(client, door, kent_worker):
    assert deliver(client).status_code == 200
    assert deliver(client).status_code == 200

    assert Enquiry.objects.count() == 1
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.ENQUIRY).count() == 1


@pytest.mark.django_db
def test_raw_mime_from_mailgun_is_read_too(client, door):
    raw = (
        "From: =?utf-8?q?Si=C3=A2n_Jones?= <sian@example.com>\r\n"
        f"To: {FRONT_DOOR}\r\nSubject: Adoption\r\nMessage-ID: <raw-1@example.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "We live near Bexleyheath, DA6 7AA, and would love to talk. =A31 for your thoughts!\r\n"
    )

    response = deliver(client, {"recipient": FRONT_DOOR, "sender": "sian@example.com", "body-mime": raw})

    assert response.status_code == 200
    household = Enquiry.objects.get().household
    assert (household.first_name, household.last_name, household.council) == ("Siân", "Jones", "bexley")
    assert "£1 for your thoughts" in household.enquiries.get().message


@pytest.mark.django_db
def test_an_html_only_email_keeps_its_words(client, door):
    fields = email_fields(body="")
    del fields["body-plain"]
    fields["body-html"] = "<p>We&rsquo;d love to <b>adopt</b>.</p>"

    assert deliver(client, fields).status_code == 200

    assert Enquiry.objects.get().message == "Subject: Thinking about adoption\n\nWe\u2019d love to adopt."


# What is not an enquiry


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    [
        pytest.param({"sender": "APSE <hello@adoptionpartnership.example>"}, id="our own address"),
        pytest.param({"sender": "bounces@mg.adoptionpartnership.example"}, id="our own subdomain"),
        pytest.param({"headers": [("Auto-Submitted", "auto-replied")]}, id="auto-submitted"),
        pytest.param({"headers": [("Precedence", "bulk")]}, id="precedence bulk"),
        pytest.param({"headers": [("Precedence", "auto_reply")]}, id="precedence auto_reply"),
        pytest.param({"headers": [("X-Autoreply", "yes")]}, id="x-autoreply"),
        pytest.param({"headers": [("List-Unsubscribe", "<mailto:leave@shop.example>")]}, id="mailing list"),
        pytest.param({"subject": "Out of Office: Re: your enquiry"}, id="out of office"),
        pytest.param({"subject": "Automatic reply: Thinking about adoption"}, id="automatic reply"),
        pytest.param(
            {"sender": "Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>", "subject": "Returned"},
            id="mailer-daemon",
        ),
        pytest.param({"subject": "Undeliverable: Thank you for getting in touch"}, id="undeliverable"),
        pytest.param({"envelope_sender": ""}, id="empty return path"),
        pytest.param({"headers": [("X-Failed-Recipients", "someone@example.com")]}, id="failed recipients"),
        pytest.param({"sender": "Shop <no-reply@shop.example>"}, id="no-reply"),
        pytest.param({"sender": "not an address"}, id="no usable From"),
        pytest.param({"sender": "a@example.com, b@example.com"}, id="two From addresses"),
    ],
)
def test_mail_no_person_wrote_to_us_is_not_an_enquiry(client, door, email):
    response = deliver(client, **email)

    assert response.status_code == 200
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_auto_submitted_no_is_a_person_writing(client, door):
    assert deliver(client, headers=[("Auto-Submitted", "no")]).status_code == 200
    assert Enquiry.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (
            [("X-Mailgun-Sflag", "Yes"), ("X-Mailgun-Sscore", "3.1")],
            "The mail provider flagged this email as spam.",
        ),
        (
            [("X-Mailgun-Sflag", "No"), ("X-Mailgun-Sscore", "7.5")],
            "Its spam score is 7.5 (we quarantine 5 or more).",
        ),
    ],
)
def test_suspected_spam_waits_in_quarantine(client, door, headers, reason):
    assert deliver(client, headers=headers).status_code == 200

    enquiry = Enquiry.objects.get()
    assert (enquiry.status, enquiry.household, enquiry.spam_reasons) == ("quarantined", None, [reason])
    assert not SideEffect.objects.exists()


@pytest.mark.django_db
def test_a_low_spam_score_is_let_in(client, door):
    assert (
        deliver(client, headers=[("X-Mailgun-Sflag", "No"), ("X-Mailgun-Sscore", "1.2")]).status_code == 200
    )
    assert Enquiry.objects.get().status == "accepted"


# Only Mailgun, with our secrets, gets in


@pytest.mark.django_db
def test_the_door_is_shut_until_both_secrets_are_set(client, settings, crm_reference):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}

    assert deliver(client).status_code == 404
    assert client.head(URL).status_code == 404
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param({"key": "someone-elses-key"}, id="wrong signature"),
        pytest.param({"auth": "mailgun:wrong-password"}, id="wrong basic auth"),
    ],
)
def test_a_request_that_is_not_from_mailgun_is_refused(client, door, attempt):
    assert deliver(client, **attempt).status_code == 400
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_a_request_without_basic_auth_or_signature_is_refused(client, door):
    unsigned = client.post(URL, email_fields(), HTTP_AUTHORIZATION=basic_auth())
    no_auth = client.post(URL, {**signature_fields(), **email_fields()})

    assert (unsigned.status_code, no_auth.status_code) == (400, 400)
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_a_get_is_not_allowed(client, door):
    assert client.get(URL).status_code == 405


# Hostile or broken requests never give a 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"message-headers": None}, id="no message headers"),
        pytest.param({"message-headers": "{{{ not json"}, id="headers not JSON"),
        pytest.param({"message-headers": json.dumps({"From": "jane@example.com"})}, id="headers a mapping"),
        pytest.param({"message-headers": json.dumps([["From"], [1, 2]])}, id="headers not pairs"),
        pytest.param(
            {"message-headers": json.dumps([["Subject", "a\r\nBcc: x@example.com"]])}, id="header newline"
        ),
        pytest.param({"attachments": "[]"}, id="stored, not forwarded"),
        pytest.param({"event": "delivered"}, id="a tracking event"),
        pytest.param({"attachment-count": "lots"}, id="attachment count not a number"),
    ],
)
def test_a_signed_payload_we_cannot_read_is_a_400(client, door, change):
    fields = email_fields()
    for name, value in change.items():
        if value is None:
            del fields[name]
        else:
            fields[name] = value

    response = deliver(client, fields)

    assert response.status_code == 400
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_a_timestamp_that_is_not_a_number_is_a_400(client, door):
    data = {**signature_fields(timestamp="yesterday"), **email_fields()}

    assert client.post(URL, data, HTTP_AUTHORIZATION=basic_auth()).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (
            "application/json",
            lambda: json.dumps({"signature": signature_fields(), "event-data": {"event": "x"}}),
        ),
        ("text/plain", lambda: "From: jane@example.com\n\nHello"),
        ("application/octet-stream", lambda: "\x00\x01\x02"),
    ],
)
def test_the_wrong_content_type_is_a_400(client, door, content_type, body):
    response = client.post(URL, body(), content_type=content_type, HTTP_AUTHORIZATION=basic_auth())

    assert response.status_code == 400
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_invalid_utf8_and_control_characters_are_cleaned_not_fatal(client, door):
    boundary = "XyZzY"
    fields = {**signature_fields(), **email_fields(sender="Ja\x00ne Sm\x07ith <jane@example.com>")}
    fields["body-plain"] = None
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value.encode()
        + b"\r\n"
        for name, value in fields.items()
        if value is not None
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="body-plain"\r\n\r\n'.encode()
        + b"We \xff\xfe would like\x00 to adopt in CT1 2AB.\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()

    response = client.generic(
        "POST",
        URL,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_AUTHORIZATION=basic_auth(),
    )

    assert response.status_code == 200
    enquiry = Enquiry.objects.get()
    assert (enquiry.household.first_name, enquiry.household.last_name) == ("Jane", "Smith")
    assert "\x00" not in enquiry.message
    assert "would like to adopt in CT1 2AB." in enquiry.message
    assert enquiry.household.council == "kent"


@pytest.mark.django_db
def test_a_long_email_is_shortened_and_says_so(client, door):
    body = "We would love to adopt. " * 20_000

    assert deliver(client, body=body).status_code == 200

    message = Enquiry.objects.get().message
    assert len(message) < MESSAGE_LIMIT + 200
    assert message.endswith("[The rest of this email was too long to keep here.]")


@pytest.mark.django_db
def test_a_request_bigger_than_django_accepts_is_a_400(client, door, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000

    assert deliver(client, body="x" * 200_000).status_code == 400
    assert not Enquiry.objects.exists()


# Reading names and messages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sender", "names"),
    [
        ("Jane Smith <jane@example.com>", ("Jane", "Smith", "")),
        ('"Smith, Jane" <jane@example.com>', ("Jane", "Smith", "")),
        ("Mrs Jane Smith-Jones <jane@example.com>", ("Jane", "Smith-Jones", "")),
        ("Jane & John Smith <smiths@example.com>", ("Jane", "Smith", "John")),
        ("jane.smith@example.com", ("Jane", "Smith", "")),
        ('"jane.smith@example.com" <jane.smith@example.com>', ("Jane", "Smith", "")),
        ("<jsmith1984@example.com>", ("jsmith1984", "", "")),
        ("=?utf-8?q?Si=C3=A2n_Jones?= <sian@example.com>", ("Siân", "Jones", "")),
    ],
)
def test_names_come_from_the_display_name_or_the_address(crm_reference, sender, names):
    enquiry = inbound_email_enquiry(message=message(sender=sender))

    household = enquiry.household
    assert (household.first_name, household.last_name, household.partner_first_name) == names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hi,\n\nTell me more.\n\nSent from my iPhone", "Hi,\n\nTell me more."),
        (
            "Tell me more.\n\nFrom: APSE <hello@adoptionpartnership.example>\nSent: 1 March 2026\nTo: Jane\n"
            "Subject: Events\n\nOur events",
            "Tell me more.",
        ),
        ("Tell me more.\n\n-----Original Message-----\nFrom: APSE\nOld text", "Tell me more."),
        ("Yes please.\n\n> Would you like a call?\n> Reply here", "Yes please."),
        (
            "Yes please.\n\nOn Tue, 3 Mar 2026, 09:12 Adoption Partnership south east <\nhello@apse.example>"
            " wrote:\n\nQuoted",
            "Yes please.",
        ),
        ("Call me on 07700 900123.\n--\nJane\nAcme Ltd", "Call me on 07700 900123."),
    ],
)
def test_quoted_replies_and_signatures_are_left_out(crm_reference, text, kept):
    enquiry = inbound_email_enquiry(message=message(text=text))

    assert enquiry.message == f"Subject: Adoption\n\n{kept}"


@pytest.mark.django_db
def test_mailguns_stripped_text_is_preferred(client, door):
    fields = email_fields(body="Full text with the old thread", **{"stripped-text": "Just the new words"})

    assert deliver(client, fields).status_code == 200

    assert Enquiry.objects.get().message == "Subject: Thinking about adoption\n\nJust the new words"


@pytest.mark.django_db
def test_an_email_with_no_message_id_is_still_taken_once(crm_reference):
    first = inbound_email_enquiry(message=message(text="Hello there"))
    again = inbound_email_enquiry(message=message(text="Hello there"))

    assert first.pk == again.pk
    assert Enquiry.objects.count() == 1


# Old signatures


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds_ago", "taken"),
    [
        pytest.param(0, True, id="just now"),
        pytest.param(7 * 3600 + 59 * 60, True, id="a retry nearly 8 hours on"),
        pytest.param(9 * 3600 + 60, False, id="older than Mailgun retries"),
        pytest.param(30 * 86_400, False, id="a month old"),
        pytest.param(-3600, False, id="an hour in the future"),
    ],
)
def test_a_correctly_signed_request_is_taken_only_within_mailguns_retry_window(
    client, door, kent_worker, seconds_ago, taken
):
    timestamp = str(int(time.time()) - seconds_ago)
    data = {**signature_fields(timestamp=timestamp), **email_fields()}

    response = client.post(URL, data, HTTP_AUTHORIZATION=basic_auth())

    assert response.status_code == (200 if taken else 400)
    assert Enquiry.objects.exists() is taken

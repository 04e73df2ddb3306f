"""Mailchimp's webhook: changes made on Mailchimp's side come back here, behind a secret address.

Mailchimp posts ``application/x-www-form-urlencoded`` fields such as ``type=unsubscribe`` and
``data[email]=...``, and checks the address with a GET first.
https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/
"""

import pytest

from campaigns.models import MailchimpSync, Subscriber
from campaigns.newsletter.subscribers import subscriber_subscribe
from core import consent

pytestmark = [pytest.mark.django_db]

SECRET = "wh-3f9a1c7e"
ADDRESS = f"/newsletter/mailchimp/webhook/{SECRET}/"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.MAILCHIMP_WEBHOOK_SECRET = SECRET


@pytest.fixture
def sam(db) -> Subscriber:
    return subscriber_subscribe(
        email="sam@example.com",
        first_name="Sam",
        council="kent",
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        source="Newsletter page",
    )


def event(client, kind: str, address: str = ADDRESS, **data):
    fields = {"type": kind, "fired_at": "2026-11-20 10:15:00", "data[list_id]": "audience1"}
    fields.update({f"data[{name}]": value for name, value in data.items()})
    return client.post(address, fields)


def test_mailchimp_checking_the_address_gets_a_200(client):
    response = client.get(ADDRESS)

    assert (response.status_code, response.content) == (200, b"OK")


@pytest.mark.parametrize("address", ["/newsletter/mailchimp/webhook/wrong/", f"{ADDRESS[:-2]}/"])
def test_a_wrong_secret_is_a_404_and_changes_nothing(client, sam, address):
    assert client.get(address).status_code == 404
    assert event(client, "unsubscribe", address=address, email="sam@example.com").status_code == 404

    sam.refresh_from_db()
    assert sam.status == "subscribed"


def test_without_a_secret_configured_the_address_does_not_exist(client, settings, sam):
    settings.MAILCHIMP_WEBHOOK_SECRET = ""

    assert client.get(ADDRESS).status_code == 404
    assert event(client, "unsubscribe", email="sam@example.com").status_code == 404


def test_an_unsubscribe_in_mailchimp_withdraws_consent_here(client, sam):
    # When Mailchimp says Sam unsubscribed
    response = event(client, "unsubscribe", email="Sam@Example.com", action="unsub", reason="manual")

    # Then Sam is unsubscribed here, recorded as from Mailchimp, and nothing is sent back
    assert response.status_code == 200
    sam.refresh_from_db()
    assert (sam.status, sam.consent_source) == ("unsubscribed", "Mailchimp")
    assert list(MailchimpSync.objects.values_list("action", flat=True)) == ["upsert"]


def test_a_cleaned_address_is_marked_cleaned(client, sam):
    response = event(client, "cleaned", email="sam@example.com", reason="hard")

    assert response.status_code == 200
    sam.refresh_from_db()
    assert (sam.status, sam.get_status_display()) == ("cleaned", "Removed by Mailchimp (address bounced)")


def test_a_profile_update_changes_the_first_name(client, sam):
    response = client.post(
        ADDRESS,
        {"type": "profile", "data[email]": "sam@example.com", "data[merges][FNAME]": "Samantha"},
    )

    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.first_name == "Samantha"


def test_an_address_change_updates_the_email(client, sam):
    response = event(client, "upemail", old_email="sam@example.com", new_email="samantha@example.com")

    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.email == "samantha@example.com"


def test_an_address_change_to_someone_elses_address_is_ignored(client, sam):
    subscriber_subscribe(
        email="jo@example.com",
        first_name="Jo",
        council="",
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        source="Newsletter page",
    )

    response = event(client, "upemail", old_email="sam@example.com", new_email="jo@example.com")

    assert (response.status_code, response.content) == (200, b"Ignored")
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"


def test_signing_up_again_in_mailchimp_subscribes_again_here(client, sam):
    event(client, "unsubscribe", email="sam@example.com")

    response = event(client, "subscribe", email="sam@example.com")

    assert response.status_code == 200
    sam.refresh_from_db()
    assert (sam.status, sam.consent_source, sam.consent_wording_version) == (
        "subscribed",
        "Mailchimp",
        "mailchimp",
    )


def test_someone_we_do_not_know_is_ignored_with_a_200(client):
    response = event(client, "unsubscribe", email="stranger@example.com")

    assert (response.status_code, response.content) == (200, b"Ignored")
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/x-www-form-urlencoded"),
        ("type=unsubscribe", "application/x-www-form-urlencoded"),
        ("type=unsubscribe&data[email]=not-an-address", "application/x-www-form-urlencoded"),
        ("type=upemail&data[old_email]=sam@example.com", "application/x-www-form-urlencoded"),
        ("type=" + "x" * 5000 + "&data[email]=sam@example.com", "application/x-www-form-urlencoded"),
        (
            "type=profile&data[email]=sam@example.com&data[merges][FNAME]=" + "é" * 400,
            "application/x-www-form-urlencoded",
        ),
        ("type[]=unsubscribe&data[email][]=sam@example.com", "application/x-www-form-urlencoded"),
        ("type=%FF%FE&data[email]=%00sam@example.com", "application/x-www-form-urlencoded"),
        ('{"type": "unsubscribe", "data": {"email": "sam@example.com"}}', "application/json"),
        (
            "--x\r\nContent-Disposition: form-data; name=type\r\n\r\nunsub\r\n--",
            "multipart/form-data; boundary=x",
        ),
        ("type=campaign&data[id]=abc", "application/x-www-form-urlencoded"),
    ],
)
def test_hostile_or_odd_input_never_gives_a_500_and_changes_nobody(client, sam, body, content_type):
    response = client.post(ADDRESS, body, content_type=content_type)

    assert response.status_code in (200, 400)
    sam.refresh_from_db()
    assert (sam.status, sam.email, sam.first_name) == ("subscribed", "sam@example.com", "Sam")


@pytest.mark.parametrize("secret", ["%C3%A9t%C3%A9", "x" * 3000, "..%2F..%2Fadmin"])
def test_odd_secrets_are_a_404_not_a_500(client, secret):
    assert client.get(f"/newsletter/mailchimp/webhook/{secret}/").status_code == 404


def test_other_methods_are_refused(client):
    assert client.put(ADDRESS).status_code == 405

"""Sign-ups held as doubtful wait for a person: signed up with the consent they gave, or deleted."""

import datetime as dt

from django.utils import timezone

import pytest

from campaigns.models import HeldSignup, MailchimpSync, Subscriber
from campaigns.newsletter.held import held_signup_create
from core import consent
from crm.models import AuditEvent
from crm.selectors import person_for_anchor, person_resolve
from crm.services.privacy import person_erase
from tests.factories import UserFactory, staff_member
from website.roles import MARKETING_EDITORS, roles_sync


@pytest.fixture
def marketing(db):
    user = UserFactory(username="held.marketing")
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


def held(email: str = "pat@example.com", **fields) -> HeldSignup:
    return held_signup_create(
        email=email,
        first_name=fields.get("first_name", "Pat"),
        council="medway",
        source="Newsletter form in the website footer",
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        doubts=["Too many sign-ups from the same internet address."],
        at=fields.get("at"),
    )


@pytest.mark.django_db
def test_the_team_sees_why_each_sign_up_was_held(client, marketing):
    held()
    client.force_login(marketing)

    response = client.get("/admin/newsletter/held/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "pat@example.com" in html
    assert "Too many sign-ups from the same internet address." in html
    assert "Held sign-ups" in client.get("/admin/").content.decode()
    assert AuditEvent.objects.filter(summary="Shown in the held newsletter sign-ups").exists()


@pytest.mark.django_db
def test_signing_them_up_uses_the_consent_they_gave_when_they_asked(client, marketing):
    asked_at = timezone.now() - dt.timedelta(days=2)
    waiting = held(at=asked_at)
    client.force_login(marketing)

    response = client.post(f"/admin/newsletter/held/{waiting.pk}/sign-up/", {"next": "40"})

    assert (response.status_code, response["Location"]) == (302, "/admin/newsletter/held/")
    subscriber = Subscriber.objects.get(email="pat@example.com")
    assert (subscriber.status, subscriber.consent_wording_version, subscriber.consent_source) == (
        "subscribed",
        consent.NEWSLETTER.version,
        "Newsletter form in the website footer",
    )
    assert subscriber.consented_at == asked_at
    assert subscriber.syncs.filter(action="upsert").exists()
    assert not HeldSignup.objects.exists()
    assert AuditEvent.objects.filter(object_type="heldsignup", action="change").exists()


@pytest.mark.django_db
def test_deleting_one_sends_nothing_to_mailchimp(client, marketing):
    waiting = held()
    client.force_login(marketing)

    response = client.post(f"/admin/newsletter/held/{waiting.pk}/delete/")

    assert response.status_code == 302
    assert not HeldSignup.objects.exists()
    assert not Subscriber.objects.exists()
    assert not MailchimpSync.objects.exists()
    # Deciding twice (two tabs) finds nothing left, not an error.
    assert client.post(f"/admin/newsletter/held/{waiting.pk}/delete/").status_code == 404


@pytest.mark.django_db
def test_nobody_else_sees_them(client, crm_reference):
    waiting = held()
    worker = staff_member("held.worker", council="kent")
    client.force_login(worker.user)

    assert client.get("/admin/newsletter/held/").status_code == 404
    assert client.post(f"/admin/newsletter/held/{waiting.pk}/sign-up/").status_code == 404
    assert HeldSignup.objects.exists()


@pytest.mark.django_db
def test_a_person_asking_for_their_data_finds_held_sign_ups_and_erasure_deletes_them(crm_reference):
    waiting = held()
    other = held(email="someone.else@example.com")
    manager = staff_member("held.manager", role="manager", council=None)

    _anchor, person = person_for_anchor(key=f"held_signup-{waiting.pk}")
    assert person == person_resolve(emails=["pat@example.com"], records=[("held_signup", waiting.pk)])
    person_erase(person=person, by=manager.user, reason="Asked by email")

    assert list(HeldSignup.objects.values_list("pk", flat=True)) == [other.pk]

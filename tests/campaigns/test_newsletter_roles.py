"""The newsletter screens by role: marketing sees who signed up, never that one of them is an enquirer.

One rule (README, privacy notice): marketing runs the newsletter, so it may see the people who signed
up to it, but nothing on any newsletter screen may tell a subscriber who is also an enquirer or
adopter from one who only signed up on the website: not where consent came from, not a link or
reference to a household, not a count or a filter. Managers and superusers see where consent came
from. Recruitment workers do not see the newsletter at all.
"""

import re

from django.utils import timezone

import pytest

from campaigns.models import MailchimpSync
from campaigns.newsletter.subscribers import subscriber_subscribe
from core import consent
from crm.models import Source
from crm.services import enquiry_create
from tests.factories import UserFactory, enquiry_details, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.django_db]

SCREENS = ["/admin/newsletter/", "/admin/newsletter/?q=example", "/admin/newsletter/syncs/"]


@pytest.fixture
def people(crm_reference):
    """An adopter who ticked the newsletter box on a phone enquiry, and someone who signed up on the website."""
    household = enquiry_create(
        source=Source.PHONE, details=enquiry_details(email="adopter@example.com", first_name="Ada")
    ).household
    adopter = subscriber_subscribe(
        email="adopter@example.com",
        first_name="Ada",
        council=household.council,
        household=household,
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        source="Enquiry: Phone call",
    )
    reader = subscriber_subscribe(
        email="reader@example.com",
        first_name="Rea",
        council=household.council,
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        source="Newsletter page",
    )
    for subscriber in (adopter, reader):
        MailchimpSync.objects.create(
            subscriber=subscriber,
            action=MailchimpSync.Action.UPSERT,
            status=MailchimpSync.Status.FAILED,
            attempts=3,
            last_error="Mailchimp said the address looks fake.",
        )
    return household, adopter, reader


@pytest.fixture
def users(crm_reference):
    marketing = UserFactory(username="marketing")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return {
        "marketing": marketing,
        "worker": staff_member("kent.worker", council="kent").user,
        "manager": staff_member("manager", role="manager", council=None).user,
        "superuser": UserFactory(username="admin", is_superuser=True),
    }


def row(html: str, subscriber) -> str:
    """The subscriber's row with what is theirs alone (address, name, id, times) taken out."""
    found = re.search(
        rf'<tr id="(?:subscriber|sync)-\d+">(?:(?!</tr>).)*{re.escape(subscriber.email)}.*?</tr>', html, re.S
    )
    assert found, subscriber.email
    text = found.group(0).replace(subscriber.email, "EMAIL").replace(subscriber.first_name, "NAME")
    text = re.sub(r"\d+", "N", text)
    return text


@pytest.mark.parametrize("address", SCREENS)
def test_marketing_sees_both_subscribers_alike(client, users, people, address):
    household, adopter, reader = people
    client.force_login(users["marketing"])

    html = client.get(address).content.decode()

    assert adopter.email in html and reader.email in html
    for clue in ("Enquiry", "Phone call", "phone", household.reference, "/admin/crm/", "household"):
        assert clue not in html, clue
    # Row for row, nothing but the person's own details differs between the enquirer and the reader.
    assert row(html, adopter) == row(html, reader)


@pytest.mark.parametrize("role", ["manager", "superuser"])
def test_managers_and_superusers_see_where_consent_came_from(client, users, people, role):
    client.force_login(users[role])

    html = client.get("/admin/newsletter/").content.decode()

    assert "Enquiry: Phone call" in html and "Newsletter page" in html


@pytest.mark.parametrize("address", SCREENS)
def test_a_recruitment_worker_gets_a_404_on_every_newsletter_screen(client, users, people, address):
    client.force_login(users["worker"])

    assert client.get(address).status_code == 404


def test_the_search_cannot_single_out_enquirers(client, users, people):
    client.force_login(users["marketing"])

    for query in ("Enquiry", "Phone call", "enquiry"):
        html = client.get("/admin/newsletter/", {"q": query}).content.decode()
        assert "0 subscribers" in html, query


def test_unsubscribing_an_enquirer_tells_marketing_nothing_more(client, users, people):
    _, adopter, _ = people
    client.force_login(users["marketing"])

    response = client.post(f"/admin/newsletter/subscribers/{adopter.pk}/unsubscribe/", follow=True)

    html = response.content.decode()
    assert f"{adopter.email} is unsubscribed" in html
    assert "Enquiry" not in html
    assert adopter.syncs.filter(created_at__lte=timezone.now()).exists()

"""The audit trail: every view, change, export and removal of a person's record says who, when and what."""

import html
import re

import pytest

from crm.models import AuditEvent, Source
from crm.services import enquiry_create
from crm.services.bookings import booking_create
from tests.factories import enquiry_details, event_index, event_page, staff_member

pytestmark = [pytest.mark.django_db]

STAFF_ADDRESS = "10.1.2.3"


@pytest.fixture
def manager():
    return staff_member("audit.manager", role="manager", council=None)


@pytest.fixture
def kent_worker():
    return staff_member("kent.worker", council="kent")


def enquire(email="sam@example.com", **fields):
    return enquiry_create(source=Source.WEB, details=enquiry_details(email=email, **fields))


def trail(**filters) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("pk")
        .values_list("action", "username", "household_id", "object_type", "ip_address")
    )


def test_opening_a_household_page_records_who_viewed_it_from_where(client, kent_worker):
    household = enquire().household
    client.force_login(kent_worker.user)

    response = client.get(f"/admin/crm/households/{household.pk}/", REMOTE_ADDR=STAFF_ADDRESS)

    assert response.status_code == 200
    assert trail(action="view") == [("view", "kent.worker", household.pk, "household", STAFF_ADDRESS)]
    entry = AuditEvent.objects.get(action="view")
    assert entry.user == kent_worker.user and entry.summary == "Household page opened"


def test_comparing_two_records_for_a_merge_records_both_as_viewed(client, manager):
    first = enquire("sam@example.com").household
    second = enquire("sam.other@example.com", phone="07700 900999").household
    client.force_login(manager.user)

    response = client.get(f"/admin/crm/households/{first.pk}/merge/", {"merge-other": second.reference})

    assert response.status_code == 200 and b"Are these the same people?" in response.content
    viewed = AuditEvent.objects.filter(action="view", username="audit.manager")
    assert sorted(viewed.values_list("household_id", flat=True)) == sorted([first.pk, second.pk])
    assert set(viewed.values_list("summary", flat=True)) == {
        f"Compared for merging: {second.reference} into {first.reference}"
    }


def test_a_household_someone_may_not_see_is_not_recorded_as_viewed(client):
    household = enquire(postcode="DA1 4AA").household
    medway = staff_member("medway.worker", council="medway")
    client.force_login(medway.user)

    assert client.get(f"/admin/crm/households/{household.pk}/").status_code == 404
    assert trail(action="view") == []


def test_a_change_made_on_the_household_page_records_the_change_and_the_address(client, kent_worker):
    household = enquire().household
    client.force_login(kent_worker.user)

    response = client.post(
        f"/admin/crm/households/{household.pk}/call/",
        {"call-reached": "yes", "call-summary": "Talked through the pack", "call-notes": "Keen on siblings"},
        REMOTE_ADDR=STAFF_ADDRESS,
    )

    assert response.status_code == 302
    changes = trail(action="change", username="kent.worker")
    assert changes and set(changes) == {("change", "kent.worker", household.pk, "household", STAFF_ADDRESS)}
    assert AuditEvent.objects.filter(action="change", username="kent.worker", summary="Call logged").exists()


def test_the_public_s_own_enquiry_is_recorded_without_their_address(client, home_page):
    enquiry = enquire()

    entry = AuditEvent.objects.get(object_type="enquiry", object_id=enquiry.pk)
    assert (entry.action, entry.user, entry.username, entry.ip_address) == ("change", None, "", None)
    assert entry.household_id is None or entry.household_id == enquiry.household_id
    assert "sam@example.com" not in entry.summary and "Alex" not in entry.summary


def test_the_quarantine_list_records_each_enquiry_it_shows(client, manager):
    held = [
        enquiry_create(
            source=Source.WEB,
            details=enquiry_details(email=f"held{n}@example.com"),
            spam_reasons=["Sent too quickly"],
        )
        for n in range(3)
    ]
    client.force_login(manager.user)

    assert client.get("/admin/crm/quarantine/").status_code == 200

    shown = AuditEvent.objects.filter(action="view", object_type="enquiry")
    assert sorted(shown.values_list("object_id", flat=True)) == sorted(enquiry.pk for enquiry in held)
    assert set(shown.values_list("username", flat=True)) == {"audit.manager"}


def test_the_bookings_list_records_only_the_households_it_names(client, home_page, kent_worker):
    evening = event_page(event_index(home_page), title="Information evening", days=10, capacity=5)
    kent = booking_create(
        event_id=evening.pk,
        capacity=5,
        details=enquiry_details(email="kent@example.com", phone="", postcode="ME14 1XX"),
    )
    bexley = booking_create(
        event_id=evening.pk,
        capacity=5,
        details=enquiry_details(email="bexley@example.com", phone="", postcode="DA1 4AA"),
    )
    client.force_login(kent_worker.user)

    assert client.get(f"/admin/crm/events/{evening.pk}/bookings/").status_code == 200

    viewed = set(AuditEvent.objects.filter(action="view").values_list("household_id", "object_type"))
    assert viewed == {(kent.household_id, "eventbooking")}
    assert bexley.household_id not in {household for household, _ in viewed}


def test_downloading_a_report_records_the_export(client, manager):
    enquire()
    client.force_login(manager.user)
    page = client.get("/admin/insight/funnel/")
    assert page.status_code == 200
    link = html.unescape(re.search(r'href="([^"]*download=csv[^"]*)"', page.content.decode()).group(1))

    download = client.get("/admin/insight/funnel/" + link, REMOTE_ADDR=STAFF_ADDRESS)

    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    (entry,) = AuditEvent.objects.filter(action="export")
    assert (entry.username, entry.object_type, entry.ip_address) == ("audit.manager", "export", STAFF_ADDRESS)
    assert entry.summary.startswith("Exported ") and "CSV" in entry.summary


def test_the_privacy_screens_are_a_404_for_anyone_but_managers(client, kent_worker):
    household = enquire().household
    client.force_login(kent_worker.user)
    key = f"household-{household.pk}"
    for url in (
        "/admin/crm/privacy/",
        "/admin/crm/privacy/retention/",
        f"/admin/crm/privacy/{key}/",
        f"/admin/crm/privacy/{key}/erase/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/admin/crm/privacy/{key}/subject-access/").status_code == 404
    assert (
        client.post(f"/admin/crm/privacy/{key}/erase/", {"reason": "x", "confirm": "on"}).status_code == 404
    )
    household.refresh_from_db()
    assert household.first_name == "Alex"
    assert not AuditEvent.objects.filter(action__in=["subject_access", "anonymise"]).exists()


def test_a_manager_finds_a_person_and_sees_their_trail(client, manager, kent_worker):
    household = enquire(phone="07700 900123").household
    client.force_login(kent_worker.user)
    client.get(f"/admin/crm/households/{household.pk}/")
    client.force_login(manager.user)

    found = client.get("/admin/crm/privacy/", {"q": "07700 900123"})
    assert found.status_code == 200
    assert [anchor.key for anchor in found.context["anchors"]] == [f"household-{household.pk}"]

    person = client.get(f"/admin/crm/privacy/household-{household.pk}/", REMOTE_ADDR=STAFF_ADDRESS)
    assert person.status_code == 200
    rows = [(event.action, event.username) for event in person.context["events"]]
    # Newest first: this page's own opening, then the worker's visit, then the enquiry arriving.
    assert rows[:2] == [("view", "audit.manager"), ("view", "kent.worker")]
    assert ("change", "") in rows
    text = person.content.decode()
    assert "Privacy page opened" in text and "Household page opened" in text and STAFF_ADDRESS in text


def test_the_newsletter_list_and_unsubscribing_are_recorded(client, manager):
    from campaigns.models import Subscriber
    from core import consent

    subscriber = Subscriber.objects.create(
        email="reader@example.com",
        consent_wording=consent.NEWSLETTER.text,
        consent_wording_version=consent.NEWSLETTER.version,
        consent_source="Newsletter page",
    )
    client.force_login(manager.user)

    assert client.get("/admin/newsletter/").status_code == 200
    assert client.post(f"/admin/newsletter/subscribers/{subscriber.pk}/unsubscribe/").status_code == 302

    assert trail(object_type="subscriber") == [
        ("view", "audit.manager", None, "subscriber", "127.0.0.1"),
        ("change", "audit.manager", None, "subscriber", "127.0.0.1"),
    ]

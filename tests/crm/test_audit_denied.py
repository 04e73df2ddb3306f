"""Refused records: a member of staff who asks for a household, quarantined enquiry or booking they may
not see gets the plain 404, and the attempt is in the audit trail; managers see repeated attempts."""

import datetime as dt

from django.utils import timezone

import pytest

from crm.models import AuditEvent, Enquiry, Source
from crm.selectors import denied_attempts_repeated
from crm.services import enquiry_create
from crm.services.bookings import booking_create
from tests.factories import enquiry_details, event_index, event_page, staff_member

pytestmark = [pytest.mark.django_db]

WORKER_ADDRESS = "10.9.8.7"


@pytest.fixture
def medway_worker():
    return staff_member("medway.worker", council="medway")


@pytest.fixture
def manager():
    return staff_member("manager", role="manager", council=None)


@pytest.fixture
def kent_household(crm_reference):
    return enquiry_create(
        source=Source.WEB, details=enquiry_details(email="kent@example.com", postcode="ME14 1XX")
    ).household


def denied() -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action=AuditEvent.Action.DENIED)
        .order_by("pk")
        .values_list("username", "household_id", "object_type", "object_id", "ip_address")
    )


def test_a_worker_opening_another_councils_household_gets_a_plain_404_and_the_attempt_is_recorded(
    client, medway_worker, kent_household
):
    client.force_login(medway_worker.user)

    response = client.get(f"/admin/crm/households/{kent_household.pk}/", REMOTE_ADDR=WORKER_ADDRESS)
    missing = client.get("/admin/crm/households/999999/", REMOTE_ADDR=WORKER_ADDRESS)

    # The refusal looks exactly like a record that does not exist.
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    assert denied() == [
        ("medway.worker", kent_household.pk, "household", kent_household.pk, WORKER_ADDRESS),
        ("medway.worker", 999999, "household", 999999, WORKER_ADDRESS),
    ]
    entry = AuditEvent.objects.filter(action="denied").order_by("pk").first()
    assert entry.user == medway_worker.user
    assert entry.summary.startswith(f"Refused {kent_household.reference}")
    assert entry.at > timezone.now() - dt.timedelta(minutes=1)


def test_a_refused_change_to_a_household_is_recorded_too(client, medway_worker, kent_household):
    client.force_login(medway_worker.user)

    response = client.post(f"/admin/crm/households/{kent_household.pk}/note/", {"text": "hello"})

    assert response.status_code == 404
    assert [row[:3] for row in denied()] == [("medway.worker", kent_household.pk, "household")]


def test_a_refused_quarantined_enquiry_and_booking_are_recorded(
    client, home_page, medway_worker, crm_reference
):
    quarantined = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(email="bot@example.com", postcode="ME14 1XX"),
        spam_reasons=["Sent too quickly"],
    )
    assert quarantined.status == Enquiry.Status.QUARANTINED
    evening = event_page(event_index(home_page), title="Information evening", days=10, capacity=5)
    booking = booking_create(
        event_id=evening.pk,
        capacity=5,
        details=enquiry_details(email="kent.booker@example.com", phone="", postcode="ME14 1XX"),
    )
    client.force_login(medway_worker.user)

    released = client.post(f"/admin/crm/quarantine/{quarantined.pk}/release/")
    attended = client.post(
        f"/admin/crm/events/{evening.pk}/bookings/{booking.pk}/attendance/", {"attended": "1"}
    )

    assert released.status_code == attended.status_code == 404
    assert [row[:4] for row in denied()] == [
        ("medway.worker", None, "enquiry", quarantined.pk),
        ("medway.worker", booking.household_id, "eventbooking", booking.pk),
    ]


def test_nothing_is_recorded_for_a_record_the_person_may_see(client, manager, kent_household):
    client.force_login(manager.user)

    assert client.get(f"/admin/crm/households/{kent_household.pk}/").status_code == 200
    assert denied() == []


def test_repeated_refusals_in_a_week_are_listed_for_managers(client, manager, medway_worker, kent_household):
    client.force_login(medway_worker.user)
    for _ in range(3):
        client.get(f"/admin/crm/households/{kent_household.pk}/", REMOTE_ADDR=WORKER_ADDRESS)
    once = staff_member("bexley.worker", council="bexley")
    client.force_login(once.user)
    client.get(f"/admin/crm/households/{kent_household.pk}/")
    old = AuditEvent.objects.filter(username="bexley.worker").get()
    # Two more refusals for the Bexley worker, but more than a week ago: not "repeated" now.
    for _ in range(2):
        AuditEvent.objects.create(
            at=timezone.now() - dt.timedelta(days=8),
            username="bexley.worker",
            action=AuditEvent.Action.DENIED,
            household_id=kent_household.pk,
            object_type="household",
            object_id=kent_household.pk,
            summary=old.summary,
        )

    found = denied_attempts_repeated()
    client.force_login(manager.user)
    html = client.get("/admin/crm/privacy/").content.decode()

    assert [(row.username, row.attempts) for row in found] == [("medway.worker", 3)]
    assert found[0].addresses == [WORKER_ADDRESS]
    assert "Repeated denied attempts" in html
    assert 'id="denials-table"' in html
    assert '<th scope="row">medway.worker</th>' in html
    assert f'href="/admin/crm/privacy/household-{kent_household.pk}/"' in html
    assert "bexley.worker" not in html
    # The attempts are in the audit trail of the person asked about.
    person = client.get(f"/admin/crm/privacy/household-{kent_household.pk}/").content.decode()
    assert person.count("<td>Denied access</td>") == 6


def test_the_repeated_denials_panel_is_for_managers_only(client, medway_worker):
    client.force_login(medway_worker.user)

    assert client.get("/admin/crm/privacy/").status_code == 404

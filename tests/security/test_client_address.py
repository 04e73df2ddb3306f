"""The client's address behind the load balancer: one rule, used by the spam limits, the newsletter
limit, the lockout and the audit trail alike.

With ``TRUSTED_PROXY_COUNT = 1`` every request reaches Django from the balancer's address, and the
visitor's is the last entry of ``X-Forwarded-For``. Anything reading ``REMOTE_ADDR`` itself would
put every visitor in one bucket.
"""

import ast
from pathlib import Path

from django.test import Client

import pytest

from campaigns.models import HeldSignup, Subscriber
from core import consent
from crm.models import AuditEvent, Enquiry, Source
from crm.services import enquiry_create
from tests.factories import enquiry_details, staff_member
from tests.website.test_enquiry_page import enquiry_page, form_data  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
BALANCER = "10.0.0.5"
THE_RULE = ROOT / "core" / "network.py"
READS = {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "X-FORWARDED-FOR", "X_FORWARDED_FOR"}


def visitor(number: int) -> dict[str, str]:
    """The headers a request from visitor ``number`` carries once the balancer has passed it on."""
    return {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": f"203.0.113.{number}"}


@pytest.fixture
def behind_one_balancer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def application_sources() -> list[Path]:
    folders = ("core", "website", "crm", "campaigns")
    return [
        path for folder in folders for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts
    ]


def test_only_the_one_rule_reads_the_address_or_the_forwarded_header():
    readers = []
    for path in application_sources():
        if path == THE_RULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.upper() in READS:
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    templates = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if any(name in path.read_text().upper() for name in READS)
    ]
    assert readers + templates == [], (
        "Read the client's address with core.network.client_ip, never REMOTE_ADDR or "
        f"X-Forwarded-For directly: {readers + templates}"
    )


@pytest.mark.django_db
def test_seven_enquirers_behind_the_balancer_are_seven_people_not_one(
    client,
    enquiry_page,  # noqa: F811
    old_token,
    behind_one_balancer,
):
    for number in range(1, 8):
        data = form_data(
            form_token=old_token, email=f"family{number}@example.com", phone="", submission_key=None
        )
        response = client.post(enquiry_page.url, data, **visitor(number))
        assert response.status_code == 302

    assert Enquiry.objects.count() == 7
    assert list(Enquiry.objects.filter(status=Enquiry.Status.QUARANTINED)) == []


@pytest.mark.django_db
def test_one_visitor_sending_many_enquiries_behind_the_balancer_still_trips_the_limit(
    client,
    enquiry_page,  # noqa: F811
    old_token,
    behind_one_balancer,
):
    for number in range(1, 8):
        data = form_data(
            form_token=old_token, email=f"family{number}@example.com", phone="", submission_key=None
        )
        client.post(enquiry_page.url, data, **visitor(99))

    held = Enquiry.objects.filter(status=Enquiry.Status.QUARANTINED)
    assert held.count() == 2
    assert all("Too many submissions from the same internet address." in e.spam_reasons for e in held)


def signup(client, number: int, *, address: int):
    data = {
        "email": f"reader{number}@example.com",
        "consent": "on",
        "wording_version": consent.NEWSLETTER.version,
    }
    return client.post("/newsletter/", data, **visitor(address))


@pytest.mark.django_db
def test_twelve_readers_behind_the_balancer_are_all_signed_up(client, behind_one_balancer):
    for number in range(12):
        assert signup(client, number, address=number + 1).status_code == 302

    assert Subscriber.objects.count() == 12
    assert not HeldSignup.objects.exists()


@pytest.mark.django_db
def test_a_sign_up_over_the_limit_waits_for_a_person_instead_of_vanishing(client, behind_one_balancer):
    for number in range(12):
        response = signup(client, number, address=7)
        assert (response.status_code, response["Location"]) == (302, "/newsletter/thank-you/")

    assert Subscriber.objects.count() == 10
    held = list(
        HeldSignup.objects.order_by("email").values_list("email", "doubts", "consent_wording_version")
    )
    assert held == [
        (
            f"reader{number}@example.com",
            ["Too many sign-ups from the same internet address."],
            consent.NEWSLETTER.version,
        )
        for number in (10, 11)
    ]


@pytest.mark.django_db
def test_the_audit_trail_records_the_member_of_staff_not_the_balancer(crm_reference, behind_one_balancer):
    worker = staff_member("audit.worker", council="kent")
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    client = Client()
    client.force_login(worker.user)

    response = client.get(f"/admin/crm/households/{household.pk}/", **visitor(42))

    assert response.status_code == 200
    entry = AuditEvent.objects.filter(user=worker.user).latest("pk")
    assert entry.ip_address == "203.0.113.42"


@pytest.mark.django_db
def test_a_forged_forwarded_header_from_a_visitor_changes_nothing(client, behind_one_balancer):
    # The visitor wrote their own X-Forwarded-For; the balancer appended the address it saw.
    forged = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.8"}
    for number in range(12):
        data = {
            "email": f"forger{number}@example.com",
            "consent": "on",
            "wording_version": consent.NEWSLETTER.version,
        }
        forged["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{number}, 203.0.113.8"
        client.post("/newsletter/", data, **forged)

    assert Subscriber.objects.count() == 10
    assert HeldSignup.objects.count() == 2

"""Admin forms go back only to a path on this site: ``next=40`` is a way home, not a 500."""

from django.test import Client

import pytest

from campaigns.models import Subscriber
from core.redirects import is_local_path
from crm.models import Source
from crm.services import enquiry_create
from tests.factories import enquiry_details, staff_member

QUEUE = "/admin/crm/households/"
HOSTILE_NEXT = [
    "40",
    "crm_households",
    "admin:index",
    "//evil.example/",
    "/\\evil.example/",
    "/\\/evil.example",
    "https://evil.example/admin/",
    "http://testserver/admin/",
    "javascript:alert(1)",
    "/\tevil",
    "/admin/\r\nSet-Cookie: a=b",
    " /admin/",
    "",
]


@pytest.mark.parametrize("value", HOSTILE_NEXT)
def test_only_a_path_on_this_site_is_a_place_to_go_back_to(value):
    assert not is_local_path(value)


@pytest.mark.parametrize("value", ["/", "/admin/crm/households/?tab=team&p=2", "/admin/newsletter/#row-3"])
def test_a_path_on_this_site_is_kept(value):
    assert is_local_path(value)


@pytest.fixture
def worker_client(crm_reference):
    worker = staff_member("next.worker", council="kent")
    client = Client(raise_request_exception=True)
    client.force_login(worker.user)
    return client, worker


@pytest.mark.parametrize("value", HOSTILE_NEXT)
def test_bulk_assign_with_a_hostile_next_goes_back_to_the_queue(worker_client, value):
    client, worker = worker_client
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    data = {"bulk-households": [household.pk], "bulk-assign_to": worker.pk, "next": value}
    response = client.post("/admin/crm/households/assign/", data)
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    household.refresh_from_db()
    assert household.assigned_to == worker


@pytest.mark.parametrize("value", HOSTILE_NEXT)
def test_the_away_form_with_a_hostile_next_goes_back_to_the_queue(worker_client, value):
    client, _worker = worker_client
    response = client.post("/admin/crm/availability/", {"away": "1", "next": value})
    assert (response.status_code, response["Location"]) == (302, QUEUE)
    response = client.post("/admin/crm/availability/", {"next": value})
    assert (response.status_code, response["Location"]) == (302, QUEUE)


def test_a_path_on_this_site_is_where_the_form_goes_back_to(worker_client):
    client, _worker = worker_client
    response = client.post("/admin/crm/availability/", {"away": "0", "next": f"{QUEUE}?tab=team"})
    assert response["Location"] == f"{QUEUE}?tab=team"


@pytest.mark.parametrize("value", ["/\\evil.example/", "40", "//evil.example/"])
def test_unsubscribing_someone_goes_back_only_to_a_path_here(admin_client, value):
    subscriber = Subscriber.objects.create(
        email="reader@example.com", consent_wording_version="v1", consent_wording="Yes"
    )
    response = admin_client.post(
        f"/admin/newsletter/subscribers/{subscriber.pk}/unsubscribe/", {"next": value}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/newsletter/")

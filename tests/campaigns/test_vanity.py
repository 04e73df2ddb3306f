"""Vanity addresses (/radio/) lead to the campaign's landing page with its parameters, and are counted."""

import datetime as dt
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from campaigns.models import Campaign, CampaignChannel, Channel, Touchpoint
from campaigns.vanity import vanity_path_clash
from tests.factories import add_page
from website.models import StandardPage

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
VISITOR = "0b7d8f3e-5f7a-4c1e-9a55-2c8f0e6d1a42"
TARGET = "/events/?utm_campaign=WINTER26&utm_medium=radio&utm_source=vanity&vanity=radio"


@pytest.fixture
def winter(home_page):
    add_page(home_page, StandardPage, title="Events", slug="events")
    campaign = Campaign.objects.create(
        name="Winter radio",
        code="WINTER26",
        vanity_path="radio",
        landing_path="/events/",
        starts_on=dt.date(2026, 11, 1),
    )
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="posters"), spend=500)
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=5000)
    return campaign


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/radio/", "/radio", "/Radio/"])
def test_a_vanity_address_leads_to_the_landing_page_with_the_campaigns_parameters(client, winter, path):
    response = client.get(path, HTTP_USER_AGENT=BROWSER)

    assert (response.status_code, response["Location"]) == (302, TARGET)
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_without_consent_every_visit_is_counted_anonymously(client, winter):
    client.get("/radio/", HTTP_USER_AGENT=BROWSER)
    client.get("/radio/", HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://www.kentonline.co.uk/news")

    touches = list(Touchpoint.objects.order_by("pk"))
    assert [(t.kind, t.visitor, t.household, t.campaign, t.channel.slug) for t in touches] == [
        ("landing", None, None, winter, "radio"),
        ("landing", None, None, winter, "radio"),
    ]
    assert touches[0].detail == {
        "utm_campaign": "WINTER26",
        "utm_medium": "radio",
        "utm_source": "vanity",
        "vanity": "radio",
    }
    assert touches[1].detail["referrer"] == "https://www.kentonline.co.uk/news"
    assert Campaign.objects.get().touchpoints.count() == 2


@pytest.mark.django_db
def test_a_rejecting_visitor_is_counted_anonymously_and_given_no_id(client, winter):
    client.cookies["apse_consent"] = "rejected"

    response = client.get("/radio/", HTTP_USER_AGENT=BROWSER)

    assert "apse_visitor" not in response.cookies
    assert Touchpoint.objects.get().visitor is None


@pytest.mark.django_db
def test_with_consent_the_visit_is_the_visitors_and_the_landing_page_does_not_count_it_again(client, winter):
    client.cookies["apse_consent"] = "accepted"
    client.cookies["apse_visitor"] = VISITOR

    response = client.get("/radio/", HTTP_USER_AGENT=BROWSER)
    client.get(response["Location"], HTTP_USER_AGENT=BROWSER)

    touch = Touchpoint.objects.get()
    assert (touch.visitor, touch.campaign, touch.channel.slug) == (uuid.UUID(VISITOR), winter, "radio")


@pytest.mark.django_db
def test_with_consent_and_no_id_yet_the_visit_starts_one(client, winter):
    client.cookies["apse_consent"] = "accepted"

    response = client.get("/radio/", HTTP_USER_AGENT=BROWSER)

    assert Touchpoint.objects.get().visitor == uuid.UUID(response.cookies["apse_visitor"].value)


@pytest.mark.django_db
def test_bots_are_sent_on_but_not_counted(client, winter):
    response = client.get("/radio/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; bingbot/2.0)")

    assert response.status_code == 302
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_the_landing_pages_own_query_is_kept(client, winter):
    Campaign.objects.filter(pk=winter.pk).update(landing_path="/events/?area=kent&utm_source=poster#list")

    response = client.get("/radio/", HTTP_USER_AGENT=BROWSER)

    assert response["Location"] == (
        "/events/?area=kent&utm_campaign=WINTER26&utm_medium=radio&utm_source=vanity&vanity=radio#list"
    )


@pytest.mark.django_db
def test_a_campaign_without_spend_leaves_the_channel_to_its_code(client, home_page):
    Campaign.objects.create(name="Bus", code="BUS27", vanity_path="bus", starts_on=dt.date(2027, 1, 1))

    response = client.get("/bus/", HTTP_USER_AGENT=BROWSER)

    assert response["Location"] == "/?utm_campaign=BUS27&utm_source=vanity&vanity=bus"
    assert Touchpoint.objects.get().channel.slug == "website"


@pytest.mark.django_db
def test_an_unsafe_landing_path_saved_around_the_admin_goes_home(client, winter):
    Campaign.objects.filter(pk=winter.pk).update(landing_path="/\\evil.example/")

    response = client.get("/radio/", HTTP_USER_AGENT=BROWSER)

    assert response["Location"].startswith("/?utm_campaign=WINTER26")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/television/", "/radio/extra/", "/rad/", "/r/"])
def test_other_addresses_are_not_found_as_before(client, winter, path):
    response = client.get(path, HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_a_page_always_wins_over_a_vanity_address(client, winter, home_page):
    Campaign.objects.filter(pk=winter.pk).update(vanity_path="events")

    response = client.get("/events/", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 200
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_ordinary_requests_never_look_for_a_vanity_address(client, winter):
    client.get("/events/", HTTP_USER_AGENT=BROWSER)  # warm Wagtail's caches

    with CaptureQueriesContext(connection) as page:
        client.get("/events/", {"utm_source": "radio"}, HTTP_USER_AGENT=BROWSER)
    with CaptureQueriesContext(connection) as not_found:
        client.get("/no/such/page/", HTTP_USER_AGENT=BROWSER)

    assert not [query for query in page if "campaigns_campaign" in query["sql"]]
    assert not [query for query in not_found if "campaigns_campaign" in query["sql"]]


@pytest.mark.django_db
def test_a_vanity_address_is_free_unless_a_page_or_the_site_uses_it(home_page):
    add_page(home_page, StandardPage, title="Events", slug="events")

    assert vanity_path_clash(path="radio") is None
    assert vanity_path_clash(path="events") == (
        "The page “Events” is at /events/ already. Choose another short address, so that page can still be "
        "reached."
    )
    for taken in ("admin", "cookies", "search", "documents", "bookings", "static", "media"):
        assert (
            vanity_path_clash(path=taken)
            == f"/{taken}/ is used by the website itself. Choose another short address."
        )

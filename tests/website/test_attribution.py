"""The cookie choice (PECR), landings remembered only with consent, and campaign parameters carried to the
enquiry form without it."""

import datetime as dt
import re
import time
import uuid
from html import unescape

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from campaigns.models import Campaign, CampaignChannel, Channel, Touchpoint
from crm.models import Enquiry
from tests.factories import add_page, staff_member
from website.cache import HEADER
from website.models import EnquiryPage, SiteSettings, StandardPage

ORIGIN = "http://testserver"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
VISITOR = "0b7d8f3e-5f7a-4c1e-9a55-2c8f0e6d1a42"
UTM = {"utm_source": "facebook", "utm_medium": "facebook", "utm_campaign": "WINTER26"}


@pytest.fixture
def site_pages(home_page, crm_reference):
    """A home page, a story page to land on, and the enquiry page the header links to."""
    staff_member("kent.worker", council="kent")
    enquire = add_page(home_page, EnquiryPage, title="Ask us about adopting", slug="enquire")
    add_page(home_page, StandardPage, title="Our stories", slug="stories")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.enquire_page = enquire
    settings.save()
    return enquire


@pytest.fixture
def winter(db):
    campaign = Campaign.objects.create(
        name="Winter radio", code="WINTER26", vanity_path="radio", starts_on=dt.date(2026, 11, 1)
    )
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=5000)
    return campaign


def consenting(client, *, visitor: str | None = VISITOR):
    client.cookies["apse_consent"] = "accepted"
    if visitor:
        client.cookies["apse_visitor"] = visitor
    return client


def choose(client, choice: str, *, next_url: str = "/stories/", **headers):
    headers.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post("/cookies/", {"analytics": choice, "next": next_url}, **headers)


def banner_shown(response) -> bool:
    return 'aria-label="Cookies on this website"' in response.content.decode()


def enquire_href(response) -> str:
    html = response.content.decode()
    return unescape(
        re.search(r'<a class="btn btn-accent site-header__enquire" href="([^"]*)"', html).group(1)
    )


# The banner


@pytest.mark.django_db
def test_a_visitor_who_has_not_chosen_sees_an_equal_choice(client, site_pages):
    response = client.get("/stories/")

    html = response.content.decode()
    assert banner_shown(response)
    assert '<button class="btn btn-primary" type="submit" name="analytics" value="accept">' in html
    assert '<button class="btn btn-primary" type="submit" name="analytics" value="reject">' in html
    assert 'href="/cookies/">Find out about our cookies</a>' in html
    assert '<input type="hidden" name="next" value="/stories/">' in html
    assert not {"apse_consent", "apse_visitor"} & set(response.cookies)  # asking sets nothing


@pytest.mark.django_db
def test_the_banner_comes_back_to_the_page_but_never_echoes_a_private_query(client, site_pages):
    response = client.get("/stories/?b=secret-token&ref=signed:value&utm_source=radio&q=rent&tag=x")

    html = response.content.decode()
    assert '<input type="hidden" name="next" value="/stories/?utm_source=radio&amp;q=rent&amp;tag=x">' in html
    assert "secret-token" not in html and "signed:value" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("cookie", "shown"), [("accepted", False), ("rejected", False), ("maybe", True)])
def test_the_banner_goes_once_a_choice_is_made(client, site_pages, cookie, shown):
    client.cookies["apse_consent"] = cookie

    assert banner_shown(client.get("/stories/")) is shown


@pytest.mark.django_db
def test_the_banner_is_not_in_the_admin_nor_on_the_cookies_page(admin_client, site_pages):
    assert not banner_shown(admin_client.get("/admin/"))
    assert not banner_shown(admin_client.get("/cookies/"))
    assert banner_shown(admin_client.get("/"))


# Making the choice


@pytest.mark.django_db
def test_accepting_remembers_the_choice_and_starts_a_visitor_id(client, site_pages):
    response = choose(client, "accept")

    assert (response.status_code, response["Location"]) == (302, "/stories/")
    consent = response.cookies["apse_consent"]
    assert (consent.value, consent["max-age"], consent["samesite"], consent["httponly"]) == (
        "accepted",
        365 * 24 * 60 * 60,
        "Lax",
        True,
    )
    visitor = response.cookies["apse_visitor"]
    assert uuid.UUID(visitor.value).version == 4
    assert (visitor["max-age"], visitor["httponly"], visitor["samesite"]) == (395 * 24 * 60 * 60, True, "Lax")


@pytest.mark.django_db
def test_rejecting_sets_only_the_choice(client, site_pages):
    response = choose(client, "reject")

    assert (response.status_code, response["Location"]) == (302, "/stories/")
    assert set(response.cookies) == {"apse_consent"}
    assert response.cookies["apse_consent"].value == "rejected"


@pytest.mark.django_db
def test_rejecting_after_accepting_removes_the_visitor_id(client, site_pages):
    consenting(client)

    response = choose(client, "reject")

    assert response.cookies["apse_consent"].value == "rejected"
    assert (response.cookies["apse_visitor"].value, response.cookies["apse_visitor"]["max-age"]) == ("", 0)


@pytest.mark.django_db
def test_accepting_again_keeps_the_visitor_id(client, site_pages):
    consenting(client)

    response = choose(client, "accept")

    assert set(response.cookies) == {"apse_consent"}


@pytest.mark.django_db
def test_cookies_are_secure_over_https(client, site_pages):
    response = choose(client, "accept", HTTP_ORIGIN="https://testserver", secure=True)

    assert response.cookies["apse_consent"]["secure"] is True
    assert response.cookies["apse_visitor"]["secure"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_going_back_never_leaves_the_site(client, site_pages, next_url):
    response = choose(client, "reject", next_url=next_url)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert response.cookies["apse_consent"].value == "rejected"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},  # same host, other scheme
        {"HTTP_ORIGIN": ORIGIN, "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "", "HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_ORIGIN": ""},
    ],
)
def test_a_choice_sent_from_another_site_is_refused(client, site_pages, headers):
    response = choose(client, "accept", **headers)

    assert response.status_code == 403
    assert not response.cookies


@pytest.mark.django_db
def test_a_choice_from_our_own_page_is_accepted_by_its_referrer_when_there_is_no_origin(client, site_pages):
    response = choose(client, "accept", HTTP_ORIGIN="", HTTP_REFERER=ORIGIN + "/stories/")

    assert response.cookies["apse_consent"].value == "accepted"


@pytest.mark.django_db
def test_the_banner_script_gets_json_and_stays_on_the_page(client, site_pages):
    response = choose(client, "reject", HTTP_ACCEPT="application/json", HTTP_SEC_FETCH_SITE="same-origin")

    assert response.status_code == 200
    assert response.json() == {"choice": "rejected", "message": "You’ve rejected analytics cookies."}
    assert response.cookies["apse_consent"].value == "rejected"


@pytest.mark.django_db
def test_the_cookies_page_explains_each_cookie_and_the_current_choice(client, site_pages):
    client.cookies["apse_consent"] = "rejected"

    html = client.get("/cookies/").content.decode()

    assert "<code>apse_visitor</code>" in html
    assert "<code>apse_consent</code>" in html
    assert "You have rejected analytics cookies." in html
    assert 'value="reject" id="id_analytics_1" checked' in html


@pytest.mark.django_db
def test_saving_the_cookies_page_without_a_choice_explains_and_changes_nothing(client, site_pages):
    response = client.post("/cookies/", {"next": "/cookies/"}, HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 400
    assert "Choose whether you accept analytics cookies." in response.content.decode()
    assert not {"apse_consent", "apse_visitor"} & set(response.cookies)


# Landings, with and without consent


@pytest.mark.django_db
@pytest.mark.parametrize("consent", [None, "rejected"])
def test_without_consent_a_campaign_visit_stores_nothing(client, site_pages, winter, consent):
    if consent:
        client.cookies["apse_consent"] = consent

    response = client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://m.facebook.com/")

    assert response.status_code == 200
    assert "apse_visitor" not in response.cookies
    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_with_consent_a_campaign_visit_is_a_landing_for_that_visitor(client, site_pages, winter):
    consenting(client)

    client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)

    touch = Touchpoint.objects.get()
    assert (touch.kind, touch.visitor, touch.household, touch.channel.slug, touch.campaign) == (
        "landing",
        uuid.UUID(VISITOR),
        None,
        "facebook",
        winter,
    )
    assert touch.detail == UTM


@pytest.mark.django_db
def test_a_page_served_from_the_cache_still_records_each_consenting_visitors_landing(site_pages, winter):
    first, second = Client(), Client()
    consenting(first)
    consenting(second, visitor=None)

    missed = first.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)
    kept = second.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)

    assert (missed[HEADER], kept[HEADER]) == ("miss", "hit")
    # The second visitor had no id yet: the cached page still gives them one, and records their landing.
    new_visitor = uuid.UUID(kept.cookies["apse_visitor"].value)
    landings = Touchpoint.objects.filter(kind="landing", campaign=winter)
    assert sorted(landings.values_list("visitor", flat=True), key=str) == sorted(
        [uuid.UUID(VISITOR), new_visitor], key=str
    )
    # A page from the cache carries the same security headers as one made afresh.
    for name in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert kept[name] == missed[name]


@pytest.mark.django_db
def test_accepting_on_the_page_they_landed_on_records_that_landing_once(client, site_pages, winter):
    landing = ORIGIN + "/stories/?utm_source=facebook&utm_medium=facebook&utm_campaign=WINTER26"

    response = client.post(
        "/cookies/",
        {"analytics": "accept", "next": "/stories/", "referrer": "https://m.facebook.com/"},
        HTTP_ORIGIN=ORIGIN,
        HTTP_REFERER=landing,
        HTTP_ACCEPT="application/json",
    )
    client.get(landing, HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://m.facebook.com/")  # a reload

    touch = Touchpoint.objects.get()
    assert touch.visitor == uuid.UUID(response.cookies["apse_visitor"].value)
    assert (touch.channel.slug, touch.campaign) == ("facebook", winter)
    assert touch.detail == {**UTM, "referrer": "https://m.facebook.com/"}


@pytest.mark.django_db
def test_accepting_without_a_script_records_the_landing_from_next(client, site_pages, winter):
    response = client.post(
        "/cookies/",
        {"analytics": "accept", "next": "/stories/?utm_campaign=WINTER26&utm_medium=radio"},
        HTTP_ORIGIN=ORIGIN,
    )
    client.get(response["Location"], HTTP_USER_AGENT=BROWSER, HTTP_REFERER=ORIGIN + "/stories/")

    touch = Touchpoint.objects.get()
    assert (touch.channel.slug, touch.campaign, touch.detail) == (
        "radio",
        winter,
        {"utm_campaign": "WINTER26", "utm_medium": "radio"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "referrer"),
    [("accept", ""), ("accept", ORIGIN + "/"), ("accept", "javascript:x"), ("reject", "")],
)
def test_a_choice_on_a_page_with_nothing_to_go_on_records_nothing(client, site_pages, choice, referrer):
    page = ORIGIN + ("/stories/?utm_source=facebook" if choice == "reject" else "/stories/")

    client.post(
        "/cookies/",
        {"analytics": choice, "next": "/stories/", "referrer": referrer},
        HTTP_ORIGIN=ORIGIN,
        HTTP_REFERER=page,
    )

    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
def test_a_consenting_visitor_without_an_id_is_given_one(client, site_pages, winter):
    consenting(client, visitor=None)

    response = client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)

    visitor = uuid.UUID(response.cookies["apse_visitor"].value)
    assert Touchpoint.objects.get().visitor == visitor


@pytest.mark.django_db
def test_reloading_is_the_same_landing_until_the_window_passes(client, site_pages, winter, settings):
    settings.ATTRIBUTION_LANDING_WINDOW = 1
    consenting(client)

    client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)
    client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)
    client.get("/", UTM, HTTP_USER_AGENT=BROWSER)
    assert Touchpoint.objects.count() == 1

    client.get("/", {**UTM, "utm_content": "video"}, HTTP_USER_AGENT=BROWSER)
    assert Touchpoint.objects.count() == 2

    time.sleep(1.1)
    client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER)
    assert Touchpoint.objects.count() == 3


@pytest.mark.django_db
def test_the_window_is_thirty_minutes_by_default(settings):
    from website.settings import base

    assert base.ATTRIBUTION_LANDING_WINDOW == 30 * 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("referrer", "channel"),
    [
        ("https://www.google.co.uk/", "search"),
        ("https://t.co/abc", "twitter"),
        ("https://www.kent.gov.uk/adoption", "website"),
        ("http://testserver/", None),
        ("", None),
    ],
)
def test_with_consent_arriving_from_another_site_is_a_landing(client, site_pages, referrer, channel):
    consenting(client)

    client.get("/stories/", HTTP_USER_AGENT=BROWSER, HTTP_REFERER=referrer)

    assert list(Touchpoint.objects.values_list("channel__slug", flat=True)) == ([channel] if channel else [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "agent"),
    [
        ("get", "/stories/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        ("get", "/stories/", "facebookexternalhit/1.1"),
        ("get", "/stories/", "curl/8.5.0"),
        ("get", "/no-such-page/", BROWSER),
        ("get", "/robots.txt", BROWSER),
        ("get", "/admin/login/", BROWSER),
        ("get", "/cookies/", BROWSER),
        ("post", "/stories/", BROWSER),
    ],
)
def test_only_people_viewing_public_pages_make_landings(client, site_pages, winter, method, path, agent):
    consenting(client)

    getattr(client, method)(path + "?utm_campaign=WINTER26&utm_medium=radio", HTTP_USER_AGENT=agent)

    assert not Touchpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("referrer", ["", "http://testserver/"])
def test_with_consent_a_plain_page_costs_no_extra_query(
    client, site_pages, django_assert_num_queries, referrer, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # compare two renders, not a render with a cached page
    client.get("/stories/", HTTP_USER_AGENT=BROWSER)  # warm Wagtail's caches
    with CaptureQueriesContext(connection) as without_consent:
        client.get("/stories/", HTTP_USER_AGENT=BROWSER, HTTP_REFERER=referrer)
    consenting(client)

    with django_assert_num_queries(len(without_consent)):
        response = client.get("/stories/", HTTP_USER_AGENT=BROWSER, HTTP_REFERER=referrer)

    assert response.status_code == 200
    assert not Touchpoint.objects.exists()


# Parameters travel to the enquiry form on the landing page


@pytest.mark.django_db
@pytest.mark.parametrize("consent", [None, "accepted", "rejected"])
def test_the_landing_pages_parameters_ride_on_the_enquire_link(client, site_pages, consent):
    if consent:
        client.cookies["apse_consent"] = consent

    response = client.get(
        "/stories/", {**UTM, "ref": "kentonline", "fbclid": "x1", "vanity": "radio"}, HTTP_USER_AGENT=BROWSER
    )

    assert enquire_href(response) == (
        "/enquire/?utm_source=facebook&utm_medium=facebook&utm_campaign=WINTER26&ref=kentonline"
        "&landing=%2Fstories%2F"
    )


@pytest.mark.django_db
def test_a_page_reached_without_parameters_links_plainly_to_the_enquiry_form(client, site_pages):
    response = client.get("/stories/", HTTP_REFERER="https://www.google.com/")

    assert enquire_href(response) == "/enquire/"


@pytest.mark.django_db
def test_the_enquiry_form_is_filled_from_the_carried_parameters(client, site_pages):
    landing = client.get("/stories/", UTM)

    html = client.get(enquire_href(landing)).content.decode()

    for name, value in [*UTM.items(), ("landing", "/stories/")]:
        assert f'name="{name}" value="{value}"' in html
    # The carried landing path stays the one they first landed on, even on the enquiry page's own links.
    assert enquire_href(client.get(enquire_href(landing))).endswith("&landing=%2Fstories%2F")


def enquiry_form(**fields) -> dict:
    return {
        "first_name": "Sam",
        "last_name": "Jones",
        "household_type": "single",
        "email": "sam@example.com",
        "postcode": "ME14 1XX",
        "children_at_home": "none",
        "best_time_to_call": "evening",
        "contact_consent": "on",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }


@pytest.mark.django_db
def test_an_enquiry_carries_the_consented_visitor_and_joins_their_earlier_touches(
    client, site_pages, winter, old_token, django_capture_on_commit_callbacks
):
    consenting(client)
    client.get("/stories/", UTM, HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://m.facebook.com/")
    earlier = Touchpoint.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/enquire/",
            enquiry_form(form_token=old_token, landing="/stories/", visitor=str(uuid.uuid4()), **UTM),
            HTTP_USER_AGENT=BROWSER,
        )

    assert response.status_code == 302, response.context["form"].errors
    enquiry = Enquiry.objects.get()
    assert enquiry.attribution == {**UTM, "landing": "/stories/", "host": "testserver", "visitor": VISITOR}
    earlier.refresh_from_db()
    assert earlier.household == enquiry.household
    kinds = list(enquiry.household.touchpoints.values_list("kind", "campaign__code"))
    assert ("landing", "WINTER26") in kinds and ("enquiry", "WINTER26") in kinds


@pytest.mark.django_db
@pytest.mark.parametrize("consent", [None, "rejected"])
def test_without_consent_an_enquiry_names_no_visitor_even_if_the_form_does(
    client, site_pages, old_token, consent
):
    if consent:
        client.cookies["apse_consent"] = consent
    client.cookies["apse_visitor"] = VISITOR

    client.post(
        "/enquire/", enquiry_form(form_token=old_token, visitor=str(uuid.uuid4()), utm_source="radio")
    )

    assert Enquiry.objects.get().attribution == {"utm_source": "radio", "host": "testserver"}

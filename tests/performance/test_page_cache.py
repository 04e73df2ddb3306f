"""The anonymous page cache: what it keeps, for whom, and when it lets go."""

import re
import time

from django.test import Client

import pytest

from crm.models import Enquiry
from tests.factories import UserFactory, story_page
from website.attribution import CONSENT_COOKIE
from website.cache import HEADER
from website.models import FAQ, SiteSettings, StoryPage, Venue

SITE = "http://testserver"


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def enquiry_post(html: str, **fields) -> dict:
    """What a person types into the enquiry form, with the hidden fields the (cached) page gave them."""
    data = {
        "first_name": "Sam",
        "last_name": "Jones",
        "household_type": "single",
        "email": "sam@example.com",
        "phone": "07700 900123",
        "best_time_to_call": "evening",
        "postcode": "me14 1xx",
        "children_at_home": "none",
        "heard_about": "radio",
        "contact_consent": "on",
        "form_token": hidden(html, "form_token"),
        "submission_key": hidden(html, "submission_key"),
    }
    return {**data, **fields}


@pytest.fixture
def enquiry_page(home_page, crm_reference):
    """Only the enquiry page, for tests about its form alone."""
    from tests.factories import add_page, staff_member
    from website.models import EnquiryPage

    staff_member("kent.worker", council="kent")
    SiteSettings.for_site(home_page.get_site())  # made once, on the site's first page view
    return add_page(home_page, EnquiryPage, title="Ask us about adopting", slug="enquire")


@pytest.fixture
def visitor() -> Client:
    """An anonymous browser: Django's CSRF checks on, as they are for a real one."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_an_anonymous_page_is_kept_and_served_again_without_the_database(
    visitor, public_site, django_assert_num_queries
):
    first = visitor.get(public_site.story.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = visitor.get(public_site.story.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Our first year" in second.content.decode()
    for response in (first, second):
        assert not response.cookies
        assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_a_kept_page_has_nothing_of_one_visitor_in_it(enquiry_page):
    one = Client(enforce_csrf_checks=True, HTTP_REFERER="https://search.example/?q=adopt")
    other = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="Another browser")
    url = enquiry_page.url
    first = one.get(url)
    assert first[HEADER] == "miss"
    second = other.get(url)
    assert second[HEADER] == "hit"
    html = second.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "search.example" not in html
    assert not second.cookies


@pytest.mark.django_db
def test_pages_vary_by_consent_choice_and_query_string_only(public_site):
    url = public_site.home.url
    undecided = Client()
    assert undecided.get(url)[HEADER] == "miss"
    assert Client(HTTP_USER_AGENT="Something else").get(url)[HEADER] == "hit"
    banner = 'class="cookie-banner'
    assert banner in undecided.get(url).content.decode()

    rejected = Client()
    rejected.cookies[CONSENT_COOKIE] = "rejected"
    response = rejected.get(url)
    assert response[HEADER] == "miss"
    assert banner not in response.content.decode()
    assert rejected.get(url)[HEADER] == "hit"

    with_query = undecided.get(url, {"utm_source": "radio"})
    assert with_query[HEADER] == "miss"
    assert "utm_source=radio" in with_query.content.decode()
    assert undecided.get(url, {"utm_source": "radio"})[HEADER] == "hit"


@pytest.mark.django_db
def test_signed_in_staff_always_get_a_fresh_page_and_it_is_never_kept(public_site):
    url = public_site.story.url
    anonymous = Client()
    anonymous.get(url)
    StoryPage.objects.filter(pk=public_site.story.pk).update(title="A changed title")  # no publish signal
    assert "A changed title" not in anonymous.get(url).content.decode()  # the kept copy

    staff = Client()
    staff.force_login(UserFactory(username="editor"))
    response = staff.get(url)
    assert HEADER not in response
    assert "A changed title" in response.content.decode()

    StoryPage.objects.filter(pk=public_site.story.pk).update(title="Changed again")
    assert "Changed again" in staff.get(url).content.decode()


@pytest.mark.django_db
def test_publishing_a_page_shows_at_once_everywhere_it_appears(public_site):
    anonymous = Client()
    assert "Our first year" in anonymous.get(public_site.stories.url).content.decode()
    assert anonymous.get(public_site.stories.url)[HEADER] == "hit"
    story_page(public_site.stories, title="A brand new story")
    listing = anonymous.get(public_site.stories.url)
    assert listing[HEADER] == "miss"
    assert "A brand new story" in listing.content.decode()

    story = public_site.story
    story.title = "Our first year together"
    story.save_revision().publish()
    assert "Our first year together" in anonymous.get(story.url).content.decode()

    story.unpublish()
    assert anonymous.get(story.url).status_code == 404


@pytest.mark.django_db
def test_saving_a_snippet_or_a_site_setting_shows_at_once(public_site):
    anonymous = Client()
    assert "Can I adopt if I rent my home?" in anonymous.get(public_site.faq_page.url).content.decode()
    assert "Maidstone community hall" in anonymous.get(public_site.event.url).content.decode()
    assert "0300 123 4567" in anonymous.get(public_site.home.url).content.decode()

    faq = FAQ.objects.get(pk=public_site.faq.pk)
    faq.question = "Can I adopt if I rent?"
    faq.save()
    venue = Venue.objects.get(pk=public_site.venue.pk)
    venue.name = "Maidstone library"
    venue.save()
    site_settings = SiteSettings.objects.get()
    site_settings.phone = "0300 765 4321"
    site_settings.save()

    assert "Can I adopt if I rent?" in anonymous.get(public_site.faq_page.url).content.decode()
    assert "Maidstone library" in anonymous.get(public_site.event.url).content.decode()
    assert "0300 765 4321" in anonymous.get(public_site.home.url).content.decode()


@pytest.mark.django_db
def test_the_enquiry_form_on_a_kept_page_still_sends(visitor, enquiry_page, monkeypatch):
    url = enquiry_page.url
    assert visitor.get(url)[HEADER] == "miss"
    page = visitor.get(url)
    assert page[HEADER] == "hit"
    html = page.content.decode()
    later = time.time() + 60  # the visitor took a minute to fill it in
    monkeypatch.setattr("core.spam.time.time", lambda: later)

    response = visitor.post(url, enquiry_post(html), HTTP_ORIGIN=SITE)
    assert response.status_code == 302
    assert "/thank-you/" in response["Location"]
    # A second person shown the very same kept form is a second enquiry, not a double-click.
    other = Client(enforce_csrf_checks=True)
    assert other.get(url)[HEADER] == "hit"
    other.post(url, enquiry_post(html, first_name="Kim", email="kim@example.com"), HTTP_ORIGIN=SITE)
    # A double-click sends the same thing twice: still one enquiry.
    other.post(url, enquiry_post(html, first_name="Kim", email="kim@example.com"), HTTP_ORIGIN=SITE)
    assert sorted(Enquiry.objects.values_list("data__first_name", "status")) == [
        ("Kim", "accepted"),
        ("Sam", "accepted"),
    ]


@pytest.mark.django_db
def test_a_booking_from_a_kept_event_page_goes_through(
    visitor, public_site, django_capture_on_commit_callbacks
):
    url = public_site.event.url
    visitor.get(url)
    page = visitor.get(url)
    assert page[HEADER] == "hit"
    html = page.content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"[^>]*class="booking-form"', html).group(1)
    data = {
        "first_name": "Sam",
        "last_name": "Jones",
        "email": "sam@example.com",
        "postcode": "ME14 1XX",
        "places": "2",
        "heard_about": "radio",
        "contact_consent": "on",
        "submission_key": hidden(html, "submission_key"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(action, data, HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN=SITE)
    assert response.status_code == 302
    assert "/book/done/" in response["Location"]
    # The places left changed, so the kept page was let go.
    after = visitor.get(url)
    assert after[HEADER] == "miss"
    assert after.content != page.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_REFERER": "https://elsewhere.example/page"},
        {},
    ],
    ids=["other-origin", "fetch-metadata", "other-referrer", "no-origin-at-all"],
)
def test_a_form_sent_from_another_site_is_refused_with_a_clear_page(visitor, enquiry_page, headers):
    html = visitor.get(enquiry_page.url).content.decode()
    response = visitor.post(enquiry_page.url, enquiry_post(html), **headers)
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Your form was not sent</h1>" in page
    assert "The form was not sent from a page on this website." in page
    assert "no-store" in response["Cache-Control"]
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_staff_forms_keep_the_csrf_token(visitor):
    """Only forms marked public skip the token: a cross-site post to a staff form is refused by Django."""
    response = visitor.post("/admin/login/", {"username": "x", "password": "y"}, HTTP_ORIGIN=SITE)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()

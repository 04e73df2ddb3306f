"""Parts of pages kept per content version (website/fragments.py): let go on every change, never per visitor.

Whole pages are made afresh here (``PAGE_CACHE_SECONDS = 0``), as for a signed-in visitor, so what
is checked is the fragments alone.
"""

import re

from django.core.cache import caches
from django.test import Client, RequestFactory

import pytest

from tests.factories import UserFactory
from website.attribution import CONSENT_COOKIE
from website.fragments import FRAGMENT_CACHE, content_cached
from website.models import FAQ, SiteSettings, StandardPage, StoryPage

SITE = "http://testserver"


@pytest.fixture
def fresh(settings) -> Client:
    settings.PAGE_CACHE_SECONDS = 0
    return Client()


def html(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def navigation(page: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)


def footer(page: str) -> str:
    return re.search(r'<footer class="site-footer".*?</footer>', page, re.S).group(0)


def test_a_fragment_is_made_once_per_content_version_and_only_with_one():
    made = []

    def make():
        made.append(1)
        return f"<p>{len(made)}</p>"

    request = RequestFactory().get("/")
    assert content_cached(request, "test", 1, make=make) == "<p>1</p>"
    assert content_cached(request, "test", 1, make=make) == "<p>2</p>"  # no version: made afresh

    request.page_cache_version = "one"
    assert content_cached(request, "test", 1, make=make) == "<p>3</p>"
    assert content_cached(request, "test", 1, make=make) == "<p>3</p>"
    assert content_cached(request, "test", 2, make=make) == "<p>4</p>"
    request.page_cache_version = "two"
    assert content_cached(request, "test", 1, make=make) == "<p>5</p>"
    caches[FRAGMENT_CACHE].clear()


def test_fragments_can_be_turned_off(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    request = RequestFactory().get("/")
    request.page_cache_version = "one"
    made = iter(["a", "b"])
    assert content_cached(request, "test", make=lambda: next(made)) == "a"
    assert content_cached(request, "test", make=lambda: next(made)) == "b"


@pytest.mark.django_db
def test_a_second_render_of_a_page_runs_fewer_queries(fresh, public_site, django_assert_max_num_queries):
    url = public_site.story.url
    fresh.get(url)
    caches[FRAGMENT_CACHE].clear()
    with django_assert_max_num_queries(100) as first:
        fresh.get(url)
    with django_assert_max_num_queries(100) as second:
        fresh.get(url)
    assert len(second.captured_queries) < len(first.captured_queries)


@pytest.mark.django_db
def test_publishing_a_story_or_an_event_changes_their_cards_on_the_home_page(fresh, public_site):
    home = public_site.home.url
    page = html(fresh, home)
    assert "Our first year" in page
    assert "Information evening" in page

    story = StoryPage.objects.get(pk=public_site.story.pk)
    story.title = "Our first year together"
    story.save_revision().publish()
    event = public_site.event
    event.title = "Information evening in Maidstone"
    event.save_revision().publish()

    page = html(fresh, home)
    assert "Our first year together" in page
    assert "Information evening in Maidstone" in page


@pytest.mark.django_db
def test_publishing_a_page_changes_its_body_breadcrumbs_meta_tags_and_structured_data(fresh, public_site):
    url = public_site.story.url
    page = html(fresh, url)
    assert '<span aria-current="page">Our first year</span>' in page
    assert '"headline":"Our first year"' in page

    story = StoryPage.objects.get(pk=public_site.story.pk)
    story.title = "A year of us"
    story.body = [("paragraph", "<p>Everything changed that spring.</p>")]
    story.save_revision().publish()

    page = html(fresh, url)
    assert '<span aria-current="page">A year of us</span>' in page
    assert '<meta property="og:title" content="A year of us">' in page
    assert '"headline":"A year of us"' in page
    assert "Everything changed that spring." in page
    assert "How we became a family" not in page


@pytest.mark.django_db
def test_saving_an_faq_changes_the_faq_pages_structured_data(fresh, public_site):
    url = public_site.faq_page.url
    assert '"name":"Can I adopt if I rent my home?"' in html(fresh, url)
    faq = FAQ.objects.get(pk=public_site.faq.pk)
    faq.question = "Can I adopt if I rent?"
    faq.save()
    assert '"name":"Can I adopt if I rent?"' in html(fresh, url)


@pytest.mark.django_db
def test_changing_a_site_setting_changes_the_footer(fresh, public_site):
    home = public_site.home.url
    assert "0300 123 4567" in footer(html(fresh, home))
    site_settings = SiteSettings.objects.get()
    site_settings.phone = "0300 765 4321"
    site_settings.footer_text = "Open to everyone who can offer a loving home."
    site_settings.save()
    page = footer(html(fresh, home))
    assert "0300 765 4321" in page
    assert "Open to everyone who can offer a loving home." in page


@pytest.mark.django_db
def test_changing_the_menu_changes_the_navigation_and_each_page_marks_its_own_link(fresh, public_site):
    stories, events = public_site.stories.url, public_site.events.url
    on_home = navigation(html(fresh, public_site.home.url))
    assert "aria-current" not in on_home
    on_stories = navigation(html(fresh, stories))
    assert f'<a href="{stories}" aria-current="page">' in on_stories
    assert f'<a href="{events}">' in on_stories
    on_story = navigation(html(fresh, public_site.story.url))
    assert f'<a href="{stories}" aria-current="page">' in on_story

    site_settings = SiteSettings.objects.get()
    site_settings.main_navigation = [
        ("link", {"page": public_site.events, "label": "What's on"}),
        ("link", {"url": "/contact/", "label": "Talk to us"}),
    ]
    site_settings.save()

    on_events = navigation(html(fresh, events))
    assert f'<a href="{events}" aria-current="page">What&#x27;s on</a>' in on_events
    assert "Talk to us" in on_events
    assert stories not in on_events
    assert "aria-current" not in navigation(html(fresh, public_site.home.url))


@pytest.mark.django_db
def test_renaming_a_page_the_menu_links_to_changes_its_link(fresh, public_site):
    site_settings = SiteSettings.objects.get()
    site_settings.main_navigation = [("link", {"page": public_site.journey})]  # no label: the page's title
    site_settings.save()
    assert "The adoption journey</a>" in navigation(html(fresh, public_site.home.url))
    journey = StandardPage.objects.get(pk=public_site.journey.pk)
    journey.title = "How adoption works"
    journey.save_revision().publish()
    assert "How adoption works</a>" in navigation(html(fresh, public_site.home.url))


@pytest.mark.django_db
def test_the_cookie_banner_and_the_enquire_links_query_are_never_kept(fresh, public_site):
    url = public_site.home.url
    banner = 'class="cookie-banner'
    assert banner in html(fresh, url)
    decided = Client()
    decided.cookies[CONSENT_COOKIE] = "rejected"
    assert banner not in html(decided, url)
    assert banner in html(fresh, url)

    assert "utm_source=radio" in html(fresh, url, QUERY_STRING="utm_source=radio")
    assert "utm_source" not in html(fresh, url)


@pytest.mark.django_db
def test_what_a_visitor_typed_into_a_form_is_never_kept(fresh, public_site):
    url = public_site.event.url
    page = html(fresh, url)
    action = re.search(r'<form method="post" action="([^"]+)"[^>]*class="booking-form"', page).group(1)
    refused = fresh.post(
        action,
        {"first_name": "Zebedee", "email": "not an address", "postcode": "ME14 1XX"},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN=SITE,
    )
    assert "Zebedee" in refused.content.decode()
    assert "Zebedee" not in html(fresh, url)
    assert "Zebedee" not in html(Client(), url)

    # Hidden campaign fields come from each address, not from whichever render came first.
    first = html(fresh, url, QUERY_STRING="utm_campaign=spring")
    second = html(fresh, url, QUERY_STRING="utm_campaign=summer")
    assert 'name="utm_campaign" value="spring"' in first
    assert 'name="utm_campaign" value="summer"' in second


@pytest.mark.django_db
def test_staff_see_the_same_kept_fragments_but_their_own_toolbar(fresh, public_site):
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    anonymous_page = html(fresh, public_site.home.url)
    staff_page = html(staff, public_site.home.url)
    assert "wagtail-userbar" not in anonymous_page
    assert "wagtail-userbar" in staff_page
    assert footer(anonymous_page) == footer(staff_page)


@pytest.mark.django_db
def test_with_the_cache_out_of_reach_pages_are_made_afresh_and_show_every_change(settings, public_site):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "website.redis_cache.OutageTolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    client = Client()
    home = public_site.home.url
    assert "0300 123 4567" in footer(html(client, home))
    site_settings = SiteSettings.objects.get()
    site_settings.phone = "0300 765 4321"
    site_settings.save()
    story = StoryPage.objects.get(pk=public_site.story.pk)
    story.title = "Our first year together"
    story.save_revision().publish()

    page = html(client, home)
    assert "0300 765 4321" in footer(page)
    assert "Our first year together" in page

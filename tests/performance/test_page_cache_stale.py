"""After a change, one process per page renders it again while everyone else gets the previous copy."""

import threading
import time
import urllib.request

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseServerError
from django.test import Client, RequestFactory

from wagtail import hooks

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories import story_page
from website import cache as page_cache
from website.cache import HEADER, page_cache_lookup, page_lock_take
from website.models import StoryPage

NEW_TITLE = "A brand new story"


class Clock:
    """The page cache's clock, moved on by the test (only website.cache reads it)."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(page_cache, "time", clock)
    return clock


@pytest.fixture
def stale_bound(settings) -> int:
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_STALE_SECONDS = 60
    return 60


def lock_held_elsewhere(url: str) -> str:
    """Take the page's lock as another process rendering it would."""
    lock = page_lock_take(page_cache_lookup(RequestFactory().get(url)))
    assert lock
    return lock


def kept(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response[HEADER]


@pytest.mark.django_db
def test_the_previous_copy_is_served_while_another_process_renders_then_the_new_one(
    public_site, stale_bound, django_assert_num_queries
):
    url = public_site.stories.url
    assert kept(url) == "miss"
    assert kept(url) == "hit"
    story_page(public_site.stories, title=NEW_TITLE)
    lock = lock_held_elsewhere(url)

    with django_assert_num_queries(0):
        stale = Client().get(url)
    assert stale[HEADER] == "stale"
    assert NEW_TITLE not in stale.content.decode()
    assert "Our first year" in stale.content.decode()
    assert Client().get(url)[HEADER] == "stale"

    cache.delete(lock)  # the other process finished without keeping anything
    fresh = Client().get(url)
    assert fresh[HEADER] == "miss"
    assert NEW_TITLE in fresh.content.decode()
    # The render replaced the old copy.
    again = Client().get(url)
    assert again[HEADER] == "hit"
    assert again.content == fresh.content


@pytest.mark.django_db
def test_a_cdn_is_never_told_to_keep_a_previous_copy(public_site, stale_bound, settings):
    settings.PAGE_CACHE_SHARED_MAX_AGE = 300
    url = public_site.stories.url
    assert "s-maxage=300" in Client().get(url)["Cache-Control"]
    story_page(public_site.stories, title=NEW_TITLE)
    lock_held_elsewhere(url)
    stale = Client().get(url)
    assert stale[HEADER] == "stale"
    assert "s-maxage=0" in stale["Cache-Control"]


@pytest.mark.django_db
def test_the_first_request_after_a_change_renders_and_keeps_the_new_page(public_site, stale_bound):
    url = public_site.stories.url
    kept(url)
    story_page(public_site.stories, title=NEW_TITLE)
    looked_up_meanwhile = page_cache_lookup(RequestFactory().get(url))
    assert looked_up_meanwhile.state == "stale"
    first = Client().get(url)
    assert first[HEADER] == "miss"
    assert NEW_TITLE in first.content.decode()
    second = Client().get(url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    # A request that found the old copy just before it was replaced does not render it again.
    assert page_lock_take(looked_up_meanwhile) == ""


@pytest.mark.django_db
def test_no_previous_copy_is_served_past_the_bound_after_a_change(public_site, stale_bound, clock):
    url = public_site.stories.url
    kept(url)
    story_page(public_site.stories, title=NEW_TITLE)
    lock_held_elsewhere(url)
    clock.now += stale_bound - 1
    assert kept(url) == "stale"
    clock.now += 2
    past = Client().get(url)
    assert past[HEADER] == "miss"  # rendered, though another process holds the lock
    assert NEW_TITLE in past.content.decode()


@pytest.mark.django_db
def test_a_copy_retired_by_an_earlier_change_is_not_served_past_its_bound(public_site, stale_bound, clock):
    url = public_site.stories.url
    kept(url)
    story_page(public_site.stories, title=NEW_TITLE)
    clock.now += stale_bound - 10
    story_page(public_site.stories, title="Another new story")  # the first copy is still not made again
    lock_held_elsewhere(url)
    assert kept(url) == "stale"
    clock.now += 11  # within the bound of the second change, past the first
    assert kept(url) == "miss"


@pytest.mark.django_db
def test_a_page_past_its_age_is_made_again_by_one_process_and_never_served_past_the_bound(
    public_site, stale_bound, clock, settings
):
    url = public_site.faq_page.url
    kept(url)
    clock.now += settings.PAGE_CACHE_SECONDS + 1
    lock_held_elsewhere(url)
    assert kept(url) == "stale"
    clock.now += stale_bound
    assert kept(url) == "miss"
    assert kept(url) == "hit"


@pytest.mark.django_db
def test_setting_the_bound_to_zero_renders_every_retired_page_at_once(public_site, settings, clock):
    settings.PAGE_CACHE_STALE_SECONDS = 0
    url = public_site.stories.url
    kept(url)
    story_page(public_site.stories, title=NEW_TITLE)
    cache.add(f"{page_cache_lookup(RequestFactory().get(url)).key}:lock:{page_cache.page_cache_version()}", 1)
    assert kept(url) == "miss"
    clock.now += settings.PAGE_CACHE_SECONDS + 1
    assert kept(url) == "miss"


@pytest.mark.django_db
def test_a_render_that_fails_lets_the_lock_go_and_keeps_the_previous_copy(
    public_site, stale_bound, monkeypatch
):
    url = public_site.story.url
    kept(url)
    public_site.story.save_revision().publish()
    monkeypatch.setattr(StoryPage, "serve", lambda self, request, *a, **k: HttpResponseServerError("down"))
    assert Client().get(url).status_code == 500
    lock = lock_held_elsewhere(url)  # the failed render no longer holds it
    assert kept(url) == "stale"
    cache.delete(lock)


@pytest.mark.django_db
def test_a_page_taken_down_is_not_served_from_its_previous_copy(public_site, stale_bound):
    url = public_site.story.url
    kept(url)
    public_site.story.unpublish()
    assert Client().get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert lock_held_elsewhere(url)  # the render that found it gone let the lock go


@pytest.mark.django_db
def test_with_redis_out_of_reach_a_page_is_served_never_an_error(public_site, stale_bound, monkeypatch):
    url = public_site.stories.url
    kept(url)
    story_page(public_site.stories, title=NEW_TITLE)
    get_many = page_cache.cache.get_many

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    def pages_unreachable(keys, *args, **kwargs):
        if page_cache.VERSION_KEY in keys:
            unreachable()
        return get_many(keys, *args, **kwargs)

    # Out of reach between the look-up and the lock: the copy in hand is served.
    monkeypatch.setattr(page_cache.cache, "add", unreachable)
    assert kept(url) == "stale"
    # Out of reach from the start: the page is rendered.
    monkeypatch.setattr(page_cache.cache, "get_many", pages_unreachable)
    response = Client().get(url)
    assert response.status_code == 200
    assert NEW_TITLE in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_many_visitors_at_once_after_a_publish_cause_one_render(public_site, stale_bound):
    """Eight requests at the same instant, each on its own thread and database connection."""
    url = public_site.stories.url
    kept(url)
    story_page(public_site.stories, title=NEW_TITLE)  # committed: the version moves twice
    renders = []

    def slow_render(page, request, args, kwargs):
        if page.pk == public_site.stories.pk:
            renders.append(page.pk)
            time.sleep(0.5)  # long enough for every other request to arrive meanwhile

    visitors = 8
    start = threading.Barrier(visitors)
    answers: list[tuple[str, bool]] = []

    def visit():
        try:
            start.wait()
            response = Client().get(url)
            answers.append((response[HEADER], NEW_TITLE in response.content.decode()))
        finally:
            connection.close()

    with hooks.register_temporarily("before_serve_page", slow_render):
        threads = [threading.Thread(target=visit) for _ in range(visitors)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert len(renders) == 1
    assert len(answers) == visitors
    assert answers.count(("miss", True)) == 1
    # Everyone else got the previous copy (or, arriving after the render, the new one kept).
    assert set(answers) <= {("miss", True), ("stale", False), ("hit", True)}
    assert ("stale", False) in answers
    after = Client().get(url)
    assert after[HEADER] == "hit"
    assert NEW_TITLE in after.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_published_story_is_on_the_stories_page_within_the_bound(live_server, public_site, stale_bound):
    address = live_server.url + public_site.stories.url

    def stories_page() -> tuple[str, str]:
        with urllib.request.urlopen(address, timeout=10) as response:  # noqa: S310 (the live server)
            return response.headers[HEADER], response.read().decode()

    stories_page()
    assert stories_page()[0] == "hit"
    story_page(public_site.stories, title=NEW_TITLE)
    published = time.monotonic()
    while NEW_TITLE not in stories_page()[1]:
        assert time.monotonic() - published < stale_bound
        time.sleep(0.1)
    header, html = stories_page()
    assert header == "hit"
    assert NEW_TITLE in html

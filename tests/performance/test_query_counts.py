"""SQL queries per page, with the page cache out of the way: few, and the same however much content there is.

Timings belong to the benchmark (``make bench``); these counts are what keeps a listing from turning
into one query per story or event. Each page is counted twice: with nothing kept (the first render
after a change) and with the fragments kept under the content version (``website.fragments``).
"""

from django.core.cache import caches

import pytest

from tests.performance.conftest import PublicSite
from website.fragments import FRAGMENT_CACHE

# The pages a campaign sends people to; the listings behind them may take a couple more.
MAX_QUERIES = {
    "home": 12,
    "story": 12,
    "event": 12,
    "FAQ": 12,
    "journey": 12,
    "story index": 14,
    "event index": 14,
}
# With the navigation, footer, cards, listings and the rest kept: what is left is Wagtail finding the
# page and checking it is public, and what differs by request (places left, a search, a page of a listing).
MAX_QUERIES_KEPT = {**MAX_QUERIES, "home": 4, "story": 7, "event": 8, "FAQ": 6, "journey": 8}


def page_urls(site: PublicSite) -> dict[str, str]:
    return {
        "home": site.home.url,
        "story": site.story.url,
        "event": site.event.url,
        "FAQ": site.faq_page.url,
        "journey": site.journey.url,
        "story index": site.stories.url,
        "event index": site.events.url,
    }


def queries_per_page(
    client, urls: dict[str, str], django_assert_max_num_queries
) -> dict[str, tuple[int, int]]:
    counts = {}
    for name, url in urls.items():
        client.get(url)  # renditions and other one-off work happen on the first view
        caches[FRAGMENT_CACHE].clear()
        with django_assert_max_num_queries(MAX_QUERIES[name]) as made:
            response = client.get(url)
        assert response.status_code == 200, name
        with django_assert_max_num_queries(MAX_QUERIES_KEPT[name]) as kept:
            assert client.get(url).status_code == 200, name
        counts[name] = (len(made.captured_queries), len(kept.captured_queries))
    return counts


@pytest.mark.django_db
def test_public_pages_need_few_queries_however_many_stories_and_events(
    client, public_site, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    urls = page_urls(public_site)
    public_site.grow(10)
    with_ten = queries_per_page(client, urls, django_assert_max_num_queries)
    public_site.grow(200)
    with_two_hundred = queries_per_page(client, urls, django_assert_max_num_queries)
    assert with_two_hundred == with_ten

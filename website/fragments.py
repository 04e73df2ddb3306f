"""Parts of a public page that change only with the site's content, made once per version of it.

A page rendered afresh (a signed-in visitor, a page not yet in the whole-page cache, ``make bench``'s
bypassed cases) spent most of its time making what every other render of it made the same way: the
navigation's links, the footer, the breadcrumbs, the meta tags and structured data, the story and
event cards, the StreamField body, and the crispy markup of an empty form. Each is kept here under
the page cache's version of the content (``website.cache.page_cache_version``), which moves on every
publish, snippet, setting, image, document or tag change and every booking, so a change shows on the
next render, on every web server at once.

- Kept in each process's memory (the ``fragments`` cache, Django's local-memory backend): a
  fragment costs no round trip, and the version that retires them is shared through Redis.
- Only when the page cache told the request its version (``request.page_cache_version``: Wagtail
  pages asked for with GET or HEAD). Otherwise, and whenever Redis is out of reach so there is no
  version, everything is made afresh.
- Keyed by the version, the scheme and host asked for (links and structured data may be absolute),
  the fragment's name and what else it depends on (the page, the heading level, the year). Nothing
  per visitor goes in: the cookie banner, the Enquire link's campaign query, messages and any form a
  visitor has filled in stay outside every fragment.
- Kept for ``FRAGMENT_CACHE_SECONDS`` at most (0 turns them off), which bounds what changes with the
  clock, as ``PAGE_CACHE_SECONDS`` does for whole pages.

https://docs.djangoproject.com/en/5.2/topics/cache/#the-low-level-cache-api
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.http.request import split_domain_port

FRAGMENT_CACHE = "fragments"


def content_version(request: HttpRequest | None) -> str | None:
    """The version of the site's content this request was told by the page cache, if any."""
    return getattr(request, "page_cache_version", None)


def fragment_key(request: HttpRequest | None, name: str, vary: tuple) -> str | None:
    """Where a fragment is kept, or None when it must be made afresh."""
    version = content_version(request)
    if version is None or not settings.FRAGMENT_CACHE_SECONDS:
        return None
    where = repr((request.scheme, request.get_host(), vary))
    return f"fragment:{name}:{version}:{hashlib.sha256(where.encode()).hexdigest()[:32]}"


def content_cached(request: HttpRequest | None, name: str, *vary, make: Callable):
    """What ``make()`` returns, kept under this content version and ``vary`` (made every time without one)."""
    key = fragment_key(request, name, vary)
    if key is None:
        return make()
    store = caches[FRAGMENT_CACHE]
    found = store.get(key)
    if found is None:
        found = make()
        store.set(key, found, settings.FRAGMENT_CACHE_SECONDS)
    return found


# The site each host and port names, and every site's root path, as this process last looked them up,
# with the version it looked them up under: Wagtail asks the database (the site) and the cache (the
# root paths, for every page address) on every request, and both only change when a site is saved or
# a page is published, moved or deleted, each of which moves the version.
_sites: dict[tuple[str, int | str], tuple[str, object, list]] = {}


def site_for_request(request: HttpRequest, *, version: str | None):
    """``Site.find_for_request``, looked up once per process for each host and content version.

    Hands the request the sites' root paths too, which Wagtail reads from a request that has them
    (``Page._get_site_root_paths``) instead of asking the cache again.
    """
    from wagtail.models import Site

    if version is None or hasattr(request, "_wagtail_site"):
        return Site.find_for_request(request)
    hostname = split_domain_port(request._get_raw_host())[0]
    key = (hostname, request.get_port())
    held = _sites.get(key)
    if held is None or held[0] != version:
        held = _sites[key] = (version, Site.find_for_request(request), Site.get_site_root_paths())
    request._wagtail_site = held[1]
    request._wagtail_cached_site_root_paths = held[2]
    return held[1]

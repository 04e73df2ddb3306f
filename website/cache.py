"""Whole public pages for anonymous visitors, kept in the Django cache (Redis in production).

A radio advert sends thousands of people to the same few pages at once; rendering each page once
every few minutes instead of once per visitor is what keeps the site up. What this cache keeps is
correct for everyone it serves:

- Only Wagtail pages (``wagtail_serve``), only GET and HEAD, only for visitors with no session or
  messages cookie: signed-in staff always get a fresh page, and so does anyone who has one.
- A page's HTML depends only on its address (scheme, host, path and query string) and the
  visitor's cookie-consent state (``website.attribution``: the banner shows until they choose),
  so those make the key, and nothing else does.
- A response is kept only if it is a plain 200 that sets no cookie, did not use the CSRF token,
  queued no message and did not say ``private``, ``no-store`` or ``no-cache``. So the enquiry
  form, the thank-you and booking pages, the checker's result, and any template that still uses
  ``{% csrf_token %}`` are never kept, by the same rule. Public forms check where a post came
  from instead of carrying a token (``website.forms_security``), which is what lets their pages
  be kept.
- Publishing, unpublishing, moving or deleting a page, saving or deleting a snippet, site setting,
  site, image, document or tag, and any booking (places left) moves every page to a new version of
  the cache at once, on every web server sharing it. Pages also expire after ``PAGE_CACHE_SECONDS``,
  which bounds what changes with the clock (an event that has started, the year in the footer).
- A page retired by a change or by its age is made again by one process at a time, not by every
  visitor at once (stale-while-revalidate): the first request takes a short per-page lock and
  renders; everyone else meanwhile gets the previous copy, marked ``X-Page-Cache: stale``, but only
  for ``PAGE_CACHE_STALE_SECONDS`` after that copy was retired (0 turns this off). So no copy is
  ever served more than that long after the change that retired it, nor more than
  ``PAGE_CACHE_SECONDS`` plus that long after it was made. A render that cannot be kept lets the
  lock go at once (and a page now gone or moved stops being served from its old copy); any other
  lock, a dead process's included, expires after ``LOCK_SECONDS`` (it names the version, so the
  next change has a lock of its own).

With a CDN in front (``WAGTAILFRONTENDCACHE``), Wagtail purges a page there when it is published;
a change that shows on every page purges every live page there too.
https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
"""

import hashlib
import logging
import time
import uuid
from functools import lru_cache
from typing import NamedTuple

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
# Each version retired within PAGE_CACHE_STALE_SECONDS and when: {version: time.time() of its retirement}.
RETIRED_KEY = "pagecache:retired"
# How long one process may hold a page's lock while it renders it; a dead process's lock expires.
LOCK_SECONDS = 10
HEADER = "X-Page-Cache"
NOT_KEPT_CACHE_CONTROL = ("private", "no-store", "no-cache")
MAX_QUERY_LENGTH = 1000
# What a Redis cache raises when the server is out of reach: the page is then rendered uncached.
CACHE_UNAVAILABLE = (RedisError, OSError)


def page_cache_version() -> str:
    """The current version of every cached page: a random token, so a version is never reused."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def page_cache_clear() -> None:
    """Retire every cached page at once, on every web server sharing the cache.

    With the cache out of reach nothing can be retired; pages kept before the outage still expire
    after ``PAGE_CACHE_SECONDS``, and a change must never fail because of it.
    """
    try:
        stale = settings.PAGE_CACHE_STALE_SECONDS
        if not stale:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            return
        found = cache.get_many([VERSION_KEY, RETIRED_KEY])
        now = time.time()
        retired = {
            version: when for version, when in (found.get(RETIRED_KEY) or {}).items() if now - when < stale
        }
        if found.get(VERSION_KEY):
            retired[found[VERSION_KEY]] = now
        # Both at once (MSET). Two changes at the same instant may each drop the other's retired
        # version from the list: its pages are then rendered afresh, never served longer.
        cache.set_many({VERSION_KEY: uuid.uuid4().hex, RETIRED_KEY: retired}, timeout=None)
    except CACHE_UNAVAILABLE as error:
        logger.error("Could not retire the cached pages (%s); they expire on their own.", error)


def page_cache_key(request: HttpRequest) -> str:
    """The address and the consent state: the only things a page's HTML depends on.

    The version is not part of the key but kept in the entry, so one round trip to the cache
    fetches both the current version and the page, and a page kept again replaces its old copy.
    """
    from website.attribution import consent_state

    address = "|".join(
        (request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""))
    )
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    return f"pagecache:{digest}:{consent_state(request) or 'none'}"


def is_page_request(request: HttpRequest) -> bool:
    """Whether the address is served by Wagtail's page view."""
    return _is_page_path(request.path_info, getattr(request, "urlconf", None) or settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _is_page_path(path: str, urlconf: str) -> bool:
    # The answer depends only on the address and the URL configuration, which do not change while
    # the process runs; resolving costs as much as the rest of serving a cached page.
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return match.url_name == "wagtail_serve"


def request_is_cacheable(request: HttpRequest) -> bool:
    """A GET or HEAD for a Wagtail page from someone with no session or messages cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    bypass = settings.PAGE_CACHE_BYPASS_HEADER
    if bypass and request.headers.get(bypass):
        return False
    return is_page_request(request)


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 that is the same for every anonymous visitor with this consent state."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in NOT_KEPT_CACHE_CONTROL):
        return False
    # get_token() was called: the page carries a per-visitor CSRF token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if getattr(getattr(request, "_messages", None), "_queued_messages", None):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def response_from_entry(entry: tuple) -> HttpResponse:
    _version, _made_at, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def entry_from_response(response: HttpResponse, *, version: str) -> tuple:
    return (version, time.time(), response.status_code, list(response.items()), response.content)


class Lookup(NamedTuple):
    version: str
    key: str
    entry: tuple | None
    state: str  # "fresh": serve it; "stale": serve it unless this request renders; "": render


def entry_state(entry: tuple | None, *, version: str, retired: dict, now: float) -> str:
    """Fresh if kept under this version within PAGE_CACHE_SECONDS; stale if retired (by a change or
    by its age) less than PAGE_CACHE_STALE_SECONDS ago; otherwise nothing to serve."""
    if entry is None or len(entry) != 5:
        return ""
    kept_under, made_at = entry[0], entry[1]
    expires = made_at + settings.PAGE_CACHE_SECONDS
    if kept_under == version:
        if now < expires:
            return "fresh"
        retired_at = expires
    else:
        retired_at = retired.get(kept_under)
        if retired_at is None:
            return ""
        retired_at = min(retired_at, expires)
    return "stale" if now < retired_at + settings.PAGE_CACHE_STALE_SECONDS else ""


def page_cache_lookup(request: HttpRequest) -> Lookup:
    """The current version, the page's key, its entry and whether it may be served: one round trip."""
    key = page_cache_key(request)
    found = cache.get_many([VERSION_KEY, key, RETIRED_KEY])
    version = found.get(VERSION_KEY)
    if version is None:
        version = page_cache_version()
    entry = found.get(key)
    state = entry_state(entry, version=version, retired=found.get(RETIRED_KEY) or {}, now=time.time())
    return Lookup(version, key, entry if state else None, state)


def page_lock_take(lookup: Lookup) -> str:
    """This page's lock for the current version, or "" when another process holds it (or Redis is
    out of reach, when the copy in hand is served)."""
    lock = f"{lookup.key}:lock:{lookup.version}"
    try:
        return lock if cache.add(lock, 1, timeout=LOCK_SECONDS) else ""
    except CACHE_UNAVAILABLE as error:
        logger.warning("Could not take the page's lock (%s); serving its previous copy.", error)
        return ""


# Each process keeps the site settings (contact details, navigation, the Enquire button's page) it last
# read, with the cache version it read them under: every page shows them, and they only change when
# something is saved, which moves the version. Read-only once built, so threads may share them.
_site_settings: dict[int, tuple[str, object]] = {}


def site_settings_prime(request: HttpRequest, *, version: str) -> None:
    """Hand the page this process's copy of the site settings, read again only after a change.

    Saves a page rendered without the cache five queries: the settings row, the Enquire button's
    page, the pages in each navigation and the site.
    """
    from website.fragments import site_for_request
    from website.models import SiteSettings

    # Markup kept per process under this version (pictures, website.images; website.fragments) is read with it.
    request.page_cache_version = version
    site = site_for_request(request, version=version)
    if site is None:
        return
    held = _site_settings.get(site.pk)
    # Without a version (the cache out of reach) nothing tells a change apart: read them again.
    if held is None or version is None or held[0] != version:
        instance = SiteSettings.for_site(site)
        instance.site = site
        _ = instance.enquire_page
        for stream in (instance.main_navigation, instance.footer_navigation):
            for block in stream:
                _ = block.value
        held = (version, instance)
        _site_settings[site.pk] = held
    setattr(request, SiteSettings.get_cache_attr_name(), held[1])


class PageCacheMiddleware:
    """Serves and keeps whole Wagtail pages for anonymous visitors (see the module docstring).

    Goes straight after the security headers in ``MIDDLEWARE``, so a cached page is served without
    passing sessions, CSRF, sign-in and the rest, which have nothing to do for such a visitor: the
    security headers still go on every page, and a consenting visitor's landing is still recorded
    (``website.attribution.page_view_remember``). What it keeps is the response as those inner
    layers finished it, and only when it sets no cookie and is the same for every visitor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not request_is_cacheable(request):
            return self.render(request)
        try:
            lookup = page_cache_lookup(request)
        except CACHE_UNAVAILABLE as error:
            logger.warning("The page cache is out of reach (%s); rendering the page.", error)
            return self.get_response(request)
        lock = ""
        if lookup.state == "stale" and request.method == "GET":
            lock = page_lock_take(lookup)
        if lookup.state == "fresh" or (lookup.state == "stale" and not lock):
            from website.attribution import page_view_remember

            response = response_from_entry(lookup.entry)
            response[HEADER] = "hit" if lookup.state == "fresh" else "stale"
            page_view_remember(request, response)
        else:
            response = self.render_and_keep(request, lookup, lock=lock)
            if HEADER not in response:
                return response
        if settings.PAGE_CACHE_SHARED_MAX_AGE:
            # A CDN may keep a page, but never a previous copy: it would outlive the bound there.
            shared = 0 if response[HEADER] == "stale" else settings.PAGE_CACHE_SHARED_MAX_AGE
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
        return response

    def render_and_keep(self, request: HttpRequest, lookup: Lookup, *, lock: str) -> HttpResponse:
        """Render the page and keep it if it may be kept, for long enough to be served stale after it."""
        site_settings_prime(request, version=lookup.version)
        response = self.get_response(request)
        keep = request.method == "GET" and response_is_cacheable(request, response)
        try:
            if keep:
                response[HEADER] = "miss"
                seconds = settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_SECONDS
                entry = entry_from_response(response, version=lookup.version)
                cache.set(lookup.key, entry, timeout=seconds)
            elif lock:
                if 300 <= response.status_code < 500 and response.status_code != 304:
                    # The page is gone or has moved: nobody is to be shown its old copy any more.
                    cache.delete(lookup.key)
                # Let the next request try. A kept page's lock is left to expire instead: a request
                # that found the old copy just before it was replaced would otherwise render it again.
                cache.delete(lock)
        except CACHE_UNAVAILABLE as error:
            logger.warning("Could not keep the page in the cache (%s).", error)
        return response

    def render(self, request: HttpRequest) -> HttpResponse:
        """A page nobody else may be served (staff, a form post, the cache off): made afresh."""
        if request.method in ("GET", "HEAD") and is_page_request(request):
            try:
                site_settings_prime(request, version=page_cache_version())
            except CACHE_UNAVAILABLE as error:
                logger.warning("The cache is out of reach (%s); reading the site settings.", error)
        return self.get_response(request)


def frontend_cache_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def frontend_purge_all() -> None:
    """Purge every live page from the CDN, for a change that shows on every page."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().specific(defer=True))
    batch.purge()


def content_changed(sender, **kwargs) -> None:
    """A page, snippet, setting, image or document changed: any page may show it.

    Retired now, and again once the change is committed: a page rendered in between, from what
    the database still held, must not outlive the change.
    """
    page_cache_clear()
    transaction.on_commit(page_cache_clear)
    if frontend_cache_enabled():
        frontend_purge_all()


def booking_changed(sender, *, booking_id: int, **kwargs) -> None:
    """Places left on an event page change with every booking and cancellation."""
    from crm.selectors import booking_by_id

    page_cache_clear()
    booking = booking_by_id(pk=booking_id)
    if booking is not None and frontend_cache_enabled():
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

        purge_page_from_cache(booking.event.specific_deferred)


def content_models() -> list:
    """Every model whose rows can show on a public page, other than the pages themselves."""
    from django.apps import apps

    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    website = [model for model in apps.get_app_config("website").get_models() if not issubclass(model, Page)]
    return [*website, Site, get_image_model(), get_document_model(), Tag]


class PageCacheConfig(AppConfig):
    """Connects the receivers that retire cached pages, in every process (web, Celery, commands)."""

    name = "website.cache"
    label = "website_page_cache"
    verbose_name = "Public page cache"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from crm import signals as crm_signals

        uid = "website.cache"
        page_published.connect(content_changed, dispatch_uid=f"{uid}.page_published")
        page_unpublished.connect(content_changed, dispatch_uid=f"{uid}.page_unpublished")
        post_page_move.connect(content_changed, dispatch_uid=f"{uid}.post_page_move")
        for model in apps.get_models():
            if issubclass(model, Page):
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}.delete.{model._meta}")
        for model in content_models():
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}.save.{model._meta}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}.delete.{model._meta}")
        crm_signals.booking_changed.connect(booking_changed, dispatch_uid=f"{uid}.booking_changed")

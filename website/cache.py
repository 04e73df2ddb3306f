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

With a CDN in front (``WAGTAILFRONTENDCACHE``), Wagtail purges a page there when it is published;
a change that shows on every page purges every live page there too.
https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
"""

import hashlib
import logging
import uuid
from functools import lru_cache

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
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
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
    _version, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def entry_from_response(response: HttpResponse, *, version: str) -> tuple:
    return (version, response.status_code, list(response.items()), response.content)


def page_cache_lookup(request: HttpRequest) -> tuple[str, str, tuple | None]:
    """The current version, the page's key, and its entry if one was kept under this version: one round trip."""
    key = page_cache_key(request)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = page_cache_version()
    entry = found.get(key)
    if entry is not None and entry[0] != version:
        entry = None
    return version, key, entry


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
            version, key, entry = page_cache_lookup(request)
        except CACHE_UNAVAILABLE as error:
            logger.warning("The page cache is out of reach (%s); rendering the page.", error)
            return self.get_response(request)
        if entry is not None:
            from website.attribution import page_view_remember

            response = response_from_entry(entry)
            response[HEADER] = "hit"
            page_view_remember(request, response)
        else:
            site_settings_prime(request, version=version)
            response = self.get_response(request)
            if request.method != "GET" or not response_is_cacheable(request, response):
                return response
            try:
                cache.set(key, entry_from_response(response, version=version), timeout=seconds)
            except CACHE_UNAVAILABLE as error:
                logger.warning("Could not keep the page in the cache (%s).", error)
            response[HEADER] = "miss"
        if settings.PAGE_CACHE_SHARED_MAX_AGE:
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE)
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

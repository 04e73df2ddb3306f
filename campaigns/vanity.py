"""Vanity addresses: short web addresses for radio, posters and leaflets, such as ``/radio/``.

Each leads to its campaign's landing page with the campaign's tracking parameters, so a visit that
began with a poster is credited to it. The website's attribution middleware asks here only when no
page or view answered the address, so a vanity address can never hide a page.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import URLResolver, get_resolver
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail.models import Page, Site

from campaigns.models import Campaign

VANITY_ADDRESS = re.compile(r"^/([A-Za-z0-9][A-Za-z0-9-]{1,40})/?$")
# Addresses served outside Django's URL patterns in some environments.
RESERVED = {"static", "media"}
LITERAL_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class VanityTarget:
    campaign: Campaign
    url: str
    params: dict[str, str]


def vanity_target(*, path: str) -> VanityTarget | None:
    """Where the vanity address ``path`` leads, with its tracking parameters; None if it is not one."""
    match = VANITY_ADDRESS.match(path)
    if not match:
        return None
    slug = match.group(1).lower()
    campaign = Campaign.objects.filter(vanity_path=slug).first()
    if campaign is None:
        return None
    top = campaign.channel_spend.select_related("channel").order_by("-spend", "pk").first()
    params = {"utm_campaign": campaign.code}
    if top:
        params["utm_medium"] = top.channel.slug
    params.update(utm_source="vanity", vanity=slug)
    landing = campaign.landing_path
    if not landing.startswith("/") or not url_has_allowed_host_and_scheme(landing, allowed_hosts=None):
        landing = "/"
    parts = urlsplit(landing)
    query = {name: value for name, value in parse_qsl(parts.query) if name not in params}
    query.update(params)
    url = urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))
    return VanityTarget(campaign=campaign, url=url, params=query)


def vanity_url(*, campaign: Campaign, root_url: str) -> str:
    """The full vanity address to print on a poster, e.g. https://example.org/radio/."""
    return f"{root_url.rstrip('/')}/{campaign.vanity_path}/" if campaign.vanity_path else ""


def website_segments(patterns=None, prefix: str = "") -> set[str]:
    """The first parts of every address the site's own views answer (``admin``, ``cookies``...)."""
    segments = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        first = route.split("/", 1)[0].rstrip("$")
        if first and LITERAL_SEGMENT.match(first):
            segments.add(first)
        elif not route and isinstance(pattern, URLResolver):
            segments |= website_segments(pattern.url_patterns, route)
    return segments


def vanity_path_clash(*, path: str) -> str | None:
    """Why ``/path/`` cannot be a vanity address (a page or a part of the site is there), or None."""
    address = f"/{path}/"
    if path in RESERVED or path in website_segments():
        return f"{address} is used by the website itself. Choose another short address."
    roots = Site.objects.values_list("root_page", flat=True)
    for root in Page.objects.filter(pk__in=roots):
        page = Page.objects.child_of(root).filter(slug=path).first()
        if page is not None:
            state = "" if page.live else " (a draft)"
            return (
                f"The page “{page.title}”{state} is at {address} already. Choose another short address, "
                "so that page can still be reached."
            )
    return None

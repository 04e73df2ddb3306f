"""Where visitors come from, recorded only as far as each visitor has agreed (PECR).

Without a choice, or after "Reject", nothing is stored about the visitor: the landing page's own
campaign parameters ride along on its links to the enquiry form, so the enquiry still says which
campaign brought it. After "Accept", the visitor gets a random id (``apse_visitor``) and every
tracked landing is recorded against it, so when they enquire their earlier touches join their record.

Page HTML depends only on the address and the consent state (none, accepted, rejected), never on
the visitor, so whole pages can be cached by those two things.
https://ico.org.uk/for-organisations/direct-marketing-and-privacy-and-electronic-communications/guide-to-pecr/cookies-and-similar-technologies/
"""

import hashlib
import logging
import re
import uuid
from urllib.parse import parse_qsl, urlencode, urlparse, urlsplit

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.request import split_domain_port
from django.utils.http import url_has_allowed_host_and_scheme

from campaigns.models import Channel
from campaigns.services import touchpoint_record_landing
from campaigns.vanity import vanity_target
from crm.forms import ATTRIBUTION_FIELDS

logger = logging.getLogger(__name__)

CONSENT_COOKIE = "apse_consent"
VISITOR_COOKIE = "apse_visitor"
ACCEPTED = "accepted"
REJECTED = "rejected"
CHOICES = {"accept": ACCEPTED, "reject": REJECTED}
CONSENT_MAX_AGE = 60 * 60 * 24 * 365
VISITOR_MAX_AGE = 60 * 60 * 24 * 395  # 13 months
MAX_PARAM_LENGTH = 300

# Parameters that make a page request a landing worth recording. ``landing`` is ours, never a landing.
TRACKED_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "ref", "vanity")
# What the enquiry form takes from its address (crm.forms.ATTRIBUTION_FIELDS), less the landing path.
CARRIED_PARAMS = tuple(name for name in ATTRIBUTION_FIELDS if name != "landing")
# Query parameters the banner may echo back as the page to return to. Anything else (a booking's
# token, a signed "thank you" reference) stays out of the page. ``about`` is the enquiry page's answer
# to "What would you like help with?": a choice leaves the visitor on the form they chose.
RETURN_PARAMS = (
    *(name for name in TRACKED_PARAMS if name != "ref"),
    "landing",
    "about",
    "q",
    "page",
    "tag",
    "area",
    "type",
)
NOT_PAGES = ("/admin/", "/static/", "/media/", "/documents/", "/cookies/", "/search/")
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|curl/|wget/|python-|go-http|"
    r"java/|libwww|httpclient|scrapy|lighthouse|pingdom|uptime",
    re.IGNORECASE,
)


def consent_state(request: HttpRequest) -> str:
    """``accepted``, ``rejected``, or "" when the visitor has not chosen (or the cookie is mangled)."""
    value = request.COOKIES.get(CONSENT_COOKIE, "")
    return value if value in (ACCEPTED, REJECTED) else ""


def visitor_id(request: HttpRequest) -> uuid.UUID | None:
    """The visitor's random id, only while they accept analytics cookies. Never taken from a form."""
    if consent_state(request) != ACCEPTED:
        return None
    try:
        return uuid.UUID(request.COOKIES.get(VISITOR_COOKIE, ""))
    except ValueError:
        return None


def own_host(request: HttpRequest) -> str:
    """This site's host name without a port, as referrers are compared by host name."""
    domain, _ = split_domain_port(request.get_host())
    return domain


def request_attribution(request: HttpRequest) -> dict[str, str]:
    """What an enquiry's attribution adds from the request: this site's host, and the consented visitor."""
    attribution = {"host": own_host(request)}
    if visitor := visitor_id(request):
        attribution["visitor"] = str(visitor)
    return attribution


def is_bot(request: HttpRequest) -> bool:
    return bool(BOTS.search(request.headers.get("User-Agent", "")))


def external_referrer(request: HttpRequest, address: str | None = None) -> str:
    """The referring address (``address``, or the request's Referer) when it is another site, else ""."""
    referrer = (request.headers.get("Referer", "") if address is None else address)[:MAX_PARAM_LENGTH]
    parsed = urlparse(referrer)
    host = (parsed.hostname or "").removeprefix("www.")
    if parsed.scheme not in ("http", "https") or not host or host == own_host(request).removeprefix("www."):
        return ""
    return referrer


def landing_params(request: HttpRequest, names=TRACKED_PARAMS, *, query=None) -> dict[str, str]:
    query = request.GET if query is None else query
    return {name: value[:MAX_PARAM_LENGTH] for name in names if (value := query.get(name, "").strip())}


def return_path(request: HttpRequest) -> str:
    """This page's address for the banner to come back to, without anything private in its query."""
    params = landing_params(request, RETURN_PARAMS)
    return f"{request.path}?{urlencode(params)}" if params else request.path


def attribution_query(request: HttpRequest) -> str:
    """The landing page's campaign parameters and path, to carry to the enquiry form.

    Only the address is used, so the same address always gives the same links.
    """
    params = landing_params(request, CARRIED_PARAMS)
    if not params:
        return ""
    params["landing"] = request.GET.get("landing", "").strip()[:MAX_PARAM_LENGTH] or request.path
    return urlencode(params)


def attribution_context(request: HttpRequest) -> dict:
    """Template context: whether to show the cookie banner, and the query for enquiry links."""
    state = consent_state(request)
    show_banner = not state and not request.path.startswith("/cookies/")
    return {
        "consent_state": state,
        "show_cookie_banner": show_banner,
        "cookie_banner_next": return_path(request) if show_banner else "",
        "attribution_query": attribution_query(request),
    }


def _cookie_secure(request: HttpRequest) -> bool:
    return request.is_secure() or settings.SESSION_COOKIE_SECURE


def visitor_cookie_set(response: HttpResponse, *, request: HttpRequest) -> uuid.UUID:
    """Give a consenting visitor a new random id. First-party, unreadable by scripts."""
    visitor = uuid.uuid4()
    response.set_cookie(
        VISITOR_COOKIE,
        str(visitor),
        max_age=VISITOR_MAX_AGE,
        secure=_cookie_secure(request),
        httponly=True,
        samesite="Lax",
    )
    return visitor


def consent_choice_apply(
    response: HttpResponse, *, request: HttpRequest, choice: str, next_url: str = "", referrer: str = ""
) -> uuid.UUID | None:
    """Remember the visitor's choice.

    Accepting starts a visitor id (returned) and records the landing they chose on; rejecting
    removes any id there was.
    """
    response.set_cookie(
        CONSENT_COOKIE,
        choice,
        max_age=CONSENT_MAX_AGE,
        secure=_cookie_secure(request),
        httponly=True,
        samesite="Lax",
    )
    if choice == REJECTED:
        if VISITOR_COOKIE in request.COOKIES:
            response.delete_cookie(VISITOR_COOKIE, samesite="Lax")
        return None
    visitor = visitor_id(request) or visitor_cookie_set(response, request=request)
    consent_landing_record(request=request, visitor=visitor, next_url=next_url, referrer=referrer)
    return visitor


def same_origin(request: HttpRequest) -> bool:
    """Whether a POST came from a page on this site, by the headers browsers set and pages cannot forge.

    The cookie banner is on pages that must be cacheable for everyone who has not chosen yet, so it
    cannot carry a per-visitor CSRF token; the browser's ``Sec-Fetch-Site`` and ``Origin`` headers
    (``Referer`` as a last resort) protect the choice instead.
    https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        if origin in settings.CSRF_TRUSTED_ORIGINS:
            return True
        return _is_this_site(request, origin)
    referrer = request.headers.get("Referer", "")
    return bool(referrer) and _is_this_site(request, referrer)


def _is_this_site(request: HttpRequest, address: str) -> bool:
    parsed = urlparse(address)
    scheme = "https" if request.is_secure() else "http"
    return parsed.scheme == scheme and parsed.netloc == request.get_host()


def safe_next(request: HttpRequest, value: str) -> str:
    """Where to send the visitor back to: ``value`` if it is on this site, else the home page.

    A relative address with no leading slash is refused too: ``redirect()`` would take it for the
    name of a view.
    """
    if (
        value
        and (value.startswith("/") or urlparse(value).scheme)
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return "/"


class CookieChoiceForm(forms.Form):
    analytics = forms.ChoiceField(
        label="Do you want to accept analytics cookies?",
        choices=[("accept", "Yes, accept analytics cookies"), ("reject", "No, reject analytics cookies")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you accept analytics cookies.",
            "invalid_choice": "Choose whether you accept analytics cookies.",
        },
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    referrer = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def choice(self) -> str:
        return CHOICES[self.cleaned_data["analytics"]]


def landing_gate(*, visitor: uuid.UUID, params: dict[str, str], referrer: str) -> bool:
    """True the first time in the window a visitor lands with these parameters; False on a reload."""
    host = urlparse(referrer).hostname or ""
    signature = urlencode(sorted(params.items())) + "|" + host
    digest = hashlib.sha256(signature.encode()).hexdigest()[:16]
    return cache.add(f"landing:{visitor}:{digest}", 1, timeout=settings.ATTRIBUTION_LANDING_WINDOW)


def landing_record(*, request: HttpRequest, visitor: uuid.UUID | None, params: dict[str, str], referrer: str):
    """Record a landing, once per window for a consenting visitor; every time for an anonymous one."""
    if visitor is not None and not landing_gate(visitor=visitor, params=params, referrer=referrer):
        return None
    try:
        return touchpoint_record_landing(
            params=params, referrer=referrer, own_host=own_host(request), visitor=visitor
        )
    except Channel.DoesNotExist:
        # The channel table is reference data; a missing row must not cost the visitor their page.
        logger.warning("A landing could not be recorded: a channel it needs is missing.", exc_info=True)
        return None


def consent_landing_record(*, request: HttpRequest, visitor: uuid.UUID, next_url: str, referrer: str):
    """The landing that brought a visitor who accepts on the page they landed on.

    That page was shown before they chose, so it recorded nothing. Its parameters come from the
    choice's Referer (the page itself) or else its ``next``; where the visitor came from before it,
    only the banner's script can say (``document.referrer``).
    """
    page = request.headers.get("Referer", "")
    if not _is_this_site(request, page):
        page = safe_next(request, next_url)
    params = landing_params(request, query=dict(parse_qsl(urlsplit(page).query)))
    referrer = external_referrer(request, referrer)
    if params or referrer:
        landing_record(request=request, visitor=visitor, params=params, referrer=referrer)


def _visitor(request: HttpRequest, response: HttpResponse) -> uuid.UUID:
    return visitor_id(request) or visitor_cookie_set(response, request=request)


def page_view_remember(request: HttpRequest, response: HttpResponse) -> None:
    """A consenting visitor saw a page: keep their visitor id, and record the landing if they came from a campaign.

    The attribution middleware calls this for every page it passes; the page cache calls it for a
    page it serves from the cache, which that middleware never sees.
    """
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not request.path.startswith(NOT_PAGES)
        and consent_state(request) == ACCEPTED
        and not is_bot(request)
    ):
        visitor = _visitor(request, response)
        params = landing_params(request)
        referrer = external_referrer(request)
        if params or referrer:
            landing_record(request=request, visitor=visitor, params=params, referrer=referrer)


class AttributionMiddleware:
    """Records landings for consenting visitors, and sends vanity addresses (``/radio/``) on their way.

    Requests with no campaign parameters and no other site's referrer cost no database query.
    A vanity address is only looked up when nothing else answered (a 404), so no page is ever hidden
    behind one and ordinary requests never look.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._vanity(request) or response
        page_view_remember(request, response)
        return response

    def _vanity(self, request: HttpRequest) -> HttpResponse | None:
        target = vanity_target(path=request.path)
        if target is None:
            return None
        response = HttpResponseRedirect(target.url)
        # Every visit through the address is counted, so nothing on the way may keep a copy.
        response["Cache-Control"] = "private, no-store"
        if request.method == "GET" and not is_bot(request):
            visitor = _visitor(request, response) if consent_state(request) == ACCEPTED else None
            params = {name: value for name, value in target.params.items() if name in TRACKED_PARAMS}
            landing_record(
                request=request, visitor=visitor, params=params, referrer=external_referrer(request)
            )
        return response

"""The security middleware. Each class is one rule, named in ``MIDDLEWARE`` by the settings block.

- ``SecurityHeadersMiddleware``: the Content-Security-Policy (strict on the public site, relaxed for
  Wagtail's admin) and the Permissions-Policy. Django's own ``SecurityMiddleware`` sends HSTS,
  ``nosniff``, the referrer policy and the cross-origin opener policy; its clickjacking middleware
  sends ``X-Frame-Options``.
- ``RequestLimitsMiddleware``: a tight limit on the size and number of fields of every request
  except a signed-in person's in the admin, whose page editor needs Wagtail's raised global limit.
- ``StaffSessionMiddleware``: signs staff out after a spell without activity, and a while after
  they signed in whatever they were doing.
- ``StaffTwoFactorMiddleware``: nobody uses the admin until an authenticator app code has been
  checked in this session (django-otp).
- ``CsvFormulaMiddleware``: every CSV the admin sends has its formula-like cells neutralised.
"""

import time
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from website.security.csp import fresh_nonce
from website.security.spreadsheets import neutralise_csv_stream

SESSION_STARTED = "security_started_at"
SESSION_SEEN = "security_seen_at"
# Activity is written to the session at most this often, so a busy person's session is not saved
# on every request.
SEEN_RESOLUTION = 60
# Wagtail's editor pings this while a page is open; an open tab is not a person at work.
BACKGROUND_PATHS = ("/editing-sessions/",)
# Addresses an unverified person may still use: to sign in, out, open an invitation, set up or give
# a code, and the admin's icons and translations that those pages load. The set-up page itself lets
# in only a session that opened an invitation (``website.security.two_factor.can_set_up``).
TWO_FACTOR_EXEMPT = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "security_two_factor_setup",
        "security_two_factor_verify",
        "security_two_factor_ask",
        "security_two_factor_invitation",
    }
)


@cache
def admin_prefix() -> str:
    """Where Wagtail's admin lives, ``/admin/`` here."""
    return reverse("wagtailadmin_home")


def in_admin(request: HttpRequest) -> bool:
    return request.path.startswith(admin_prefix())


def content_security_policy(directives: dict[str, list[str]]) -> str:
    """``{"img-src": ["'self'", "data:"]}`` as ``img-src 'self' data:``; an empty list gives the bare name."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "autoplay": ["self", "https://a.example"]}`` as the header's structured syntax."""

    def origin(value: str) -> str:
        return value if value in ("self", "*") else f'"{value}"'

    return ", ".join(
        f"{name}=({' '.join(origin(value) for value in allow)})" for name, allow in features.items()
    )


class SecurityHeadersMiddleware:
    """The Content-Security-Policy and Permissions-Policy headers, on every response.

    The public policy allows no inline script or style and uses no nonce, so a page cached whole
    for every visitor still carries a policy that fits it. JSON-LD blocks are data, not script,
    so the policy does not apply to them. Wagtail's admin (its page previews included) gets a
    policy of its own: scripts from this site and inline ones carrying this response's nonce only
    (``website.security.csp``), inline styles, and frames from its own origin for previews.
    https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CSP
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not in_admin(request):
            response = self.get_response(request)
            directives = settings.CSP_PUBLIC
        else:
            # The admin's own inline scripts carry this response's nonce (website.security.csp).
            with fresh_nonce() as nonce:
                request.csp_nonce = nonce
                response = self.get_response(request)
            directives = {
                **settings.CSP_ADMIN,
                "script-src": [*settings.CSP_ADMIN["script-src"], f"'nonce-{nonce}'"],
            }
        response.headers.setdefault("Content-Security-Policy", content_security_policy(directives))
        response.headers.setdefault("Permissions-Policy", permissions_policy(settings.PERMISSIONS_POLICY))
        return response


def request_refused(request: HttpRequest, *, status: int, heading: str, message: str) -> HttpResponse:
    """A plain page saying what was wrong, and that going back keeps what they typed."""
    html = render_to_string(
        "website/security/request_refused.html", {"heading": heading, "message": message}, request=None
    )
    return HttpResponse(html, status=status)


def field_count(request: HttpRequest, body: bytes) -> int:
    """How many fields a form post carries, counted the way Django's parsers will split them."""
    if request.content_type == "application/x-www-form-urlencoded":
        return len([pair for pair in body.split(b"&") if pair])
    if request.content_type == "multipart/form-data":
        boundary = request.content_params.get("boundary", "")
        if not boundary:
            return 0
        return max(body.count(b"--" + boundary.encode("latin-1")) - 1, 0)
    return 0


class RequestLimitsMiddleware:
    """Public requests may carry only small forms: a 413 for too many bytes, a 400 for too many fields.

    Wagtail's page editor posts thousands of fields, so ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` is raised
    for the whole site; this puts a tight limit back on everything else (the public forms, the
    webhooks, and the admin's own sign-in page). ``PUBLIC_REQUEST_LIMITS_BY_PATH`` gives a path
    prefix its own limits (an email arriving at the email door can be large), and may give the words
    for a refusal (``too_long``: a heading and a message, as for an applicant's upload). The limits are
    checked before anything reads the body, so the CSRF check never parses an oversized post.
    """

    BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")

    def __init__(self, get_response):
        self.get_response = get_response

    TOO_LONG = ("What you sent was too long", "Please shorten your message and try again.")

    def limits_for(self, path: str) -> tuple[int, int]:
        for prefix, limits in settings.PUBLIC_REQUEST_LIMITS_BY_PATH.items():
            if path.startswith(prefix):
                return limits["max_bytes"], limits["max_fields"]
        return settings.PUBLIC_REQUEST_MAX_BYTES, settings.PUBLIC_REQUEST_MAX_FIELDS

    def too_long_words(self, path: str) -> tuple[str, str]:
        """The heading and message for a request over its limit: a path's own (an upload's) or the usual."""
        for prefix, limits in settings.PUBLIC_REQUEST_LIMITS_BY_PATH.items():
            if path.startswith(prefix) and "too_long" in limits:
                return limits["too_long"]
        return self.TOO_LONG

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if in_admin(request) and request.user.is_authenticated:
            return self.get_response(request)
        max_bytes, max_fields = self.limits_for(request.path)
        query = request.META.get("QUERY_STRING", "")
        if len([pair for pair in query.split("&") if pair]) > max_fields:
            return self.too_many_fields(request)
        if request.method in self.BODY_METHODS:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > max_bytes:
                heading, message = self.too_long_words(request.path)
                return request_refused(request, status=413, heading=heading, message=message)
            # Small enough to read whole: the parsers read the same bytes again from memory.
            if (
                length
                and max_bytes <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                and field_count(request, request.body) > max_fields
            ):
                return self.too_many_fields(request)
        return self.get_response(request)

    def too_many_fields(self, request: HttpRequest) -> HttpResponse:
        return request_refused(
            request,
            status=400,
            heading="We could not read that form",
            message="It had far more answers in it than any of our forms has questions.",
        )


class StaffSessionMiddleware:
    """Signs a person out after ``STAFF_SESSION_IDLE_TIMEOUT`` seconds without a request, or
    ``STAFF_SESSION_MAX_AGE`` seconds after they signed in, and says why on the sign-in page.

    Visitors to the public site have no session; it is never touched for them, so their pages
    stay cacheable. Times are wall-clock seconds kept in the session itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = int(time.time())
        session = request.session
        started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
        if started is None or seen is None:
            session[SESSION_STARTED] = session[SESSION_SEEN] = now
            return
        idle_limit, age_limit = settings.STAFF_SESSION_IDLE_TIMEOUT, settings.STAFF_SESSION_MAX_AGE
        if now - seen > idle_limit:
            reason = f"you had not used it for {idle_limit // 60} minutes"
        elif now - started > age_limit:
            reason = f"you signed in more than {age_limit // 3600} hours ago"
        else:
            if now - seen >= SEEN_RESOLUTION and not any(part in request.path for part in BACKGROUND_PATHS):
                session[SESSION_SEEN] = now
            return
        logout(request)
        if in_admin(request):
            messages.info(request, f"For your security you were signed out of the admin, because {reason}.")


class StaffTwoFactorMiddleware:
    """Every admin address needs a session verified with an authenticator app code.

    With ``OTP_REQUIRED`` off (development only, so the demo users can sign in with a password),
    nobody is sent to set up or verify. Needs django-otp's ``OTPMiddleware`` before it.
    https://django-otp-official.readthedocs.io/en/stable/overview.html
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.OTP_REQUIRED or not in_admin(request):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.url_name in TWO_FACTOR_EXEMPT:
            return None
        from website.security.two_factor import can_set_up, confirmed_device_for

        if confirmed_device_for(user):
            target = "security_two_factor_verify"
        else:
            target = "security_two_factor_setup" if can_set_up(request) else "security_two_factor_ask"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


class CsvFormulaMiddleware:
    """Every CSV download from the admin has its cells neutralised (``website.security.spreadsheets``).

    It catches exports that do not neutralise their own cells, such as Wagtail's report exports.
    A cell already starting with ``'`` is left alone, so an export that does its own is unchanged;
    a response that says it did (``cells_neutralised``, as ``core.exports`` does) is not read again.
    """

    CSV_TYPES = ("text/csv", "application/csv")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in self.CSV_TYPES or not in_admin(request):
            return response
        if getattr(response, "cells_neutralised", False):
            return response
        encoding = response.charset or "utf-8"
        if response.streaming:
            response.streaming_content = neutralise_csv_stream(response.streaming_content, encoding=encoding)
            # The new content's length is unknown until it has been sent.
            if "Content-Length" in response:
                del response["Content-Length"]
        else:
            response.content = b"".join(neutralise_csv_stream([response.content], encoding=encoding))
        return response

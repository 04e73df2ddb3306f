"""The security headers, and public pages that really need no inline script or style.

The public Content-Security-Policy allows no ``'unsafe-inline'``, so a single ``style=""`` or inline
``<script>`` in a public template would silently break in browsers. The last test builds the demo
site and reads the HTML of every public page type (forms with their errors, thank-you and booking
pages, the 404 page, the refused-request page) to prove there are none.
"""

import io
import json
import subprocess
import sys

from django.core import signing
from django.test import Client, override_settings

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from tests.website.test_settings import PRODUCTION_ENV, ROOT


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def test_public_pages_get_the_strict_policy_and_the_other_headers(home_page):
    response = Client().get("/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    assert 'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")' in permissions


def test_errors_and_refusals_carry_the_strict_policy_too(home_page):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_gets_the_relaxed_policy_it_needs(editor):
    client = Client()
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    # No inline script runs but Wagtail's own, each carrying this response's nonce (website.security.csp).
    assert policy["script-src"][0] == "'self'"
    assert [source[:7] for source in policy["script-src"][1:]] == ["'nonce-"]
    # Staff avatars never come from Gravatar: nothing in the admin loads from another site.
    assert "gravatar" not in response.content.decode()
    # Page previews are frames of the admin's own origin; no other site may frame it.
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'self'" in policy["frame-src"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # The sign-in page is in the admin too, and never framed by another site.
    assert "frame-ancestors 'self'" in Client().get("/admin/login/")["Content-Security-Policy"]


@pytest.fixture(scope="module")
def production_security_settings():
    """The security settings of ``website.settings.production``, read in a fresh interpreter."""
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "TRUSTED_PROXY_COUNT",
        "OTP_REQUIRED",
        "CSP_PUBLIC",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    import os

    env = {
        key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="website.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_over_https_and_locks_the_rest_down(production_security_settings, home_page):
    values = production_security_settings
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["OTP_REQUIRED"] is True
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert "upgrade-insecure-requests" in values["CSP_PUBLIC"]
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    values.pop("OTP_REQUIRED")
    with override_settings(**values):
        # Plain http is sent to https first.
        insecure = Client().get("/")
        assert insecure.status_code == 301
        assert insecure["Location"] == "https://testserver/"
        response = Client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in response["Content-Security-Policy"]


INLINE_EVENT_PREFIX = "on"


def inline_code(html: str) -> list[str]:
    """Every inline script, inline style, event-handler attribute and javascript: link in ``html``."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") != "application/ld+json":
            found.append(f"inline <script>: {str(script)[:80]}")
    found += [f"<style> element: {str(style)[:80]}" for style in soup.find_all("style")]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name == "style":
                found.append(f"style attribute on <{element.name}>: {value[:60]}")
            elif name.lower().startswith(INLINE_EVENT_PREFIX) and name.lower() != "open":
                found.append(f"event handler {name} on <{element.name}>")
            elif name in ("href", "src", "action") and str(value).strip().lower().startswith("javascript:"):
                found.append(f"javascript: address on <{element.name}>")
    return found


def tiny_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def small_site(db, crm_reference, monkeypatch):
    """The demo site with a few of each kind of page: every page type and block, built quickly."""
    from website.demo import content, loader, records

    for name, keep in (("STORIES", 2), ("EVENTS", 3), ("FAQS", 4)):
        monkeypatch.setattr(content, name, getattr(content, name)[:keep])
    monkeypatch.setattr(records, "demo_households_load", lambda: 0)
    monkeypatch.setattr(loader, "touchpoints_reconcile", lambda: None)
    # Small pictures: resizing full-size photographs is not what is being tested here.
    monkeypatch.setattr(loader, "_rendered", lambda key, scene, palette: tiny_jpeg())
    loader.load_demo_content()
    return Page.objects.live().specific()


def test_no_public_page_type_has_inline_script_or_style(small_site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    from crm.models import Source
    from crm.services import enquiry_create
    from tests.factories import enquiry_details
    from website.models import EnquiryPage, EventPage
    from website.models.enquiry import THANKS_SALT

    pages = [page for page in small_site if page.depth > 1]
    addresses = {page.url for page in pages}
    page_types = {type(page).__name__ for page in pages}
    assert {"HomePage", "EnquiryPage", "EventPage", "StoryPage", "FAQPage", "StandardPage"} <= page_types

    enquiry_page = EnquiryPage.objects.live().first()
    event = EventPage.objects.live().order_by("start").last()
    enquiry = enquiry_create(source=Source.WEB, details=enquiry_details())
    addresses |= {
        enquiry_page.url + "thank-you/?t=" + signing.dumps({"e": enquiry.pk}, salt=THANKS_SALT),
        event.url + "book/",
        event.url + "book/done/?b=00000000-0000-0000-0000-000000000000",
        "/search/?q=adoption",
        "/cookies/",
        "/newsletter/",
        "/no-such-page/",
    }
    client = Client()
    problems = {}
    checked = 0
    for address in sorted(addresses):
        response = client.get(address)
        assert response.status_code in (200, 302, 404), (address, response.status_code)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        found = inline_code(response.content.decode())
        if found:
            problems[address] = found
    # The same pages after a form was sent with mistakes in it, and the refused-request page.
    for address, data in (
        (enquiry_page.url, {"first_name": ""}),
        (event.url + "book/", {}),
        ("/newsletter/", {}),
    ):
        response = client.post(address, data, headers={"Origin": "http://testserver"})
        assert response.status_code in (200, 400), (address, response.status_code)
        checked += 1
        if found := inline_code(response.content.decode()):
            problems[f"POST {address}"] = found
    refused = client.post("/newsletter/", "x" * (70 * 1024), content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 413
    if found := inline_code(refused.content.decode()):
        problems["refused request"] = found
    assert checked >= 15
    assert problems == {}


def test_the_inline_code_finder_finds_each_kind():
    html = (
        '<div style="color:red"><script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/ld+json">{}</script><style>p{}</style>'
        '<img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><details open></details></div>'
    )
    found = inline_code(html)
    assert len(found) == 5
    assert [
        kind
        for kind in ("inline <script>", "<style>", "style attribute", "onerror", "javascript:")
        if not any(kind in item for item in found)
    ] == []

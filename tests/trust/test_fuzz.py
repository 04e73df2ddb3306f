"""Hostile input, driven by Hypothesis, at every public form and both webhooks: never a server error.

Each example is one request a stranger could send: the form's own fields filled with a mix of
sensible answers and attack strings (markup, SQL, template syntax, NUL bytes, control characters,
very long and multi-valued fields), unknown extra fields, and the odd raw body of the wrong shape.
Requests go through the whole middleware stack with CSRF checks on, from a page on this site (the
public forms check where a post came from), and some from another site, which must be refused.

Every answer must be below 500, and no script sent in is ever given back unescaped. The normal
suite runs a few examples of each ("ci" profile); ``make trust`` runs many more ("trust" profile)
and prints how many were tried.
"""

import base64
import collections
import hashlib
import hmac
import json
import secrets
import time
import uuid

from django.test import Client

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.spam import form_token
from tests.factories import add_page, event_index, event_page, staff_member
from tests.trust.figures import record
from website.models import CheckerPage, EnquiryPage

ORIGIN = "http://testserver"
ELSEWHERE = "https://attacker.example"
SCRIPT = '<script>alert("fuzz")</script>'
ATTACKS = [
    SCRIPT,
    '"><img src=x onerror=alert("fuzz")>',
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "'; DROP TABLE crm_enquiry; --",
    "1 UNION SELECT password FROM auth_user",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${jndi:ldap://127.0.0.1/a}",
    '=HYPERLINK("http://attacker.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "../../../../etc/passwd",
    "a\r\nBcc: victim@example.com",
    "a\x00b",
    "\x00",
    "%00",
    "\u202egnp.exe",
    "\ufeff\u200b\u200d",
    "𝕬𝖉𝖔𝖕𝖙 👪" * 20,
    "A" * 5_000,
    "x" * 120_000,
    "<!--",
    "]]>",
    "\\",
    "-1",
    "99999999999999999999999999",
    "NaN",
    "1e309",
    "null",
    "[]",
    '{"__proto__": {"admin": true}}',
    "me14 1xx' --",
    "sam@example.com\nBcc: x@example.com",
    "sam@ex\x00ample.com",
    '"><svg/onload=alert(1)>@example.com',
]
# Any text at all, less lone surrogates (which no client can encode), with the attack strings
# above often enough that every form sees them.
hostile_text = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
    st.text(alphabet=st.characters(codec="ascii"), max_size=40),
)
# A field's value as posted: one string, or the same name repeated.
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=4))


def fields(sensible: dict[str, str]) -> st.SearchStrategy[dict]:
    """The form's fields, each either its sensible answer, something hostile, or left out, plus extras."""
    per_field = {
        name: st.one_of(st.just(value), hostile_value, st.none()) for name, value in sensible.items()
    }
    extras = st.dictionaries(
        st.text(min_size=1, max_size=30).filter(lambda s: "\x00" not in s), hostile_text, max_size=3
    )
    return st.builds(
        lambda chosen, more: {**more, **{name: value for name, value in chosen.items() if value is not None}},
        st.fixed_dictionaries(per_field),
        extras,
    )


def encodable(data: dict) -> dict:
    """The test client sends multipart/form-data; keys with NUL would break the client, not the site."""
    return {key.replace("\x00", ""): value for key, value in data.items()}


# Raw bodies of the wrong shape: broken multipart, JSON where a form is expected, bytes.
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=fuzz",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "application/xml",
]
raw_bodies = st.tuples(st.sampled_from(CONTENT_TYPES), st.binary(max_size=2000))


class Tally:
    """How one target answered: every attack counted by outcome, for the figures ``make trust`` prints."""

    def __init__(self, target: str):
        self.target = target
        self.outcomes: collections.Counter[str] = collections.Counter()

    def check(self, response, *, cross_site: bool = False) -> None:
        status = response.status_code
        body = response.content.decode("utf-8", "replace") if response.content else ""
        assert status < 500, (self.target, status, body[:2000])
        assert SCRIPT not in body, (self.target, "a script sent in was given back unescaped")
        if cross_site:
            # Refused: for where it came from (403), or first for its size (413) or shape (400).
            assert 400 <= status < 500, (self.target, "a cross-site post was let through", status)
            self.outcomes["cross_site_refused"] += 1
        elif status >= 400:
            self.outcomes["refused"] += 1
        else:
            self.outcomes["answered_safely"] += 1

    def record(self) -> None:
        tried = sum(self.outcomes.values())
        if tried:
            record("attacks", target=self.target, tried=tried, server_errors=0, **self.outcomes)


@pytest.fixture
def tally(request):
    counts = Tally(request.node.name.removeprefix("test_"))
    yield counts
    counts.record()


@pytest.fixture
def browser():
    """A client with Django's CSRF checks on, as a real visitor's browser meets them."""
    return Client(enforce_csrf_checks=True, raise_request_exception=True)


def post(browser, path: str, data: dict, *, cross_site: bool = False, **headers):
    origin = ELSEWHERE if cross_site else ORIGIN
    return browser.post(path, encodable(data), HTTP_ORIGIN=origin, **headers)


def post_raw(browser, path: str, content_type: str, body: bytes):
    return browser.generic("POST", path, body, content_type=content_type, HTTP_ORIGIN=ORIGIN)


@pytest.fixture
def public_site(home_page, crm_reference):
    """The pages that carry public forms: the enquiry form, an event, the eligibility checker."""
    staff_member("kent.worker", council="kent")
    enquire = add_page(
        home_page,
        EnquiryPage,
        title="Ask us about adopting",
        slug="enquire",
        thanks_text="<p>We will call you soon.</p>",
    )
    event = event_page(event_index(home_page), title="Information evening", days=10, capacity=2)
    checker = add_page(
        home_page,
        CheckerPage,
        title="Can I adopt?",
        slug="can-i-adopt",
        questions=[
            (
                "question",
                {
                    "key": "age",
                    "question": "Are you 21 or over?",
                    "help_text": "",
                    "options": [
                        {"label": "Yes", "outcome": "fine", "feedback": "You are old enough."},
                        {"label": "No", "outcome": "not_yet", "feedback": "You can adopt from 21."},
                    ],
                },
            )
        ],
    )
    return {"enquire": enquire.url, "event": event.url, "book": f"{event.url}book/", "checker": checker.url}


ENQUIRY = {
    "first_name": "Sam",
    "last_name": "Jones",
    "household_type": "couple",
    "partner_first_name": "Alex",
    "email": "sam@example.com",
    "phone": "07700 900123",
    "best_time_to_call": "evening",
    "postcode": "ME14 1XX",
    "council": "",
    "children_at_home": "none",
    "interests": "siblings",
    "heard_about": "radio",
    "heard_about_detail": "Heart Kent",
    "message": "We would like to know about adopting.",
    "contact_consent": "on",
    "newsletter_consent": "on",
    "website": "",
    "submission_key": "7f6c3f0e-7a8e-4f5b-9d3f-0c1d2e3f4a5b",
    "utm_source": "radio",
    "utm_campaign": "winter",
    "gclid": "abc",
}
BOOKING = {
    "first_name": "Robin",
    "last_name": "Visitor",
    "email": "robin@example.com",
    "phone": "",
    "postcode": "TN23 1AB",
    "places": "1",
    "heard_about": "radio",
    "contact_consent": "on",
    "newsletter_consent": "",
    "submission_key": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    "website": "",
}
NEWSLETTER = {
    "email": "reader@example.com",
    "first_name": "Jo",
    "council": "kent",
    "consent": "on",
    "wording_version": "",
    "placement": "footer",
    "form_token": "",
    "website": "",
}
COOKIE_CHOICE = {"analytics": "accept", "next": "/", "referrer": "https://www.example.com/"}


@pytest.mark.django_db
@given(data=fields(ENQUIRY), cross_site=st.booleans(), aged_token=st.booleans())
def test_enquiry_form(browser, public_site, tally, data, cross_site, aged_token):
    if aged_token and "form_token" not in data:
        data["form_token"] = form_token()
    tally.check(post(browser, public_site["enquire"], data, cross_site=cross_site), cross_site=cross_site)


@pytest.mark.django_db
@given(data=fields(BOOKING), cross_site=st.booleans())
def test_event_booking_form(browser, public_site, tally, data, cross_site):
    tally.check(post(browser, public_site["book"], data, cross_site=cross_site), cross_site=cross_site)


@pytest.mark.django_db
@given(data=fields(NEWSLETTER), cross_site=st.booleans())
def test_newsletter_signup_form(browser, public_site, tally, data, cross_site):
    tally.check(post(browser, "/newsletter/", data, cross_site=cross_site), cross_site=cross_site)


@pytest.mark.django_db
@given(data=fields({"age": "0"}), cross_site=st.booleans())
def test_eligibility_checker(browser, public_site, tally, data, cross_site):
    tally.check(post(browser, public_site["checker"], data, cross_site=cross_site), cross_site=cross_site)


@pytest.mark.django_db
@given(
    data=fields(COOKIE_CHOICE),
    cross_site=st.booleans(),
    accept=st.sampled_from(["text/html", "application/json", "*/*"]),
)
def test_cookie_consent(browser, public_site, tally, data, cross_site, accept):
    response = post(browser, "/cookies/", data, cross_site=cross_site, HTTP_ACCEPT=accept)
    tally.check(response, cross_site=cross_site)
    if response.status_code in (301, 302, 303):
        # Wherever it sends the visitor back to, it is on this site.
        location = response["Location"]
        assert location.startswith(f"{ORIGIN}/") or (
            location.startswith("/") and not location.startswith("//")
        )


@pytest.mark.django_db
@given(query=hostile_value, page=st.one_of(st.none(), hostile_text))
def test_site_search(browser, public_site, tally, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    tally.check(browser.get("/search/", params))


@pytest.mark.django_db
@given(postcode=hostile_value, token=st.one_of(st.uuids().map(str), hostile_text))
def test_council_suggestion_and_booking_cancellation(browser, public_site, tally, postcode, token):
    tally.check(browser.get("/enquire/council/", {"postcode": postcode}))
    path = f"/bookings/{token}/cancel/" if "/" not in token and "\x00" not in token else "/bookings/x/cancel/"
    tally.check(browser.get(path))
    tally.check(post(browser, path, {}))


@pytest.mark.django_db
@given(
    target=st.sampled_from(["enquire", "book", "checker", "/newsletter/", "/cookies/"]),
    raw=raw_bodies,
)
def test_public_forms_given_bodies_of_the_wrong_shape(browser, public_site, tally, target, raw):
    path = public_site.get(target, target)
    tally.check(post_raw(browser, path, *raw))


# The webhooks


SIGNING_KEY = "mailgun-signing-key-for-fuzz"
WEBHOOK_SECRET = "mailgun:door-secret-for-fuzz"
MAILCHIMP_SECRET = "mailchimp-webhook-secret-for-fuzz"


@pytest.fixture
def doors(settings, crm_reference):
    """The email door and the Mailchimp webhook open, as when their secrets are configured."""
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }
    settings.MAILCHIMP_WEBHOOK_SECRET = MAILCHIMP_SECRET
    staff_member("kent.worker", council="kent")


def mailgun_signature(timestamp: str) -> dict[str, str]:
    token = secrets.token_hex(25)
    signature = hmac.new(SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": signature}


header_pairs = st.lists(st.tuples(hostile_text, hostile_text).map(list), max_size=4)
message_headers = st.one_of(
    header_pairs.map(
        lambda extra: json.dumps([["From", "Jane <jane@example.com>"], ["Subject", "Adopting"], *extra])
    ),
    hostile_text,
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=8,
    ).map(json.dumps),
)
INBOUND = {
    "recipient": "enquiries@adoptionpartnership.example",
    "sender": "jane@example.com",
    "from": "Jane Smith <jane@example.com>",
    "subject": "Thinking about adoption",
    "body-plain": "Hello, we would like to know more about adopting.",
    "body-html": "<p>Hello</p>",
    "stripped-text": "Hello",
    "X-Mailgun-Sscore": "0.1",
}


@pytest.mark.django_db
@given(
    data=fields(INBOUND),
    headers=message_headers,
    signed=st.sampled_from(["yes", "yes", "no", "forged", "stale"]),
    authorised=st.booleans(),
)
def test_inbound_email_webhook(browser, doors, tally, data, headers, signed, authorised):
    now = str(int(time.time()))
    data = {**data, "message-headers": headers}
    if signed == "yes":
        data.update(mailgun_signature(now))
    elif signed == "forged":
        data.update({**mailgun_signature(now), "signature": "0" * 64})
    elif signed == "stale":
        data.update(mailgun_signature(str(int(time.time()) - 86_400)))
    secret = WEBHOOK_SECRET if authorised else "mailgun:guessed"
    auth = "Basic " + base64.b64encode(secret.encode()).decode()
    response = browser.post("/anymail/mailgun/inbound/", encodable(data), HTTP_AUTHORIZATION=auth)
    tally.check(response)
    # A missing, forged or day-old signature (older than Mailgun retries), or the wrong password, is refused.
    if not authorised or signed in ("no", "forged", "stale"):
        assert response.status_code >= 400, "an unsigned, stale or unauthorised email was let in"


@pytest.mark.django_db
@given(raw=raw_bodies)
def test_inbound_email_webhook_given_bodies_of_the_wrong_shape(browser, doors, tally, raw):
    auth = "Basic " + base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    content_type, body = raw
    response = browser.generic(
        "POST", "/anymail/mailgun/inbound/", body, content_type=content_type, HTTP_AUTHORIZATION=auth
    )
    tally.check(response)


MAILCHIMP_EVENT = {
    "type": "unsubscribe",
    "fired_at": "2026-01-01 10:00:00",
    "data[email]": "reader@example.com",
    "data[old_email]": "reader@example.com",
    "data[new_email]": "new@example.com",
    "data[merges][FNAME]": "Jo",
    "data[list_id]": "audience1",
    "data[reason]": "manual",
}


@pytest.mark.django_db
@given(
    data=fields(MAILCHIMP_EVENT),
    kind=st.sampled_from(["subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign", "x"]),
    right_secret=st.booleans(),
)
def test_mailchimp_webhook(browser, doors, tally, data, kind, right_secret):
    data.setdefault("type", kind)
    secret = MAILCHIMP_SECRET if right_secret else uuid.uuid4().hex
    response = browser.post(f"/newsletter/mailchimp/webhook/{secret}/", encodable(data))
    tally.check(response)
    if not right_secret:
        # Not found, unless the request is refused first for its size or shape.
        assert response.status_code in (400, 404, 413)

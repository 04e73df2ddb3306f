"""Applicants' own sign-in: a link by email, a session for one household, and signing out.

Asking for a link says the same whether or not the address is ours, so the page gives away nobody's
case. A link works once, for 15 minutes, and only while the record's email is still the one it was
sent to. The session's cookie is a random key the browser holds; the table keeps only its SHA-256.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils import timezone

from crm.models import ApplicantSession, AuditEvent, EnquiryType, Household, SideEffect, SignInLink

from .privacy import audit_record
from .side_effects import side_effect_queue

SIGNING_SALT = "crm.applicant.sign-in"  # a namespace for the signature, not a secret
# No more links than this to one address in an hour: the rest are quietly not sent.
LINKS_PER_HOUR = 5
SESSION_IDLE = dt.timedelta(hours=1)
SESSION_LONGEST = dt.timedelta(hours=12)
# How often a session's last-seen time is written while it is used.
SEEN_EVERY = dt.timedelta(minutes=1)


class SignInError(Exception):
    """The link cannot sign anyone in; the message says why in words the person can act on."""


def _signable(household_queryset):
    """Households whose applicants may sign in: open adopting cases (their page is "Your adoption journey")."""
    return household_queryset.recruitment().open()


def applicant_household_for_email(email: str) -> Household | None:
    """The open adopting case with this email, the most recently active first; None if there is none."""
    email = email.strip()
    if not email:
        return None
    return (
        _signable(Household.objects).filter(email__iexact=email).order_by("-last_enquiry_at", "-pk").first()
    )


@transaction.atomic
def sign_in_link_request(*, email: str, now: dt.datetime | None = None) -> SignInLink | None:
    """Email a sign-in link to ``email`` if it is an applicant's; None (and nothing sent) otherwise."""
    now = now or timezone.now()
    household = applicant_household_for_email(email)
    if household is None:
        return None
    recent = SignInLink.objects.filter(
        email__iexact=household.email, created_at__gt=now - dt.timedelta(hours=1)
    )
    if recent.count() >= LINKS_PER_HOUR:
        return None
    link = SignInLink.objects.create(household=household, email=household.email, created_at=now)
    side_effect_queue(
        kind=SideEffect.Kind.SIGN_IN_LINK,
        key=f"sign-in-link:{link.pk}",
        household=household,
        payload={"link_id": link.pk},
    )
    return link


def sign_in_token(link: SignInLink) -> str:
    """The token in the emailed address: the link's id and nonce, signed with the site's secret key."""
    return signing.dumps({"link": link.pk, "nonce": link.nonce}, salt=SIGNING_SALT, compress=False)


def sign_in_link_for_token(token: str) -> SignInLink | None:
    """The link a token names, whatever its state; None for a token that was not ours."""
    try:
        value = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    link = SignInLink.objects.select_related("household").filter(pk=value.get("link")).first()
    if link is None or not secrets.compare_digest(link.nonce, str(value.get("nonce", ""))):
        return None
    return link


def sign_in_link_problem(link: SignInLink | None, *, now: dt.datetime | None = None) -> str:
    """Why a link cannot sign anyone in, or '' if it can."""
    now = now or timezone.now()
    if link is None:
        return "This sign-in link is not one of ours. It may have been copied wrongly."
    if link.used_at is not None:
        return "This sign-in link has already been used. Each link works once."
    if link.expires_at <= now:
        return "This sign-in link has expired. Links work for 15 minutes."
    household = link.household
    signable = _signable(Household.objects).filter(pk=household.pk, email__iexact=link.email).exists()
    if not signable:
        return "This sign-in link no longer works. Ask for a new one with the email address we have for you."
    return ""


@dataclass(frozen=True)
class SignedIn:
    household: Household
    cookie: str


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def sign_in_link_use(*, token: str, now: dt.datetime | None = None) -> SignedIn:
    """Use a link once: mark it used and open a session for its household. Raises ``SignInError``."""
    now = now or timezone.now()
    link = sign_in_link_for_token(token)
    if link is not None:
        link = SignInLink.objects.select_for_update().select_related("household").get(pk=link.pk)
    problem = sign_in_link_problem(link, now=now)
    if problem:
        raise SignInError(problem)
    link.used_at = now
    link.save(update_fields=["used_at"])
    cookie = secrets.token_urlsafe(32)
    ApplicantSession.objects.create(
        household=link.household, key_hash=_hash(cookie), created_at=now, last_seen_at=now
    )
    audit_record(
        action=AuditEvent.Action.VIEW,
        target=link.household,
        summary=f"{link.household.reference} signed in to their own page with an emailed link",
    )
    return SignedIn(household=link.household, cookie=cookie)


def applicant_session_household(cookie: str, *, now: dt.datetime | None = None) -> Household | None:
    """The household a session cookie is signed in as, or None if it is unknown, ended or lapsed.

    A session lapses after an hour unused or twelve hours in all, and ends when the case closes or the
    record is merged; using it moves its last-seen time on (at most once a minute).
    """
    if not cookie:
        return None
    now = now or timezone.now()
    session = (
        ApplicantSession.objects.select_related("household")
        .filter(key_hash=_hash(cookie), ended_at__isnull=True)
        .first()
    )
    if session is None:
        return None
    household = session.household
    lapsed = now - session.last_seen_at > SESSION_IDLE or now - session.created_at > SESSION_LONGEST
    if lapsed or not household.is_open or household.service != EnquiryType.ADOPTING:
        ApplicantSession.objects.filter(pk=session.pk).update(ended_at=now)
        return None
    if now - session.last_seen_at > SEEN_EVERY:
        ApplicantSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return household


def applicant_sign_out(cookie: str, *, now: dt.datetime | None = None) -> None:
    if cookie:
        ApplicantSession.objects.filter(key_hash=_hash(cookie), ended_at__isnull=True).update(
            ended_at=now or timezone.now()
        )

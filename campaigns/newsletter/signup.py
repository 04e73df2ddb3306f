"""The public sign-up form: today's wording, and a sign-up that looks automated held for a person."""

import logging

from django.core import signing
from django.core.cache import cache

from campaigns.models import Subscriber
from core import consent
from core.spam import MIN_FILL_SECONDS, form_seconds_taken

from .held import held_signup_create
from .subscribers import subscriber_subscribe

logger = logging.getLogger(__name__)

SIGNUP_SOURCES = {"page": "Newsletter page", "footer": "Newsletter form in the website footer"}
# A person signs up once or twice; more than this from one address in an hour is a script.
SIGNUPS_PER_ADDRESS_PER_HOUR = 10


def signup_doubts(*, honeypot: str, token: str, ip_address: str) -> list[str]:
    """Why a sign-up looks automated. The footer form has no timing token, so a missing one is fine."""
    doubts = []
    if honeypot.strip():
        doubts.append("The hidden field that only bots fill in was filled in.")
    if token:
        seconds = form_seconds_taken(token)
        if seconds is None:
            doubts.append("The form's timing token was altered.")
        elif seconds < MIN_FILL_SECONDS:
            doubts.append(f"Sent {max(seconds, 0):.1f} seconds after the form was opened.")
    if ip_address:
        key = f"campaigns:newsletter-rate:{signing.Signer(salt='campaigns.newsletter-rate').signature(ip_address)}"
        cache.add(key, 0, timeout=60 * 60)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=60 * 60)
            count = 1
        if count > SIGNUPS_PER_ADDRESS_PER_HOUR:
            doubts.append("Too many sign-ups from the same internet address.")
    return doubts


def newsletter_signup(
    *,
    email: str,
    first_name: str,
    council: str,
    placement: str,
    honeypot: str,
    token: str,
    ip_address: str,
) -> Subscriber | None:
    """A sign-up from the website, with today's newsletter wording.

    One that looks automated is not subscribed: it is held, with its reasons, for a person to decide
    (``campaigns.newsletter.held``), and the visitor sees the same thank-you either way.
    """
    doubts = signup_doubts(honeypot=honeypot, token=token, ip_address=ip_address)
    details = {
        "email": email,
        "first_name": first_name,
        "council": council,
        "wording": consent.NEWSLETTER.text,
        "wording_version": consent.NEWSLETTER.version,
        "source": SIGNUP_SOURCES.get(placement, SIGNUP_SOURCES["page"]),
    }
    if doubts:
        held = held_signup_create(**details, doubts=doubts)
        logger.info("Newsletter sign-up %s held for a person: %s", held.pk, " ".join(doubts))
        return None
    return subscriber_subscribe(**details)

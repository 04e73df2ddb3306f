"""Signs that a public form was sent by a bot, or sent too often.

None of these refuses a submission: a suspect one is kept in quarantine for a person to release,
so a real enquirer who trips a rule is delayed, never lost.
"""

import time

from django.core import signing
from django.core.cache import cache

FORM_SALT = "crm.form-started"
MIN_FILL_SECONDS = 3
RATE_LIMITS = {
    # (what is counted, how many are fine, per how many seconds)
    "ip": (5, 10 * 60),
    "email": (3, 60 * 60),
}


def form_token() -> str:
    """A signed note of when the form was shown, checked when it comes back."""
    return signing.dumps(int(time.time()), salt=FORM_SALT)


def form_seconds_taken(token: str, *, now: float | None = None) -> float | None:
    """How long the visitor spent on the form, or None if the token is missing or was tampered with."""
    try:
        started = signing.loads(token or "", salt=FORM_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return (now if now is not None else time.time()) - started


def rate_limit_exceeded(*, kind: str, value: str) -> bool:
    """Count one more submission for this address; True once it goes over its limit in the window."""
    if not value:
        return False
    limit, window = RATE_LIMITS[kind]
    key = f"crm:rate:{kind}:{signing.Signer(salt='crm.rate').signature(value.lower())}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first in a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def spam_reasons(
    *, honeypot: str, token: str, ip_address: str, email: str, now: float | None = None
) -> list[str]:
    """Everything suspicious about one submission, in words a person reviewing quarantine understands."""
    reasons = []
    if honeypot.strip():
        reasons.append("The hidden field that only bots fill in was filled in.")
    seconds = form_seconds_taken(token, now=now)
    if seconds is None:
        reasons.append("The form's timing token was missing or altered.")
    elif seconds < MIN_FILL_SECONDS:
        reasons.append(f"Sent {max(seconds, 0):.1f} seconds after the form was opened.")
    if rate_limit_exceeded(kind="ip", value=ip_address):
        reasons.append("Too many submissions from the same internet address.")
    if rate_limit_exceeded(kind="email", value=email):
        reasons.append("Too many submissions from the same email address.")
    return reasons

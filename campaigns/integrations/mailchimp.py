"""Everything that talks to Mailchimp, through the official ``mailchimp-marketing`` client.

Callers get plain results or one exception, ``MailchimpError``, which says whether asking again
could help (a 429, a 5xx, a connection that failed) and carries Mailchimp's own explanation.
Every call holds one of ``MAILCHIMP_MAX_IN_FLIGHT`` slots in the shared cache, so however many
workers run, Mailchimp never sees more calls at once than it allows (it answers 429 beyond ten
simultaneous connections).
https://mailchimp.com/developer/marketing/docs/fundamentals/#connecting-to-the-api
"""

import contextlib
import datetime as dt
import hashlib
import json
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

import requests
from mailchimp_marketing import Client
from mailchimp_marketing.api_client import ApiClientError

SLOT_KEY = "campaigns:mailchimp:in-flight:{}"
PAGE_SIZE = 1000
DETAIL_LIMIT = 1500


class MailchimpError(Exception):
    """Mailchimp refused or could not take a call. ``retryable`` says whether asking again may work."""

    def __init__(self, message: str, *, status: int | None, retryable: bool):
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class MailchimpBusy(Exception):
    """Every call slot is taken: as many calls as Mailchimp allows are already in flight."""


@dataclass(frozen=True)
class Member:
    email: str
    status: str
    last_changed: dt.datetime | None


def setting(name: str, default):
    """A Mailchimp setting with its default, so only the key and the audience are needed to start."""
    return getattr(settings, name, default)


def is_configured() -> bool:
    return bool(settings.MAILCHIMP_ENABLED)


def subscriber_hash(email: str) -> str:
    """Mailchimp's id for a member: the MD5 of the lower-cased address."""
    # An id, not security.
    return hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()


def _server() -> str:
    return settings.MAILCHIMP_SERVER_PREFIX or settings.MAILCHIMP_API_KEY.rpartition("-")[2]


def api_url() -> str:
    """Mailchimp's address for this account's data centre; a setting can point it elsewhere (tests do)."""
    return setting("MAILCHIMP_API_URL", "") or f"https://{_server()}.api.mailchimp.com/3.0"


def _client() -> Client:
    client = Client()
    client.set_config(
        {
            "api_key": settings.MAILCHIMP_API_KEY,
            "server": _server(),
            "timeout": setting("MAILCHIMP_TIMEOUT_SECONDS", 20),
        }
    )
    client.api_client.host = api_url()
    return client


def slot_seconds() -> float:
    """How long a slot may be held: longer than the calls it covers, so a crashed worker's slot comes back."""
    return 3 * setting("MAILCHIMP_TIMEOUT_SECONDS", 20) + 10


@contextlib.contextmanager
def call_slot(*, wait: float = 0.0) -> Iterator[None]:
    """Hold one of ``MAILCHIMP_MAX_IN_FLIGHT`` slots for the calls inside, or raise ``MailchimpBusy``.

    Each slot is one cache key taken with ``add`` (Redis ``SET NX``), so taking it is atomic across
    processes; its timeout is the safety net if the holder dies. ``wait`` keeps trying that long.
    """
    limit = max(1, int(setting("MAILCHIMP_MAX_IN_FLIGHT", 10)))
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    key = None
    while key is None:
        slots = list(range(limit))
        random.shuffle(slots)
        key = next(
            (
                SLOT_KEY.format(n)
                for n in slots
                if cache.add(SLOT_KEY.format(n), token, timeout=slot_seconds())
            ),
            None,
        )
        if key is None:
            if time.monotonic() >= deadline:
                raise MailchimpBusy(f"All {limit} Mailchimp call slots are in use.")
            time.sleep(random.uniform(0.05, 0.25))  # noqa: S311 - spreading retries, not security
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


def _problem(status: int | None, text) -> MailchimpError:
    """Mailchimp's error, in words a person can act on, and whether trying again could help."""
    body = text
    if isinstance(text, str | bytes):
        try:
            body = json.loads(text)
        except ValueError:
            body = text
    if isinstance(body, dict):
        words = " ".join(str(body.get(name) or "") for name in ("title", "detail")).strip()
        for error in body.get("errors") or []:
            if isinstance(error, dict):
                words += f" {error.get('field', '')}: {error.get('message', '')}".rstrip()
    else:
        words = str(body or "").strip()
    words = words[:DETAIL_LIMIT] or "No explanation given."
    if status is None:
        return MailchimpError(f"Could not reach Mailchimp: {words}", status=None, retryable=True)
    if status == 429:
        return MailchimpError(
            f"Mailchimp asked us to slow down (HTTP 429). {words}", status=status, retryable=True
        )
    if status >= 500:
        return MailchimpError(
            f"Mailchimp could not take the change just now (HTTP {status}). {words}",
            status=status,
            retryable=True,
        )
    return MailchimpError(
        f"Mailchimp refused the change (HTTP {status}); it will not be retried. {words}",
        status=status,
        retryable=False,
    )


def _call(method, *args, **kwargs):
    """One call through the client, its failures turned into ``MailchimpError``.

    The client raises ``ApiClientError`` for an error with a body and for a failed connection
    (``status_code`` None), but hands back the raw response for an error with no body.
    """
    try:
        result = method(*args, **kwargs)
    except ApiClientError as error:
        raise _problem(error.status_code, error.text) from error
    if isinstance(result, requests.Response) and not result.ok:
        raise _problem(result.status_code, result.text)
    return result


def _status(result) -> int:
    return result.status_code if isinstance(result, requests.Response) else 200


def member_upsert(*, subscriber_hash: str, member: dict, tags: dict) -> int:
    """Add or update the member, then set their tags. Safe to repeat: both calls set a final state."""
    lists = _client().lists
    audience = settings.MAILCHIMP_AUDIENCE_ID
    with call_slot():
        _call(lists.set_list_member, audience, subscriber_hash, member)
        return _status(_call(lists.update_list_member_tags, audience, subscriber_hash, tags))


def member_update(*, subscriber_hash: str, member: dict) -> int:
    """Change a member (unsubscribe them). Someone not in the audience is already not receiving it."""
    lists = _client().lists
    with call_slot():
        try:
            return _status(
                _call(lists.update_list_member, settings.MAILCHIMP_AUDIENCE_ID, subscriber_hash, member)
            )
        except MailchimpError as error:
            if error.status == 404:
                return 404
            raise


def member_delete(*, subscriber_hash: str) -> int:
    """Delete the member and their history for good (erasure). Someone already gone is done."""
    lists = _client().lists
    with call_slot():
        try:
            return _status(
                _call(lists.delete_list_member_permanent, settings.MAILCHIMP_AUDIENCE_ID, subscriber_hash)
            )
        except MailchimpError as error:
            if error.status == 404:
                return 404
            raise


def members_all(*, page_size: int = PAGE_SIZE) -> Iterator[Member]:
    """Every member of the audience with their status, a page at a time (the nightly check)."""
    lists = _client().lists
    offset = 0
    while True:
        with call_slot(wait=60):
            page = _call(
                lists.get_list_members_info,
                settings.MAILCHIMP_AUDIENCE_ID,
                count=page_size,
                offset=offset,
                fields=["members.email_address", "members.status", "members.last_changed", "total_items"],
            )
        if not isinstance(page, dict):
            raise MailchimpError(
                "Mailchimp's list of members was not in the expected shape.", status=None, retryable=True
            )
        members = page.get("members") or []
        for member in members:
            yield Member(
                email=str(member.get("email_address", "")).lower(),
                status=str(member.get("status", "")),
                last_changed=_when(member.get("last_changed")),
            )
        offset += len(members)
        if not members or offset >= int(page.get("total_items") or 0):
            return


def _when(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None

"""A local stand-in for the Mailchimp Marketing API, so tests drive the real ``mailchimp-marketing`` client.

It speaks the part of the contract the client uses for one audience, with HTTP Basic auth (any
user name, the API key as password):

- ``PUT /3.0/lists/{list_id}/members/{hash}``: add or update a member; answers the member.
- ``PATCH /3.0/lists/{list_id}/members/{hash}``: change a member (unsubscribe); 404 if unknown.
- ``POST /3.0/lists/{list_id}/members/{hash}/tags``: set tags active or inactive; 204.
- ``POST /3.0/lists/{list_id}/members/{hash}/actions/delete-permanent``: 204.
- ``GET /3.0/lists/{list_id}/members?count=&offset=``: a page of members and ``total_items``.
- ``GET /3.0/ping``.

Errors are ``application/problem+json`` bodies with type, title, status, detail and instance, as
Mailchimp sends them. Tests can make it answer 429 or 500 a number of times, or answer slowly, and
read the most requests it ever had in progress at once.
https://mailchimp.com/developer/marketing/api/list-members/
"""

import base64
import datetime as dt
import hashlib
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MEMBER_PATH = re.compile(
    r"^/3\.0/lists/(?P<list_id>[^/]+)/members/(?P<hash>[^/]+)(?P<rest>/tags|/actions/delete-permanent)?$"
)
MEMBERS_PATH = re.compile(r"^/3\.0/lists/(?P<list_id>[^/]+)/members$")
ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
TITLES = {
    400: "Invalid Resource",
    401: "API Key Invalid",
    404: "Resource Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
DETAILS = {
    401: "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
    404: "The requested resource could not be found.",
    429: "You have exceeded the limit of 10 simultaneous connections.",
    500: "An unexpected internal error has occurred. Please contact Support for more information.",
    503: "This service is temporarily unavailable.",
}
STATUSES = {"subscribed", "unsubscribed", "cleaned", "pending", "transactional"}


def subscriber_hash(email: str) -> str:
    return hashlib.md5(email.lower().encode()).hexdigest()  # noqa: S324 - Mailchimp's member id


@dataclass
class Member:
    email_address: str
    status: str
    merge_fields: dict = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    last_changed: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def as_json(self, list_id: str) -> dict:
        return {
            "id": subscriber_hash(self.email_address),
            "email_address": self.email_address,
            "unique_email_id": subscriber_hash(self.email_address)[:10],
            "status": self.status,
            "merge_fields": self.merge_fields,
            "tags_count": len(self.tags),
            "tags": [{"id": n, "name": name} for n, name in enumerate(sorted(self.tags), start=1)],
            "list_id": list_id,
            "last_changed": self.last_changed.replace(microsecond=0).isoformat(),
        }


@dataclass
class Request:
    method: str
    path: str
    body: dict | None


class MailchimpStandIn:
    """A threaded HTTP server on 127.0.0.1 and a random port. Use as a context manager."""

    def __init__(self, *, api_key: str = "stand-in-key-us1", list_id: str = "audience1", delay: float = 0.0):
        self.api_key = api_key
        self.list_id = list_id
        self.delay = delay
        self.members: dict[str, Member] = {}
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._failures: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/3.0"

    def fail_next(self, status: int, times: int = 1, *, detail: str = "") -> None:
        """Answer the next ``times`` requests with ``status`` (429, 500, 400...) and Mailchimp's problem body."""
        with self._lock:
            self._failures.extend([(status, detail)] * times)

    def member(self, email: str) -> Member | None:
        with self._lock:
            return self.members.get(subscriber_hash(email))

    def add_member(
        self, email: str, *, status: str = "subscribed", last_changed: dt.datetime | None = None
    ) -> Member:
        """Put someone in the audience directly, as if they had signed up on Mailchimp's side."""
        with self._lock:
            member = Member(email_address=email, status=status)
            if last_changed:
                member.last_changed = last_changed
            self.members[subscriber_hash(email)] = member
            return member

    def calls(self, method: str | None = None) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if method is None or request.method == method]

    def start(self) -> "MailchimpStandIn":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.request_queue_size = 128
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self) -> "MailchimpStandIn":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def answer(self, *, method: str, target: str, authorization: str, body: bytes) -> tuple[int, dict | None]:
        """Count the request as in progress for as long as it takes, then answer it."""
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self._answer(method=method, target=target, authorization=authorization, body=body)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(
        self, *, method: str, target: str, authorization: str, body: bytes
    ) -> tuple[int, dict | None]:
        parts = urlsplit(target)
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            return _problem(400, "We encountered an unspecified JSON parsing error.", "JSON Parse Error")
        with self._lock:
            self.requests.append(Request(method, parts.path, payload))
            failure = self._failures.pop(0) if self._failures else None
        if not self._authorised(authorization):
            return _problem(401)
        if failure is not None:
            return _problem(*failure)
        if parts.path == "/3.0/ping" and method == "GET":
            return 200, {"health_status": "Everything's Chimpy!"}
        if match := MEMBERS_PATH.match(parts.path):
            if match["list_id"] != self.list_id:
                return _problem(404)
            if method != "GET":
                return _problem(405)
            return 200, self._members_page(parse_qs(parts.query))
        match = MEMBER_PATH.match(parts.path)
        if match is None or match["list_id"] != self.list_id:
            return _problem(404)
        return self._member_request(method, match["hash"], match["rest"] or "", payload)

    def _authorised(self, authorization: str) -> bool:
        scheme, _, encoded = authorization.partition(" ")
        if scheme != "Basic":
            return False
        try:
            _, _, password = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return False
        return password == self.api_key

    def _members_page(self, query: dict[str, list[str]]) -> dict:
        count = min(int(query.get("count", ["10"])[0]), 1000)
        offset = int(query.get("offset", ["0"])[0])
        with self._lock:
            members = sorted(self.members.values(), key=lambda member: member.email_address)
            page = [member.as_json(self.list_id) for member in members[offset : offset + count]]
        return {"members": page, "list_id": self.list_id, "total_items": len(members), "_links": []}

    def _member_request(self, method: str, member_hash: str, rest: str, payload) -> tuple[int, dict | None]:
        with self._lock:
            member = self.members.get(member_hash)
            if rest == "/tags" and method == "POST":
                if member is None:
                    return _problem(404)
                tags = (payload or {}).get("tags")
                if not isinstance(tags, list) or not all(
                    isinstance(tag, dict) and tag.get("name") for tag in tags
                ):
                    return _problem(400, "The resource submitted could not be validated.")
                for tag in tags:
                    if tag.get("status") == "inactive":
                        member.tags.discard(tag["name"])
                    else:
                        member.tags.add(tag["name"])
                return 204, None
            if rest == "/actions/delete-permanent" and method == "POST":
                if self.members.pop(member_hash, None) is None:
                    return _problem(404)
                return 204, None
            if rest:
                return _problem(405)
            if method == "PUT":
                return self._member_put(member_hash, member, payload or {})
            if method == "PATCH":
                if member is None:
                    return _problem(404)
                if "status" in (payload or {}):
                    if payload["status"] not in STATUSES:
                        return _problem(400, "The resource submitted could not be validated.")
                    member.status = payload["status"]
                member.merge_fields.update((payload or {}).get("merge_fields") or {})
                member.last_changed = dt.datetime.now(dt.UTC)
                return 200, member.as_json(self.list_id)
            if method == "GET":
                return (200, member.as_json(self.list_id)) if member else _problem(404)
            return _problem(405)

    def _member_put(self, member_hash: str, member: Member | None, payload: dict) -> tuple[int, dict | None]:
        email = str(payload.get("email_address") or "")
        if member is None and "@" not in email:
            return _problem(400, "The resource submitted could not be validated.", errors=["email_address"])
        if email and subscriber_hash(email) != member_hash:
            return _problem(400, "The email address does not match the subscriber hash.")
        status = payload.get("status") if member else payload.get("status_if_new") or payload.get("status")
        if status not in STATUSES:
            return _problem(400, "The resource submitted could not be validated.", errors=["status"])
        if member is None:
            member = self.members[member_hash] = Member(email_address=email, status=status)
        member.status = status
        member.merge_fields.update(payload.get("merge_fields") or {})
        member.last_changed = dt.datetime.now(dt.UTC)
        return 200, member.as_json(self.list_id)


def _problem(status: int, detail: str = "", title: str = "", errors: list[str] = ()) -> tuple[int, dict]:
    body = {
        "type": ERROR_TYPE,
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, "Something went wrong."),
        "instance": str(uuid.uuid4()),
    }
    if errors:
        body["errors"] = [{"field": name, "message": "This value is not valid."} for name in errors]
    return status, body


def _handler_for(stand_in: MailchimpStandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            status, answer = stand_in.answer(
                method=self.command,
                target=self.path,
                authorization=self.headers.get("Authorization", ""),
                body=self.rfile.read(length),
            )
            self.send_response(status)
            if answer is None:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            payload = json.dumps(answer).encode()
            content_type = "application/json" if status < 400 else "application/problem+json"
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _handle  # noqa: N815 - names http.server looks for

        def log_message(self, format, *args):  # noqa: A002 - http.server's signature
            pass

    return Handler


def mailchimp_settings(settings, stand_in: MailchimpStandIn) -> None:
    """Point the project's Mailchimp settings (pytest-django's ``settings``) at ``stand_in``, with quick retries."""
    settings.MAILCHIMP_API_KEY = stand_in.api_key
    settings.MAILCHIMP_SERVER_PREFIX = "us1"
    settings.MAILCHIMP_AUDIENCE_ID = stand_in.list_id
    settings.MAILCHIMP_ENABLED = True
    settings.MAILCHIMP_API_URL = stand_in.api_url
    settings.MAILCHIMP_TIMEOUT_SECONDS = 5
    settings.MAILCHIMP_BACKOFF_SECONDS = 0.01
    settings.MAILCHIMP_BUSY_RETRY_SECONDS = 0.1
    settings.MAILCHIMP_MAX_ATTEMPTS = 3

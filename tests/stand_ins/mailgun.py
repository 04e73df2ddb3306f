"""A local stand-in for Mailgun's send API, so tests drive anymail's real Mailgun backend over HTTP.

It speaks the part of the contract anymail uses: ``POST /v3/<domain>/messages`` with basic auth
``api:<key>``, form fields (urlencoded, or multipart when there are attachments) and the answer
``{"id": "<...>", "message": "Queued. Thank you."}``. Tests can make it fail a number of times
with a given status, or answer slowly. https://documentation.mailgun.com/docs/mailgun/api-reference/
"""

import base64
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

MESSAGES_PATH = re.compile(r"^/v3/(?P<domain>[^/]+)/messages$")
FAILURE_MESSAGES = {
    400: "'to' parameter is not a valid address. please check documentation",
    401: "Forbidden",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class SentMessage:
    """One message Mailgun accepted: the sending domain, its form fields and its attachments."""

    id: str
    domain: str
    fields: dict[str, list[str]]
    attachments: list[Attachment] = field(default_factory=list)

    def first(self, name: str) -> str:
        return self.fields.get(name, [""])[0]

    @property
    def to(self) -> list[str]:
        return self.fields.get("to", [])

    @property
    def subject(self) -> str:
        return self.first("subject")

    @property
    def text(self) -> str:
        return self.first("text")


class MailgunStandIn:
    """A threaded HTTP server on 127.0.0.1 and a random port. Use as a context manager."""

    def __init__(self, *, api_key: str = "key-stand-in", delay: float = 0.0):
        self.api_key = api_key
        self.delay = delay
        self.messages: list[SentMessage] = []
        self.requests = 0
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v3"

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` sends with ``status`` (500, 429, 400...) instead of queueing them."""
        with self._lock:
            self._failures.extend([status] * times)

    def sent_to(self, address: str) -> list[SentMessage]:
        with self._lock:
            return [message for message in self.messages if address in message.to]

    def start(self) -> "MailgunStandIn":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
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

    def __enter__(self) -> "MailgunStandIn":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _answer(self, *, path: str, authorization: str, content_type: str, body: bytes) -> tuple[int, dict]:
        with self._lock:
            self.requests += 1
            failure = self._failures.pop(0) if self._failures else None
        if self.delay:
            time.sleep(self.delay)
        expected = "Basic " + base64.b64encode(f"api:{self.api_key}".encode()).decode()
        if authorization != expected:
            return 401, {"message": FAILURE_MESSAGES[401]}
        match = MESSAGES_PATH.match(path)
        if match is None:
            return 404, {"message": "Not found"}
        if failure is not None:
            return failure, {"message": FAILURE_MESSAGES.get(failure, "Error")}
        fields, attachments = _form(content_type, body)
        missing = [name for name in ("from", "to", "subject") if not fields.get(name)]
        if missing or not (fields.get("text") or fields.get("html")):
            return 400, {"message": f"{(missing or ['text'])[0]} parameter is missing"}
        with self._lock:
            message_id = f"<{next(self._ids)}.stand-in@{match['domain']}>"
            self.messages.append(SentMessage(message_id, match["domain"], fields, attachments))
        return 200, {"id": message_id, "message": "Queued. Thank you."}


def _form(content_type: str, body: bytes) -> tuple[dict[str, list[str]], list[Attachment]]:
    if content_type.startswith("application/x-www-form-urlencoded"):
        return parse_qs(body.decode(), keep_blank_values=True), []
    document = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, list[str]] = {}
    attachments = []
    for part in document.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            attachments.append(Attachment(part.get_filename(), part.get_content_type(), content))
        else:
            fields.setdefault(name, []).append(content.decode())
    return fields, attachments


def _handler_for(stand_in: MailgunStandIn):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server looks for
            length = int(self.headers.get("Content-Length") or 0)
            status, answer = stand_in._answer(
                path=self.path,
                authorization=self.headers.get("Authorization", ""),
                content_type=self.headers.get("Content-Type", ""),
                body=self.rfile.read(length),
            )
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):  # noqa: A002 - http.server's signature
            pass

    return Handler

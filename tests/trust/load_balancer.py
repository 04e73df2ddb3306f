"""A pretend load balancer on loopback: what production's one balancer in front of gunicorn does.

Each visitor connects from an address of their own in 127.0.0.0/8 (``FromAddress`` binds a
requests session to one); the balancer, like a real one, appends the address it saw to
``X-Forwarded-For``, says ``X-Forwarded-Proto: https`` and passes the request on to gunicorn,
which sees only the balancer's address. With ``TRUSTED_PROXY_COUNT=1`` the site must still tell
the visitors apart. Only loopback addresses are ever used, and the balancer stops with the check.
"""

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from tests.trust.stack import free_port

# Headers that belong to one connection, never passed on by a proxy (RFC 9110, section 7.6.1).
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


class FromAddress(requests.adapters.HTTPAdapter):
    """A requests adapter whose connections come from one loopback address, as one visitor's would."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _handler(upstream_port: int, counts: dict[str, int]):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            visitor = self.client_address[0]
            earlier = headers.pop("X-Forwarded-For", "")
            headers["X-Forwarded-For"] = f"{earlier}, {visitor}" if earlier else visitor
            headers["X-Forwarded-Proto"] = "https"
            counts[visitor] = counts.get(visitor, 0) + 1
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)
            finally:
                upstream.close()

        do_GET = do_POST = do_HEAD = _forward

        def log_message(self, format, *args):  # noqa: A002  (the name http.server gives it)
            pass

    return Handler


class PretendLoadBalancer:
    """A threaded reverse proxy on a free loopback port in front of ``upstream_port``."""

    def __init__(self, *, upstream_port: int):
        self.port = free_port()
        self.visitors: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(upstream_port, self.visitors))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, name="pretend-load-balancer", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "PretendLoadBalancer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

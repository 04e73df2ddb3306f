"""The Mailgun stand-in, able to hold the first sends in mid-request, as a slow provider does.

A held request has arrived whole and waits for its answer until the test lets it go. If the sender
has gone by then (its process was killed), the message is not accepted, as Mailgun would not send an
email whose request never got its answer in this model; otherwise it is answered as usual.
"""

import json
import select
import socket
import threading
from http.server import ThreadingHTTPServer

from tests.stand_ins.mailgun import MailgunStandIn, _handler_for


class HeldMailgun(MailgunStandIn):
    def __init__(self, *, hold: int = 1, **kwargs):
        super().__init__(**kwargs)
        self.to_hold = hold
        self.held = threading.Event()
        self.released = threading.Event()
        self.abandoned = 0
        self.arrivals = 0

    def release(self) -> None:
        self.released.set()

    def start(self) -> "HeldMailgun":
        stand_in = self
        base = _handler_for(self)

        class Handler(base):
            def do_POST(self):  # noqa: N802 - the name http.server looks for
                with stand_in._lock:
                    stand_in.arrivals += 1
                    hold = stand_in.to_hold > 0
                    stand_in.to_hold -= hold
                if not hold:
                    return super().do_POST()
                # The whole request has arrived; the answer waits.
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stand_in.held.set()
                stand_in.released.wait(timeout=120)
                if _hung_up(self.connection):
                    with stand_in._lock:
                        stand_in.abandoned += 1
                    self.close_connection = True
                    return None
                status, answer = stand_in._answer(
                    path=self.path,
                    authorization=self.headers.get("Authorization", ""),
                    content_type=self.headers.get("Content-Type", ""),
                    body=body,
                )
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self


def _hung_up(connection: socket.socket) -> bool:
    """True if the client has closed its end: the socket reads as ended (or reset) without blocking."""
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except ConnectionResetError:
        return True

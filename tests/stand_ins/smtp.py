"""A tiny SMTP server on 127.0.0.1 for tests of Django's SMTP backend: it can refuse recipients.

It speaks enough of RFC 5321 for ``smtplib``: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
``rcpt_reply`` decides what every RCPT TO gets, e.g. ``"550 5.1.1 No such user"`` or
``"450 4.2.1 Mailbox busy"``; accepted messages are kept as raw bytes in ``messages``.
"""

import socketserver
import threading


class SMTPStandIn:
    def __init__(self, *, rcpt_reply: str = "250 OK"):
        self.rcpt_reply = rcpt_reply
        self.messages: list[bytes] = []
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def __enter__(self) -> "SMTPStandIn":
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(stand_in: SMTPStandIn):
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(f"{line}\r\n".encode())

        def handle(self):
            self.reply("220 stand-in ESMTP")
            while line := self.rfile.readline():
                command = line.decode("ascii", "replace").strip().upper()
                if command.startswith("EHLO"):
                    self.reply("250-stand-in")
                    self.reply("250 8BITMIME")
                elif command.startswith(("HELO", "MAIL", "RSET", "NOOP")):
                    self.reply("250 OK")
                elif command.startswith("RCPT"):
                    self.reply(stand_in.rcpt_reply)
                elif command == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    stand_in.messages.append(data)
                    self.reply("250 OK queued")
                elif command == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")

    return Handler

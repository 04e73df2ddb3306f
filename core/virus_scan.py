"""Checking an uploaded file for viruses with ClamAV's daemon (clamd), when one is configured.

``CLAMD_SOCKET`` names clamd's socket: a unix socket path (``/run/clamav/clamd.ctl``) or
``tcp://127.0.0.1:3310``. The file is streamed to it with the INSTREAM command (chunks each led by
their length as 4 bytes, big-endian, then a chunk of length 0) and clamd answers ``stream: OK`` or
``stream: <signature> FOUND``. https://docs.clamav.net/manual/Usage/Scanning.html#clamd

Without ``CLAMD_SOCKET`` nothing is scanned and the file is marked "not scanned". With it, a
daemon that cannot be reached, times out or answers with an error is ``ScanUnavailable``: the
caller refuses the file (fail closed) rather than keep one nobody checked.
"""

import socket
import struct
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

from django.conf import settings

CHUNK_BYTES = 64 * 1024
REPLY_MAX_BYTES = 4096


class ScanUnavailable(Exception):
    """clamd could not give an answer; the message says why, for the log (never for the public)."""


@dataclass(frozen=True)
class ScanVerdict:
    scanned: bool
    infected: bool = False
    signature: str = ""


NOT_SCANNED = ScanVerdict(scanned=False)


def scanning_enabled() -> bool:
    return bool(getattr(settings, "CLAMD_SOCKET", ""))


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("tcp://"):
        parts = urlsplit(address)
        sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 3310), timeout=timeout)
    else:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address.removeprefix("unix://"))
    return sock


def scan(file: BinaryIO) -> ScanVerdict:
    """Stream ``file`` (from its start) to clamd and read its verdict; ``NOT_SCANNED`` without ``CLAMD_SOCKET``."""
    address = getattr(settings, "CLAMD_SOCKET", "")
    if not address:
        return NOT_SCANNED
    timeout = float(getattr(settings, "CLAMD_TIMEOUT", 30))
    file.seek(0)
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := file.read(CHUNK_BYTES):
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < REPLY_MAX_BYTES:
                received = sock.recv(REPLY_MAX_BYTES)
                if not received:
                    break
                reply += received
    except OSError as error:  # refused, missing socket, timed out, reset half-way
        raise ScanUnavailable(f"clamd at {address} could not be used: {error}") from error
    return verdict_read(reply.rstrip(b"\0").decode("utf-8", "replace").strip())


def verdict_read(reply: str) -> ScanVerdict:
    """``stream: OK`` is clean; ``stream: Name FOUND`` infected; anything else (an ERROR) is no answer."""
    if reply == "stream: OK":
        return ScanVerdict(scanned=True)
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return ScanVerdict(scanned=True, infected=True, signature=reply[len("stream: ") : -len(" FOUND")])
    raise ScanUnavailable(f"clamd gave no verdict: {reply[:200]!r}")

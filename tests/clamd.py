"""A real ClamAV daemon (Debian's ``clamd``) of the tests' own, with one test signature: EICAR's.

No signatures can be downloaded here (and freshclam must never run in the tests), so the session
starts ``clamd`` on a database folder holding one signature of our own, an ``.ndb`` body signature
that matches the EICAR test string wherever it is in a file (inside a PDF as well as on its own),
and a unix socket in a temporary folder; no TCP port. It is stopped when the session ends.

Without the ``clamd`` binary the tests that need it skip, and fail when ``REQUIRE_SERVICES=1`` (CI,
which installs ``clamav-daemon``): the scan is only proved against the real daemon.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES, skip_or_fail
from tests.crm.document_files import eicar

SIGNATURE = "Apse-Eicar-Test"
START_SECONDS = 90


def clamd_binary() -> str | None:
    return shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(path).exists()), None
    )


def clamd_ping(socket_path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(str(socket_path))
            sock.sendall(b"zPING\0")
            return sock.recv(64).startswith(b"PONG")
    except OSError:
        return False


def clamd_config(folder: Path) -> Path:
    database = folder / "db"
    database.mkdir()
    (database / "apse-test.ndb").write_text(f"{SIGNATURE}:0:*:{eicar().hex()}\n")
    config = folder / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"LocalSocket {folder / 'clamd.sock'}",
                f"DatabaseDirectory {database}",
                f"LogFile {folder / 'clamd.log'}",
                "Foreground yes",
                "MaxThreads 2",
                "SelfCheck 0",
                "",
            ]
        )
    )
    return config


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    """The socket of a clamd started for this session (one per test process)."""
    binary = clamd_binary()
    if binary is None:
        skip_or_fail("needs ClamAV's daemon: apt-get install clamav-daemon", required=REQUIRE_SERVICES)
    folder = tmp_path_factory.mktemp("clamd")
    config = clamd_config(folder)
    socket_path = folder / "clamd.sock"
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not clamd_ping(socket_path):
            log = (
                (folder / "clamd.log").read_text(errors="replace") if (folder / "clamd.log").exists() else ""
            )
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"clamd did not start (exit {process.poll()}):\n{log[-2000:]}", pytrace=False)
            time.sleep(0.1)
        yield str(socket_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def clamd(settings, clamd_socket):
    """Uploads are scanned by the session's clamd."""
    settings.CLAMD_SOCKET = clamd_socket
    return clamd_socket

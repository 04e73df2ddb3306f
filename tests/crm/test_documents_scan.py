"""The virus check on uploads, against Debian's real clamd with a test signature for EICAR (``tests/clamd.py``).

An infected file is refused, never stored, and recorded; a clamd that cannot be reached refuses
the upload (fail closed) and is logged; without ``CLAMD_SOCKET`` nothing is scanned.
"""

import io
import logging
import socket
from pathlib import Path

from django.conf import settings

import pytest

from core import virus_scan
from crm.models import AuditEvent, Document, TimelineEntry
from crm.services import APPLICANT, DocumentRefused, document_upload
from crm.services.documents import INFECTED, SCAN_UNAVAILABLE
from tests.clamd import SIGNATURE, clamd, clamd_socket  # noqa: F401  (fixtures)
from tests.crm import document_files as files
from tests.crm.test_admin_screens import make_household


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def household(crm_reference):
    return make_household()


def test_the_test_signature_finds_eicar_and_nothing_else(clamd):  # noqa: F811
    assert virus_scan.scan(io.BytesIO(files.eicar())) == virus_scan.ScanVerdict(
        scanned=True, infected=True, signature=f"{SIGNATURE}.UNOFFICIAL"
    )
    assert virus_scan.scan(io.BytesIO(files.pdf(extra=files.eicar()))).infected
    assert virus_scan.scan(io.BytesIO(files.pdf())) == virus_scan.ScanVerdict(scanned=True)


def test_a_file_larger_than_one_chunk_is_streamed_whole(clamd):  # noqa: F811
    # EICAR after three chunks' worth of padding: found only if every chunk reached clamd.
    padding = b"0" * (virus_scan.CHUNK_BYTES * 3 + 17)
    assert virus_scan.scan(io.BytesIO(files.pdf(extra=padding + files.eicar()))).infected


@pytest.mark.django_db
def test_a_clean_file_is_kept_marked_checked(household, clamd):  # noqa: F811
    document = document_upload(
        household=household, uploaded_file=files.upload("id.pdf", files.pdf()), by=APPLICANT
    )

    assert document.scan_result == Document.ScanResult.CLEAN
    assert (
        "checked: no virus found"
        in AuditEvent.objects.get(object_type="document", object_id=document.pk).summary
    )


@pytest.mark.django_db
def test_an_infected_file_is_refused_never_stored_and_recorded(household, clamd, caplog):  # noqa: F811
    before = stored_files()

    with (
        caplog.at_level(logging.WARNING, logger="crm.services.documents"),
        pytest.raises(DocumentRefused) as refused,
    ):
        document_upload(
            household=household,
            uploaded_file=files.upload("bank statement.pdf", files.pdf(extra=files.eicar())),
            by=APPLICANT,
        )

    assert str(refused.value) == INFECTED
    assert not Document.objects.exists()
    assert stored_files() == before
    audit = AuditEvent.objects.get(
        household_id=household.pk, summary__startswith="Upload by the applicant refused"
    )
    assert SIGNATURE in audit.summary and "bank statement" not in audit.summary
    entry = TimelineEntry.objects.get(household=household, kind="document")
    assert (
        entry.summary.startswith("An upload was refused: the virus checker found")
        and "bank statement.pdf" in entry.body
    )
    assert SIGNATURE in caplog.text


@pytest.mark.django_db
def test_an_unreachable_scanner_refuses_the_upload(household, settings, tmp_path, caplog):
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")
    before = stored_files()

    with (
        caplog.at_level(logging.ERROR, logger="crm.services.documents"),
        pytest.raises(DocumentRefused) as refused,
    ):
        document_upload(household=household, uploaded_file=files.upload("id.pdf", files.pdf()), by=APPLICANT)

    assert (
        str(refused.value)
        == SCAN_UNAVAILABLE
        == ("We couldn't check that file just now; please try again in a few minutes.")
    )
    assert not Document.objects.exists() and stored_files() == before
    assert "virus checker failed" in caplog.text and "no-clamd-here.sock" in caplog.text


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_an_unreachable_scanner_over_tcp_refuses_the_upload(household, settings):
    settings.CLAMD_SOCKET = f"tcp://127.0.0.1:{closed_port()}"

    with pytest.raises(DocumentRefused, match="couldn't check that file just now"):
        document_upload(household=household, uploaded_file=files.upload("id.pdf", files.pdf()), by=APPLICANT)

    assert not Document.objects.exists()


def test_a_scanner_that_answers_nonsense_or_hangs_gives_no_verdict(settings):
    """A daemon that accepts and answers an error, or says nothing before the timeout, is no answer."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(2)
    replies = [b"INSTREAM size limit exceeded. ERROR\0", None]

    def serve():
        for reply in replies:
            connection, _ = server.accept()
            with connection:
                connection.settimeout(2)
                received = b""
                try:
                    while not received.endswith(b"\0\0\0\0") and (more := connection.recv(65536)):
                        received += more
                    if reply is not None:
                        connection.sendall(reply)
                    else:
                        connection.recv(1)  # says nothing until the client gives up
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    settings.CLAMD_TIMEOUT = 0.5
    try:
        with pytest.raises(virus_scan.ScanUnavailable, match="no verdict"):
            virus_scan.scan(io.BytesIO(files.pdf()))
        with pytest.raises(virus_scan.ScanUnavailable, match="could not be used"):
            virus_scan.scan(io.BytesIO(files.pdf()))
    finally:
        thread.join(timeout=5)
        server.close()


@pytest.mark.django_db
def test_without_a_scanner_files_are_kept_marked_not_checked(household, settings):
    settings.CLAMD_SOCKET = ""

    document = document_upload(
        household=household, uploaded_file=files.upload("id.pdf", files.pdf()), by=APPLICANT
    )

    assert document.scan_result == Document.ScanResult.NOT_SCANNED
    assert document.get_scan_result_display() == "Not checked for viruses"


@pytest.mark.parametrize(
    "reply, verdict",
    [
        ("stream: OK", virus_scan.ScanVerdict(scanned=True)),
        ("stream: Win.Test.EICAR_HDB-1 FOUND", virus_scan.ScanVerdict(True, True, "Win.Test.EICAR_HDB-1")),
    ],
)
def test_clamds_replies_are_read(reply, verdict):
    assert virus_scan.verdict_read(reply) == verdict

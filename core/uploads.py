"""What an uploaded file really is, judged by its content, and a name for it that is safe to show.

A file's name and the type a browser sends with it are whatever the sender says they are: a
program renamed ``passport.pdf`` still says ``.pdf`` and ``application/pdf``. So a file is judged
by its first bytes (the "magic numbers" every PDF, JPEG and PNG starts with) and, for Word's
``.docx`` (a zip archive), by the parts every Word document has, read from the archive's directory
without extracting anything. Anything else is refused, with a reason a person can act on.
"""

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.core.files.uploadhandler import TemporaryFileUploadHandler

PDF, JPEG, PNG, DOCX = "pdf", "jpeg", "png", "docx"


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extension: str
    names: tuple[str, ...]  # extensions a file of this kind may have


KINDS = {
    PDF: FileKind(PDF, "PDF", "application/pdf", ".pdf", (".pdf",)),
    JPEG: FileKind(JPEG, "JPEG", "image/jpeg", ".jpg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    PNG: FileKind(PNG, "PNG", "image/png", ".png", (".png",)),
    DOCX: FileKind(
        DOCX,
        "Word document (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
        (".docx",),
    ),
}
ALLOWED = "a PDF, JPEG, PNG or Word document (.docx)"
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx"

# The parts of a zip archive Word reads; a .docx must have both.
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
DOCX_MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# How much of [Content_Types].xml is read (a real one is a few kilobytes), and how many entries an
# archive of 10 MB may list before it is taken for something other than a Word document.
CONTENT_TYPES_MAX_BYTES = 256 * 1024
ZIP_MAX_ENTRIES = 5_000
HEAD_BYTES = 8


class UploadRefused(ValueError):
    """A file that is not accepted; the message says why in words the person who sent it can act on."""


def _what_else(head: bytes, archive_names: set[str] | None) -> str:
    """What a refused file seems to be, when we can tell, so the message can say so."""
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "a program"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an older Microsoft Office file (such as .doc or .xls)"
    if archive_names is not None:
        if "word/vbaProject.bin" in archive_names:
            return "a Word document with macros (.docm)"
        if any(name.startswith("xl/") for name in archive_names):
            return "an Excel spreadsheet"
        if any(name.startswith("ppt/") for name in archive_names):
            return "a PowerPoint presentation"
        return "a zip archive"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head[4:8] == b"ftyp":
        return "an HEIC photo or a video"
    if head.startswith(b"{\\rtf"):
        return "a rich text file (.rtf)"
    return ""


def _zip_names(file: BinaryIO) -> set[str] | None:
    """The names in a zip archive's directory, or None if it is not a zip archive we can read."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                return None
            return {info.filename for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError):
        return None


def _is_docx(file: BinaryIO, names: set[str]) -> bool:
    """A Word document: both parts present, its main part declared as a Word document, and no macros."""
    if not all(part in names for part in DOCX_PARTS) or "word/vbaProject.bin" in names:
        return False
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES or info.flag_bits & 0x1:  # encrypted
                return False
            with archive.open(info) as part:
                declared = part.read(CONTENT_TYPES_MAX_BYTES)
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
    ):
        return False
    return DOCX_MAIN_TYPE in declared


def sniff(file: BinaryIO) -> FileKind | None:
    """The kind of file this is by its content, if it is one we accept; None otherwise."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return KINDS[PDF]
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS[JPEG]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS[PNG]
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(file)
        if names is not None and _is_docx(file, names):
            return KINDS[DOCX]
    return None


def kind_required(file: BinaryIO, *, name: str) -> FileKind:
    """The file's kind, or ``UploadRefused`` saying what is wrong with it (its name is only used to explain)."""
    kind = sniff(file)
    if kind is not None:
        return kind
    file.seek(0)
    head = file.read(HEAD_BYTES)
    names = _zip_names(file) if head.startswith(b"PK\x03\x04") else None
    message = f"That file isn't {ALLOWED}."
    extension = PurePosixPath(name.lower()).suffix
    claimed = next((kind for kind in KINDS.values() if extension in kind.names), None)
    if claimed is not None:
        message += f" Its name says {extension} but its content is not {_article(claimed.label)}."
    if what := _what_else(head, names):
        message += f" It looks like {what}."
    if names is not None and claimed is not None and claimed.code == DOCX:
        message += " Open it in Word and save it again as a Word document (.docx), or as a PDF."
    elif claimed is None:
        message += " Save or scan it as a PDF, or take a photo of it (JPEG or PNG), and try again."
    raise UploadRefused(message)


def _article(label: str) -> str:
    return f"a {label}" if label[0] not in "AEIO" else f"an {label}"


def size_words(size: int) -> str:
    """A size as people say it: "11 MB", "240 KB", "900 bytes" (1 MB is 1,048,576 bytes, as computers show it)."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte{'' if size == 1 else 's'}"


def size_required(size: int, *, limit: int) -> None:
    if size == 0:
        raise UploadRefused("That file is empty. Choose the file again, or save it again and try once more.")
    if size > limit:
        shown = size_words(size)
        if shown == size_words(limit):  # 10.2 MB shows as "10 MB": say it is more
            shown = f"more than {shown}"
        raise UploadRefused(
            f"That file is {shown}. Each file can be {size_words(limit)} at most: "
            "try a smaller scan or photo, or send the pages as separate files."
        )


NAME_MAX_LENGTH = 100
_UNSAFE = re.compile(r"[^\w\s.()\-+,&']", re.UNICODE)


def name_sanitise(name: str, *, fallback: str = "document") -> str:
    """A file's name fit to show and to offer as a download: no folders, control characters or markup.

    Keeps letters of any alphabet, digits, spaces and ``. ( ) - + , & '``; at most 100 characters,
    keeping the extension. Never used to store the file, whose stored name is random.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        return fallback
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = name, ""
    extension = f".{extension}" if extension else ""
    return stem[: NAME_MAX_LENGTH - len(extension)].rstrip(" .") + extension


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Writes at most ``limit + 1`` bytes of an uploaded file to disk, and counts the rest.

    The file's ``size`` is still the size that was sent, so the form can say "That file is 30 MB"
    without 30 MB ever reaching the disk; one byte over the limit is enough to know it is over.
    Set it on the request before anything reads the body: ``request.upload_handlers = [...]``.
    https://docs.djangoproject.com/en/5.2/topics/http/file-uploads/#modifying-upload-handlers-on-the-fly
    """

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        room = self.limit + 1 - start
        if room > 0:
            self.file.write(raw_data[:room])
        return None  # Django counts the whole chunk towards the size all the same

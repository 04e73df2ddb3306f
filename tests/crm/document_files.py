"""Small real files of each kind an applicant might send, made in the test, and a few impostors.

The EICAR test string (which every virus scanner is built to detect, and which does nothing) is
put together from parts here, so no file in the repository holds it whole: a developer's own
antivirus would otherwise quarantine this file. https://www.eicar.org/download-anti-malware-testfile/
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

_EICAR_PARTS = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-FILE!$H+H*")


def eicar() -> bytes:
    return "".join(_EICAR_PARTS).encode("ascii")


def pdf(text: str = "Proof of address", *, extra: bytes = b"") -> bytes:
    """A one-page PDF a reader opens, saying ``text``; ``extra`` is put in a stream of its own."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if extra:
        objects.append(b"<< /Length %d >>\nstream\n" % len(extra) + extra + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, kind)
    return out.getvalue()


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{main}"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="{part}"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Medical form</w:t></w:r></w:p></w:body></w:document>"
)


def docx() -> bytes:
    """The smallest Word document Word opens: its content types, relationships and one paragraph."""
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part="word/document.xml", main=WORD_MAIN),
            "_rels/.rels": RELS.format(part="word/document.xml"),
            "word/document.xml": DOCUMENT,
        }
    )


def docm() -> bytes:
    """A Word document with macros (.docm): its content type says so, and it carries vbaProject.bin."""
    main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part="word/document.xml", main=main),
            "_rels/.rels": RELS.format(part="word/document.xml"),
            "word/document.xml": DOCUMENT,
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macros",
        }
    )


def xlsx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part="xl/workbook.xml", main=main),
            "_rels/.rels": RELS.format(part="xl/workbook.xml"),
            "xl/workbook.xml": "<workbook/>",
        }
    )


def plain_zip() -> bytes:
    return _zip({"photos/passport.jpg": image("JPEG")})


def program() -> bytes:
    """The start of a Windows program: 'MZ', and the DOS stub's words."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"This program cannot be run in DOS mode" * 4
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """A file as the browser sent it: its name and type are whatever the sender said."""
    return SimpleUploadedFile(name, content, content_type=content_type)

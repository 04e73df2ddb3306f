"""CSV and XLSX downloads that are safe to open in a spreadsheet.

A spreadsheet runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs strip first) as a formula, so text from outside (a name, a campaign
label) could run commands on the reader's machine. Every text cell that starts with one of those
is written with a leading apostrophe, which spreadsheets show as plain text. Numbers and dates
are written as real numbers and dates, never as text.
https://owasp.org/www-community/attacks/CSV_Injection
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; without it "£" is garbled.
BOM = "\ufeff"
SHEET_TITLE_LIMIT = 31
DATE_FORMAT = "dd/mm/yyyy"


def neutralise(value):
    """``value`` made safe for a spreadsheet cell: text that could start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_value(value, *, date_format: str = "%Y-%m-%d"):
    kind = type(value)
    # The common cells first, by exact type: a long export formats hundreds of thousands of them.
    if kind is str:
        return neutralise(value)
    if kind is int or kind is float or kind is Decimal:
        return value
    if value is None:
        return ""
    if kind is dt.date:
        return _date_text(value, date_format)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime(date_format)
    if isinstance(value, int | float | Decimal):
        return value
    return neutralise(str(value))


@lru_cache(maxsize=8192)
def _date_text(value: dt.date, date_format: str) -> str:
    """A date as text; an export repeats the same few thousand days many times over."""
    return value.strftime(date_format)


def xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the local time people expect.
        return (timezone.localtime(value) if timezone.is_aware(value) else value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return neutralise(str(value))


def filename_for(title: str, extension: str) -> str:
    return f"{slugify(title) or 'export'}.{extension}"


def _disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_lines(header: Sequence, rows: Iterable[Sequence], *, date_format: str = "%Y-%m-%d") -> Iterable[str]:
    """The CSV text, a line at a time, so a long export streams rather than building up in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield BOM
    writer.writerow([csv_value(value, date_format=date_format) for value in header])
    for row in rows:
        writer.writerow([csv_value(value, date_format=date_format) for value in row])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(
    *, title: str, header: Sequence, rows: Iterable[Sequence], date_format: str = "%Y-%m-%d"
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows, date_format=date_format), content_type=CSV_TYPE)
    response["Content-Disposition"] = _disposition(filename_for(title, "csv"))
    # Every cell went through csv_value, so the formula middleware need not read the file again.
    response.cells_neutralised = True
    return response


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title (shortened to Excel's 31 characters), a header row and the rows."""

    title: str
    header: Sequence
    rows: Iterable[Sequence]


def _sheet_title(title: str, taken: set[str]) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip() or "Sheet"
    candidate = cleaned[:SHEET_TITLE_LIMIT]
    number = 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = cleaned[: SHEET_TITLE_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook written in openpyxl's write-only mode, which keeps memory flat for long sheets.

    https://openpyxl.readthedocs.io/en/stable/optimized.html#write-only-mode
    """
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_title(sheet.title, taken))
        header = []
        for value in sheet.header:
            cell = WriteOnlyCell(worksheet, value=xlsx_value(value))
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            cells = []
            for value in row:
                converted = xlsx_value(value)
                if isinstance(converted, dt.date):
                    cell = WriteOnlyCell(worksheet, value=converted)
                    cell.number_format = DATE_FORMAT
                    cells.append(cell)
                else:
                    cells.append(converted)
            worksheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(*, title: str, sheets: Sequence[Sheet]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename_for(title, "xlsx"))
    return response

"""Moving the councils' old records in: households, their enquiries and stage history, from CSV or XLSX.

django-import-export does the reading and the dry run: its ``Resource`` (``RecordResource`` in
``crm.services.import_rows``, where the CRM's rules for each row are) walks the rows and rolls the whole
file back for a dry run, so a dry run writes every good row exactly as an import would and the report it
gives is the import's own. Each row is created, joined to a known household by the front door's own
matching, refused with its reasons in plain words (its row, the headings being row 1, and column),
already imported, or changed since it was imported (reported, never applied over what workers have
recorded since).

Nothing an import writes sends anything: no confirmation or worker notice (no ``SideEffect``), no
``enquiry_accepted`` or ``stage_changed`` signal (so no Mailchimp and no touch per row), nobody is
assigned. Once the import commits, the journeys of the households it touched are worked out again
here, and ``households_imported`` tells the campaigns app, which records their stage touches and
works out their credit again (the CRM never imports campaigns).
"""

import io
import time
from dataclasses import dataclass, field

import tablib

from crm.imports import headers_check
from crm.models import AuditEvent, ImportRun

from .import_rows import (
    CHANGED,
    CREATED,
    JOINED,
    OUTCOME_LABELS,
    REFUSED,
    UNCHANGED,
    RecordResource,
    RowReport,
)
from .privacy import audit_record

MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportFileError(Exception):
    """A file that cannot be read at all; the message says why, in plain English."""


@dataclass
class ImportReport:
    file_name: str
    committed: bool
    rows: list[RowReport] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)
    problem: str = ""
    run: ImportRun | None = None
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOME_LABELS}

    @property
    def importable(self) -> int:
        """The rows an import would write: the created and the joined."""
        return self.count(CREATED) + self.count(JOINED)

    def lines(self) -> list[str]:
        """The report as text, a line a row, then the totals: what the command prints."""
        what = "Imported" if self.committed else "Dry run (nothing saved)"
        lines = [f"{what}: {self.file_name}"]
        if self.problem:
            lines.append(self.problem)
        if self.unread_columns:
            lines.append(f"Columns not read: {', '.join(self.unread_columns)}")
        lines += [
            f"Row {row.row} ({row.reference or 'no reference'}): {row.label}. {row.detail}"
            for row in self.rows
        ]
        lines.append(
            ", ".join(f"{OUTCOME_LABELS[outcome]}: {count}" for outcome, count in self.counts.items())
        )
        return lines


def dataset_read(*, content: bytes, file_name: str) -> tablib.Dataset:
    """The file's first sheet as a dataset, by its extension: .csv (UTF-8, or Excel's UTF-8 with a BOM)
    or .xlsx (formulas read as written, so the import can refuse them)."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError("The file is larger than 20 MB: split it into smaller files.")
    name = file_name.lower()
    try:
        if name.endswith(".csv"):
            return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        if name.endswith(".xlsx"):
            return _xlsx_read(content)
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
        ) from None
    except Exception as error:  # noqa: BLE001 - any unreadable file is the same answer to a person
        raise ImportFileError(f"The file could not be read as {name.rsplit('.', 1)[-1].upper()}.") from error
    raise ImportFileError("Choose a .csv or .xlsx file.")


def _xlsx_read(content: bytes) -> tablib.Dataset:
    import openpyxl

    # Not ``data_only``: a formula is read as its text ("=..."), so it is refused rather than its result kept.
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False).active
    rows = sheet.iter_rows(values_only=True)
    dataset = tablib.Dataset()
    dataset.headers = [str(value or "").strip() for value in next(rows, [])]
    for values in rows:
        if any(value not in (None, "") for value in values):
            dataset.append(
                list(values)[: len(dataset.headers)] + [None] * (len(dataset.headers) - len(values))
            )
    return dataset


def records_import(*, dataset: tablib.Dataset, file_name: str, by, commit: bool = False) -> ImportReport:
    """Read an old system's file and report on every row; with ``commit``, import the good rows.

    Without ``commit`` it is a dry run: every row is written in a transaction that is then rolled back,
    so the report is exactly what an import would do. The run is recorded either way (``ImportRun``).
    """
    started = time.perf_counter()
    missing, unread = headers_check(list(dataset.headers or []))
    if missing:
        raise ImportFileError(
            f"The file has no {', '.join(missing)} column: the first row must hold the column headings."
        )
    run = ImportRun.objects.create(
        by=by, username=by.get_username() if by else "", file_name=file_name[:255], committed=commit
    )
    resource = RecordResource(run=run, by=by)
    result = resource.import_data(dataset, dry_run=not commit, use_transactions=True)
    report = ImportReport(
        file_name=file_name, committed=commit and not result.has_errors(), unread_columns=unread
    )
    report.rows = [
        resource.row_report(number, row_result, committed=report.committed)
        for number, row_result in enumerate(result.rows, start=1)
    ]
    if result.has_errors():
        report.problem = "Something went wrong writing the file, so none of it was imported."
    report.seconds = time.perf_counter() - started
    counts = report.counts
    ImportRun.objects.filter(pk=run.pk).update(
        committed=report.committed,
        rows=len(report.rows),
        created=counts[CREATED],
        joined=counts[JOINED],
        refused=counts[REFUSED],
        unchanged=counts[UNCHANGED],
        changed=counts[CHANGED],
        seconds=report.seconds,
    )
    run.refresh_from_db()
    report.run = run
    if report.committed:
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=run,
            user=by,
            summary=f"Imported old records from {file_name[:100]}: {counts[CREATED]} created, "
            f"{counts[JOINED]} joined, {counts[REFUSED]} refused",
        )
    return report

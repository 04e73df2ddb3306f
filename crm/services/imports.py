"""Moving the councils' old records in: households, their enquiries and stage history, from CSV or XLSX.

django-import-export does the reading and the dry run: its ``Resource`` walks the rows, each in a
savepoint, sorts them into new, skipped and invalid, and rolls the whole file back for a dry run,
so a dry run writes every good row exactly as an import would and the report it gives is the
import's own. ``RecordResource`` fills its hooks with the CRM's rules:

- each row is read and checked by ``crm.imports`` (the columns, in one place); a refused row says
  why in plain words, with its row (the headings are row 1) and column;
- a person already known is joined to their household by the front door's own matching
  (``household_find_match``); anyone else is a new household with the old system's stage history;
- a row whose council and reference were imported before is left alone: the same row is unchanged,
  a changed one is reported (never applied over what workers have recorded since).

Nothing an import writes sends anything: no confirmation or worker notice (no ``SideEffect``), no
``enquiry_accepted`` or ``stage_changed`` signal (so no Mailchimp and no touch per row), nobody is
assigned. Once the import commits, the journeys of the households it touched are worked out again
here, and ``households_imported`` tells the campaigns app, which records their stage touches and
works out their credit again (the CRM never imports campaigns).
"""

import datetime as dt
import io
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

import tablib
from import_export import resources
from import_export.results import RowResult

from crm.imports import STAGE_HEADERS, ImportedRow, headers_check, row_read
from crm.journey import journey_for
from crm.models import (
    AuditEvent,
    Clock,
    ClosureReason,
    Council,
    Enquiry,
    Household,
    ImportedRecord,
    ImportRun,
    Source,
    Stage,
    StageChange,
    TimelineEntry,
)
from crm.signals import households_imported, send_on_commit

from .enquiries import household_find_match
from .journeys import clock_due_on, journey_refresh
from .pipeline import clock_for
from .privacy import audit_record
from .routing import council_team

CREATED, JOINED, REFUSED, UNCHANGED, CHANGED = "created", "joined", "refused", "unchanged", "changed"
OUTCOME_LABELS = {
    CREATED: "Created",
    JOINED: "Joined",
    REFUSED: "Refused",
    UNCHANGED: "Already imported",
    CHANGED: "Changed since imported",
}
JOURNEY_BATCH = 500
MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportFileError(Exception):
    """A file that cannot be read at all; the message says why, in plain English."""


@dataclass
class RowReport:
    row: int  # the row in the spreadsheet: the headings are row 1
    reference: str
    outcome: str
    detail: str

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass
class ImportReport:
    file_name: str
    committed: bool
    rows: list[RowReport] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)
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
    for number, row_result in enumerate(result.rows, start=1):
        report.rows.append(resource.row_report(number, row_result))
    if result.has_errors():
        report.committed = False
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


class RecordResource(resources.ModelResource):
    """The import's rows, through django-import-export's import machinery: one ``ImportedRecord`` a row."""

    class Meta:
        model = ImportedRecord
        fields = ()
        skip_diff = True
        report_skipped = True
        use_transactions = True

    def __init__(self, *, run: ImportRun, by):
        super().__init__()
        self.run, self.by = run, by
        self.clocks = list(Clock.objects.all())
        self.teams = {council: council_team(council) for council in Council.values}
        self.written: dict[int, tuple[str, str]] = {}  # row number: (outcome, detail)
        self.references: dict[int, str] = {}
        self.households: list[int] = []
        self.created_at_row: dict[int, int] = {}  # household id: the row that created it
        self.seen: dict[tuple[str, str], int] = {}  # (council, reference): its row in this file

    # django-import-export's hooks ------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        self.number, self.dry_run = kwargs["row_number"], kwargs["dry_run"]
        self.references[self.number] = str(_cell(row, "reference")).strip()[:50]

    def get_or_init_instance(self, instance_loader, row):
        """Read the row (a ``ValidationError`` refuses it) and find it among the records imported before."""
        parsed = row_read(row)
        record = ImportedRecord.objects.filter(source=parsed.council, reference=parsed.reference).first()
        new = record is None
        if new:
            record = ImportedRecord(source=parsed.council, reference=parsed.reference, run=self.run)
        record.parsed = parsed
        return record, new

    def import_instance(self, instance, row, **kwargs):
        """Every column is read by ``crm.imports``; the record has no field of its own to fill."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A record imported before is never written again: the same row is unchanged, a changed one reported."""
        if instance.pk is None:
            return False
        key = (instance.source, instance.reference)
        if key in self.seen:
            self.written[self.number] = (
                REFUSED,
                f"Reference is also on row {self.seen[key] + 1} of this file: one reference is one record.",
            )
        elif instance.fingerprint == instance.parsed.fingerprint():
            self.written[self.number] = (
                UNCHANGED,
                f"Imported on {timezone.localdate(instance.imported_at):%d/%m/%Y}.",
            )
        else:
            self.written[self.number] = (
                CHANGED,
                "Different from the row imported on "
                f"{timezone.localdate(instance.imported_at):%d/%m/%Y}: not applied. Update "
                f"{_household_named(instance)} by hand if the old system is right.",
            )
        return True

    def save_instance(self, instance, is_create, row, **kwargs):
        """Write the row (the dry run's transaction is rolled back afterwards by django-import-export)."""
        self.written[self.number] = self._row_write(instance, instance.parsed)
        self.seen[(instance.source, instance.reference)] = self.number

    def save_m2m(self, instance, row, **kwargs):
        """No many-to-many fields."""

    def after_import(self, dataset, result, **kwargs):
        """Once every row is in: the journeys of the households touched, then campaigns' credit after the commit."""
        if kwargs.get("dry_run") or result.has_errors() or not self.households:
            return
        ids = sorted(set(self.households))
        for start in range(0, len(ids), JOURNEY_BATCH):
            journey_refresh(household_ids=ids[start : start + JOURNEY_BATCH], clocks=self.clocks)
        send_on_commit(households_imported, household_ids=ids)

    # The report --------------------------------------------------------------------------------

    def row_report(self, number: int, row_result: RowResult) -> RowReport:
        reference = self.references.get(number, "")
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            return RowReport(number + 1, reference, REFUSED, _refusal(row_result.validation_error))
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            return RowReport(
                number + 1, reference, REFUSED, "This row could not be imported, so nothing in the file was."
            )
        outcome, detail = self.written[number]
        return RowReport(number + 1, reference, outcome, detail)

    # Writing a row -------------------------------------------------------------------------------

    def _row_write(self, record: ImportedRecord, parsed: ImportedRow) -> tuple[str, str]:
        match = household_find_match(email=parsed.email, phone=parsed.phone, service=parsed.service)
        at = _noon(parsed.enquiry_on)
        if match is None:
            household = self._household_create(parsed, at=at)
            outcome = CREATED
            detail = f"New household at {household.get_stage_display().lower()}" + (
                f", closed: {household.get_closure_reason_display()}" if household.closed_at else ""
            )
            detail += "." if self.dry_run else f": {household.reference}."
            self.created_at_row[household.pk] = self.number
        else:
            household = self._household_join(match, parsed)
            outcome = JOINED
            row = self.created_at_row.get(household.pk)
            whose = f"the household of row {row + 1}" if row else household.reference
            if row and not self.dry_run:
                whose += f" ({household.reference})"
            detail = f"The same email or phone as {whose}: its old enquiry is added; its stages are not."
        enquiry = Enquiry.objects.create(
            household=household,
            source=Source.IMPORT,
            council=parsed.council,
            received_at=at,
            data=_enquiry_data(parsed),
            logged_by=self.by,
        )
        TimelineEntry.objects.create(
            household=household,
            kind=TimelineEntry.Kind.ENQUIRY,
            at=at,
            by=self.by,
            summary=f"Enquiry moved from {Council(parsed.council).label}'s old records (reference "
            f"{parsed.reference})"[:200],
            body="" if outcome == CREATED else _history_text(parsed),
            enquiry=enquiry,
        )
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=household,
            user=self.by,
            summary=f"{'Created from' if outcome == CREATED else 'Joined with'} "
            f"{Council(parsed.council).label} old record {parsed.reference}",
        )
        record.household, record.enquiry, record.outcome = household, enquiry, outcome
        record.fingerprint = parsed.fingerprint()
        record.save()
        self.households.append(household.pk)
        return outcome, detail

    def _household_create(self, parsed: ImportedRow, *, at: dt.datetime) -> Household:
        """A new household with the old system's history: its stage, its moves and closure, its clock."""
        start = journey_for(parsed.service).start
        last_at = _noon(list(parsed.stage_dates.values())[-1]) if parsed.stage_dates else at
        household = Household(
            service=parsed.service,
            stage=parsed.stage,
            first_name=parsed.first_name,
            last_name=parsed.last_name,
            partner_first_name=parsed.partner_first_name,
            partner_last_name=parsed.partner_last_name,
            email=parsed.email,
            phone=parsed.phone,
            postcode=parsed.postcode,
            council=parsed.council,
            council_stated=parsed.council,
            team=self.teams[parsed.council],
            fast_track=parsed.fast_track,
            first_enquiry_at=at,
            last_enquiry_at=at,
            stage_entered_at=last_at,
            stage_dates={
                start: parsed.enquiry_on.isoformat(),
                **{stage: day.isoformat() for stage, day in parsed.stage_dates.items()},
            },
            closed_at=_noon(parsed.closed_on) if parsed.closed_on else None,
            closure_reason=parsed.closure_reason,
            # Known to the agency for years: not a new enquiry for the desk to flag.
            first_seen_at=timezone.now(),
        )
        clock, started = clock_for(household, self.clocks)
        household.clock, household.due_on = clock, clock_due_on(clock, started) if clock else None
        household.save()
        note = f"From {Council(parsed.council).label}'s old records, reference {parsed.reference}."
        changes, before = [], start
        for stage, day in parsed.stage_dates.items():
            changes.append(
                StageChange(
                    household=household,
                    from_stage=before,
                    to_stage=stage,
                    effective_at=_noon(day),
                    by=self.by,
                    note=note,
                )
            )
            before = stage
        if parsed.closed_on:
            changes.append(
                StageChange(
                    household=household,
                    kind=StageChange.Kind.CLOSE,
                    from_stage=before,
                    to_stage=before,
                    closure_reason=parsed.closure_reason,
                    effective_at=household.closed_at,
                    by=self.by,
                    note=note,
                )
            )
        changes = StageChange.objects.bulk_create(changes)
        TimelineEntry.objects.bulk_create(
            TimelineEntry(
                household=household,
                kind=TimelineEntry.Kind.STAGE,
                at=change.effective_at,
                by=self.by,
                summary=_change_summary(change),
                body=note,
                stage_change=change,
            )
            for change in changes
        )
        return household

    def _household_join(self, match: Household, parsed: ImportedRow) -> Household:
        """The front door's rule for a returning person: fill in what we did not know, change nothing else.

        The old record's stages and closure are not applied over the household's own history: they
        are kept on its timeline for a worker to check.
        """
        household = Household.objects.select_for_update().get(pk=match.pk)
        changed = []
        for name in ("last_name", "partner_first_name", "partner_last_name", "email", "phone", "postcode"):
            if not getattr(household, name) and getattr(parsed, name):
                setattr(household, name, getattr(parsed, name))
                changed.append(name)
        if changed:
            household.save(update_fields=[*changed, "updated_at"])
        return household


def _cell(row: dict, name: str) -> str:
    for key, value in row.items():
        if str(key or "").strip().casefold() == name:
            return value or ""
    return ""


def _refusal(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def _noon(day: dt.date) -> dt.datetime:
    """A date from the old system as a moment: midday, local time, so it stays on its day in every report."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _enquiry_data(parsed: ImportedRow) -> dict:
    return {
        "first_name": parsed.first_name,
        "last_name": parsed.last_name,
        "partner_first_name": parsed.partner_first_name,
        "partner_last_name": parsed.partner_last_name,
        "email": parsed.email,
        "phone": parsed.phone,
        "postcode": parsed.postcode,
        "council": parsed.council,
        "enquiry_type": parsed.service,
        "imported_reference": parsed.reference,
    }


def _history_text(parsed: ImportedRow) -> str:
    lines = ["The old record's stages (not applied to this household; check them against its own):"]
    lines += [f"{STAGE_HEADERS[stage]}: {day:%d/%m/%Y}" for stage, day in parsed.stage_dates.items()]
    if parsed.closed_on:
        lines.append(f"Closed on {parsed.closed_on:%d/%m/%Y}: {ClosureReason(parsed.closure_reason).label}")
    return "\n".join(lines) if len(lines) > 1 else ""


def _change_summary(change: StageChange) -> str:
    if change.kind == StageChange.Kind.CLOSE:
        return (
            f"Closed at {Stage(change.to_stage).label.lower()}: {ClosureReason(change.closure_reason).label}"
        )
    return f"Moved from {Stage(change.from_stage).label.lower()} to {Stage(change.to_stage).label.lower()}"


def _household_named(record: ImportedRecord) -> str:
    return record.household.reference if record.household_id else "the household"

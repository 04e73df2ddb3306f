"""The rows of an old system's file, through django-import-export: ``RecordResource``.

Its ``Resource`` walks the rows, sorts them into new, skipped and invalid, and (``import_data``) rolls the
whole file back for a dry run. The hooks here fill that with the CRM's rules, and write in batches
(``use_bulk``): thousands of old records go in as a few hundred statements, not tens of thousands.

- Each row is read and checked by ``crm.imports``; a ``ValidationError`` refuses it (``IMPORT_TYPE_INVALID``).
- A row whose council and reference were imported before is skipped: unchanged, or reported as changed.
- A person already known is joined by the front door's own ``household_find_match``. It is asked only for a
  row whose email or phone some household has (one query for the whole file says which do); a row that
  shares them with a household this file creates and has not yet written writes the batch first, so the
  same function finds that household too.
- Everyone else is a new household at the last stage the old system dated, with its moves, closure,
  running clock and timeline, assigned to nobody.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models.functions import Upper
from django.utils import timezone

from import_export import resources
from import_export.results import RowResult

from crm.imports import STAGE_HEADERS, ImportedRow, row_read
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
    StageChange,
    TimelineEntry,
)
from crm.postcodes import phone_normalise
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
BATCH = 500


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
class Pending:
    """What the rows read since the last batch will write."""

    households: list[Household] = field(default_factory=list)
    moves: list[StageChange] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    joined: list[Household] = field(default_factory=list)
    identities: set[str] = field(default_factory=set)


class RecordResource(resources.ModelResource):
    """One ``ImportedRecord`` a row, and the household, enquiry and history it brings."""

    class Meta:
        model = ImportedRecord
        fields = ()
        skip_diff = True
        report_skipped = True
        use_transactions = True
        use_bulk = True
        batch_size = BATCH

    def __init__(self, *, run: ImportRun, by):
        super().__init__()
        self.run, self.by = run, by
        self.clocks = list(Clock.objects.all())
        self.teams = {council: council_team(council) for council in Council.values}
        self.written: dict[int, tuple[str, str, Household | None]] = {}  # row: (outcome, detail, household)
        self.references: dict[int, str] = {}
        self.households: list[int] = []
        self.created_at_row: dict[int, int] = {}  # household id: the row that created it
        self.seen: dict[tuple[str, str], int] = {}  # (council, reference): its row in this file
        self.pending = Pending()
        self.existing: dict[tuple[str, str], ImportedRecord] = {}
        self.known: set[str] = set()  # the emails (upper case) and phones in the file some household has

    # django-import-export's hooks ------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        rows = dataset.dict
        references = {str(_cell(row, "reference")).strip() for row in rows} - {""}
        self.existing = {
            (record.source, record.reference): record
            for record in ImportedRecord.objects.filter(reference__in=references).select_related("household")
        }
        emails = {str(_cell(row, "email")).strip().upper() for row in rows} - {""}
        phones = {phone_normalise(str(_cell(row, "phone"))) for row in rows} - {""}
        known = Household.objects.known()
        self.known = set(
            known.annotate(upper=Upper("email")).filter(upper__in=emails).values_list("upper", flat=True)
        ) | set(known.filter(phone__in=phones).values_list("phone", flat=True))

    def before_import_row(self, row, **kwargs):
        self.number, self.dry_run = kwargs["row_number"], kwargs["dry_run"]
        self.references[self.number] = str(_cell(row, "reference")).strip()[:50]

    def get_or_init_instance(self, instance_loader, row):
        """Read the row (a ``ValidationError`` refuses it) and find it among the records imported before."""
        parsed = row_read(row)
        key = (parsed.council, parsed.reference)
        record = self.existing.get(key)
        if record is None:
            record = ImportedRecord(source=parsed.council, reference=parsed.reference, run=self.run)
            record.first_row = self.seen.setdefault(key, self.number)
        record.parsed = parsed
        return record, record.pk is None

    def import_instance(self, instance, row, **kwargs):
        """Every column is read by ``crm.imports``; the record has no field of its own to fill."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A record imported before is never written again: the same row is unchanged, a changed one reported."""
        when = f"{timezone.localdate(instance.imported_at):%d/%m/%Y}"
        if instance.pk is None and instance.first_row != self.number:
            self.written[self.number] = (
                REFUSED,
                f"Reference is also on row {instance.first_row + 1} of this file: one reference is one record.",
                None,
            )
        elif instance.pk is None:
            return False
        elif instance.fingerprint == instance.parsed.fingerprint():
            self.written[self.number] = (UNCHANGED, f"Imported on {when}.", None)
        else:
            whose = instance.household.reference if instance.household_id else "the household"
            self.written[self.number] = (
                CHANGED,
                f"Different from the row imported on {when}: not applied. Update {whose} by hand if the old "
                "system is right.",
                None,
            )
        return True

    def save_instance(self, instance, is_create, row, **kwargs):
        """Read the row into the batch; django-import-export calls ``bulk_create`` once the batch is full."""
        self.written[self.number] = self._row_add(instance, instance.parsed)
        self.create_instances.append(instance)

    def save_m2m(self, instance, row, **kwargs):
        """No many-to-many fields."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write the batch (the dry run's transaction is rolled back afterwards by django-import-export)."""
        try:
            self._flush()
        except Exception as error:  # noqa: BLE001 - reported as the file's error; the whole file rolls back
            self.handle_import_error(result, error, raise_errors)

    def after_import(self, dataset, result, **kwargs):
        """Once every row is in: the journeys of the households touched, then campaigns' credit after the commit."""
        if kwargs.get("dry_run") or result.has_errors() or not self.households:
            return
        ids = sorted(set(self.households))
        for start in range(0, len(ids), BATCH):
            journey_refresh(household_ids=ids[start : start + BATCH], clocks=self.clocks)
        send_on_commit(households_imported, household_ids=ids)

    # The report --------------------------------------------------------------------------------

    def row_report(self, number: int, row_result: RowResult, *, committed: bool) -> RowReport:
        reference = self.references.get(number, "")
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            return RowReport(number + 1, reference, REFUSED, _refusal(row_result.validation_error))
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR or number not in self.written:
            return RowReport(
                number + 1, reference, REFUSED, "This row could not be read, so nothing was imported."
            )
        outcome, detail, household = self.written[number]
        if outcome == CREATED:
            detail += f": {household.reference}." if committed else "."
        return RowReport(number + 1, reference, outcome, detail)

    # Reading a row into the batch -------------------------------------------------------------------

    def _row_add(self, record: ImportedRecord, parsed: ImportedRow) -> tuple[str, str, Household]:
        identities = {parsed.email.upper(), parsed.phone} - {""}
        if identities & self.pending.identities:
            self._flush()  # so that household_find_match finds the household this file has just made
        match = None
        if identities & self.known:
            match = household_find_match(email=parsed.email, phone=parsed.phone, service=parsed.service)
        at = _noon(parsed.enquiry_on)
        if match is None:
            household = self._household_new(parsed, at=at)
            outcome, detail = CREATED, f"New household at {household.get_stage_display().lower()}"
            if household.closed_at:
                detail += f", closed: {household.get_closure_reason_display()}"
            self.pending.identities |= identities
        else:
            household = self._household_join(match, parsed)
            outcome, row = JOINED, self.created_at_row.get(household.pk)
            whose = f"the household of row {row + 1}" if row else household.reference
            if row and not self.dry_run:
                whose += f" ({household.reference})"
            detail = f"The same email or phone as {whose}: its old enquiry is added; its stages are not."
        enquiry = Enquiry(
            household=household,
            source=Source.IMPORT,
            council=parsed.council,
            received_at=at,
            data=_enquiry_data(parsed),
            logged_by=self.by,
        )
        self.pending.enquiries.append(enquiry)
        self.pending.timeline.append(
            TimelineEntry(
                household=household,
                kind=TimelineEntry.Kind.ENQUIRY,
                at=at,
                by=self.by,
                summary=f"Enquiry moved from {Council(parsed.council).label}'s old records (reference "
                f"{parsed.reference})"[:200],
                body=_history_text(parsed, applied=outcome == CREATED),
                enquiry=enquiry,
            )
        )
        record.household, record.enquiry, record.outcome = household, enquiry, outcome
        record.fingerprint = parsed.fingerprint()
        return outcome, detail, household

    def _household_new(self, parsed: ImportedRow, *, at: dt.datetime) -> Household:
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
        household.import_row = self.number
        note = f"From {Council(parsed.council).label}'s old records, reference {parsed.reference}."
        before = start
        for stage, day in parsed.stage_dates.items():
            self.pending.moves.append(
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
            self.pending.moves.append(
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
        self.pending.households.append(household)
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
        self.pending.joined.append(household)
        return household

    def _flush(self) -> None:
        """Write the batch: households first, then what hangs on them, then the records."""
        pending, self.pending = self.pending, Pending()
        created = Household.objects.bulk_create(pending.households, batch_size=BATCH)
        self.created_at_row.update({household.pk: household.import_row for household in created})
        StageChange.objects.bulk_create(pending.moves, batch_size=BATCH)
        Enquiry.objects.bulk_create(pending.enquiries, batch_size=BATCH)
        TimelineEntry.objects.bulk_create(pending.timeline, batch_size=BATCH)
        for households, summary in ((created, "Created from"), (pending.joined, "Joined with")):
            if households:
                audit_record(
                    action=AuditEvent.Action.CHANGE,
                    target=households,
                    user=self.by,
                    summary=f"{summary} a council's old records (import {self.run.pk})",
                )
        ImportedRecord.objects.bulk_create(self.create_instances, batch_size=BATCH)
        self.create_instances.clear()
        self.households += [household.pk for household in [*created, *pending.joined]]
        self.known |= pending.identities


def _cell(row: dict, name: str):
    for key, value in row.items():
        if str(key or "").strip().casefold() == name:
            return "" if value is None else value
    return ""


def _refusal(error) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def _noon(day: dt.date) -> dt.datetime:
    """A date from the old system as a moment: midday, local time, so it stays on its day in every report."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _enquiry_data(parsed: ImportedRow) -> dict:
    names = (
        "first_name",
        "last_name",
        "partner_first_name",
        "partner_last_name",
        "email",
        "phone",
        "postcode",
    )
    return {
        **{name: getattr(parsed, name) for name in names},
        "council": parsed.council,
        "enquiry_type": parsed.service,
        "imported_reference": parsed.reference,
    }


def _history_text(parsed: ImportedRow, *, applied: bool) -> str:
    """The old record's stage dates and closure, for the timeline: one entry, however long the history."""
    lines = [
        "The old record's stages, now this household's history:"
        if applied
        else "The old record's stages (not applied to this household; check them against its own):"
    ]
    lines += [f"{STAGE_HEADERS[stage]}: {day:%d/%m/%Y}" for stage, day in parsed.stage_dates.items()]
    if parsed.closed_on:
        lines.append(f"Closed on {parsed.closed_on:%d/%m/%Y}: {ClosureReason(parsed.closure_reason).label}")
    return "\n".join(lines) if len(lines) > 1 else ""

"""The columns of an old system's file, in one place, and how each row is read and checked.

The business case (3.4) has Bexley's and Medway's existing adopters moved across, and Kent's records
kept on its children's case system; ``crm.services.imports`` moves them in through this mapping, from
the admin and from ``manage.py import_records``. ``COLUMNS`` is the file's layout: its headings (any
order, any case; only Reference, First name, Council and Enquiry date are required), what each holds
and the field it fills. The stage columns are the recruitment journey's stages (``crm.journey``)
from the initial conversation to waiting for family finding; a link with a child is recorded with
the child, never from a file.

A row is read into an ``ImportedRow`` or refused with every reason, each naming its column in plain
words. Nothing is cleaned silently: a cell a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-`` or ``@``) is refused, not stripped, so the old file is put right at its source.
"""

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from crm.journey import RECRUITMENT, journey_for
from crm.models import PARTNER_COUNCILS, ClosureReason, Council, EnquiryType, Stage
from crm.postcodes import phone_normalise, postcode_normalise

TEXT, EMAIL, PHONE, POSTCODE, COUNCIL, SERVICE, DATE, REASON = (
    "text",
    "email",
    "phone",
    "postcode",
    "council",
    "service",
    "date",
    "reason",
)
# What a spreadsheet runs as a formula when a cell starts with it (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y")
DATE_EXAMPLE = "31/01/2024 or 2024-01-31"


@dataclass(frozen=True)
class Column:
    """A column of the file: its heading, the ``ImportedRow`` field it fills, what it holds."""

    header: str
    name: str
    kind: str
    required: bool = False
    max_length: int = 100
    stage: str = ""  # a stage date column: the stage the old system recorded a date for
    note: str = ""


# The stages an old system's dates are read for, in journey order (``crm.journey``): from the initial
# conversation to waiting for family finding, the break included; on hold and the link stages are not.
STAGE_COLUMNS = tuple(
    stage
    for stage in RECRUITMENT.stages[RECRUITMENT.position(Stage.INITIAL_CONVERSATION) :]
    if RECRUITMENT.position(stage) <= RECRUITMENT.position(Stage.FAMILY_FINDING) and stage != Stage.ON_HOLD
)
STAGE_HEADERS = {
    Stage.INITIAL_CONVERSATION: "Initial conversation date",
    Stage.INFORMATION_EVENT: "Information event date",
    Stage.REGISTRATION_OF_INTEREST: "Registration of interest date",
    Stage.ROI_ACCEPTED: "ROI accepted date",
    Stage.STAGE_ONE: "Stage one start date",
    Stage.BREAK: "Break start date",
    Stage.STAGE_TWO: "Stage two start date",
    Stage.PANEL: "Panel date",
    Stage.APPROVED: "Approval date",
    Stage.FAMILY_FINDING: "Family finding start date",
}

COLUMNS = (
    Column(
        "Reference", "reference", TEXT, required=True, max_length=50, note="The record's id in the old system"
    ),
    Column("First name", "first_name", TEXT, required=True),
    Column("Last name", "last_name", TEXT),
    Column("Partner's first name", "partner_first_name", TEXT),
    Column("Partner's last name", "partner_last_name", TEXT),
    Column("Email", "email", EMAIL, max_length=254),
    Column("Phone", "phone", PHONE, max_length=30),
    Column("Postcode", "postcode", POSTCODE, max_length=10),
    Column(
        "Council", "council", COUNCIL, required=True, note="Kent, Medway or Bexley: whose old record it is"
    ),
    Column("Service", "service", SERVICE, note="What they came to us for; empty: adopting a child"),
    Column("Enquiry date", "enquiry_on", DATE, required=True),
    *(Column(STAGE_HEADERS[stage], stage, DATE, stage=stage) for stage in STAGE_COLUMNS),
    Column("Closure date", "closed_on", DATE),
    Column("Closure reason", "closure_reason", REASON, note="As the closure reasons list names it"),
)
HEADERS = {column.header.casefold(): column for column in COLUMNS}
REQUIRED_HEADERS = [column.header for column in COLUMNS if column.required]


@dataclass
class ImportedRow:
    """A row as read and checked: what the import writes."""

    reference: str
    first_name: str
    council: str
    enquiry_on: dt.date
    last_name: str = ""
    partner_first_name: str = ""
    partner_last_name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    service: str = EnquiryType.ADOPTING
    stage_dates: dict[str, dt.date] = field(default_factory=dict)  # stage: date, in journey order
    closed_on: dt.date | None = None
    closure_reason: str = ""
    fast_track: bool = False  # the old system took them from ROI accepted straight to stage two

    @property
    def stage(self) -> str:
        """The stage they had reached: the last stage with a date, or where their service's cases start."""
        return list(self.stage_dates)[-1] if self.stage_dates else journey_for(self.service).start

    def fingerprint(self) -> str:
        """A hash of the row as read: the same row gives the same hash, a changed one another."""
        values = {key: str(value) for key, value in asdict(self).items()}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def headers_check(headers: list[str]) -> tuple[list[str], list[str]]:
    """(the required headings missing, the headings the import does not read)."""
    given = {str(header or "").strip().casefold() for header in headers}
    missing = [header for header in REQUIRED_HEADERS if header.casefold() not in given]
    unread = [str(header) for header in headers if str(header or "").strip().casefold() not in HEADERS]
    return missing, unread


def row_read(values: dict, *, today: dt.date | None = None) -> ImportedRow:
    """Read one row (heading: cell) into an ``ImportedRow``, or raise ``ValidationError`` with every
    reason, keyed by the column's heading."""
    today = today or timezone.localdate()
    cells = {str(key or "").strip().casefold(): value for key, value in values.items()}
    errors: dict[str, list[str]] = {}
    read: dict = {}
    for column in COLUMNS:
        try:
            value = _cell(column, cells.get(column.header.casefold()), today=today)
        except ValidationError as error:
            errors.setdefault(column.header, []).extend(error.messages)
            continue
        if column.stage:
            if value:
                read.setdefault("stage_dates", {})[column.stage] = value
        elif value not in ("", None):
            read[column.name] = value
    if not errors:
        _row_check(read, errors)
    if errors:
        raise ValidationError(errors)
    return ImportedRow(**read)


def _cell(column: Column, raw, *, today: dt.date):
    """One cell, read as its column's kind; a ``ValidationError`` saying what is wrong with it."""
    if column.kind == DATE and isinstance(raw, dt.date):
        return _date(column, raw, today=today)
    text = "" if raw is None else str(raw).strip()
    if not text:
        if column.required:
            raise ValidationError(f"{column.header} is empty: every row needs one.")
        return ""
    if _formula(column, str(raw)):
        raise ValidationError(
            f'{column.header} starts with "{str(raw)[:1].strip() or "a tab"}", which a spreadsheet runs as a '
            "formula: correct it in the old system's file."
        )
    if len(text) > column.max_length:
        raise ValidationError(f"{column.header} is longer than {column.max_length} characters.")
    if column.kind == TEXT:
        return text
    if column.kind == EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(f'Email "{text}" is not an email address.') from None
        return text.lower()
    if column.kind == PHONE:
        return phone_normalise(text)
    if column.kind == POSTCODE:
        return postcode_normalise(text)
    if column.kind == COUNCIL:
        return _choice(
            text,
            {council: Council(council).label for council in PARTNER_COUNCILS},
            column,
            "Kent, Medway or Bexley",
        )
    if column.kind == SERVICE:
        return _choice(text, dict(EnquiryType.choices), column, "a service on the enquiry form")
    if column.kind == REASON:
        return _choice(text, dict(ClosureReason.choices), column, "a closure reason on the list")
    return _date(column, text, today=today)


def _formula(column: Column, raw: str) -> bool:
    # A phone number written "+44 7700 900123" is a number, not a formula.
    if column.kind == PHONE and raw.startswith("+") and raw[1:].replace(" ", "").isdigit():
        return False
    return raw.startswith(FORMULA_STARTS)


def _choice(text: str, choices: dict[str, str], column: Column, expected: str) -> str:
    wanted = text.casefold()
    for value, label in choices.items():
        if wanted in (value.casefold(), str(label).casefold()):
            return value
    raise ValidationError(f'{column.header} "{text}" is not {expected}.')


def _date(column: Column, raw, *, today: dt.date) -> dt.date:
    if isinstance(raw, dt.datetime):
        found = raw.date()
    elif isinstance(raw, dt.date):
        found = raw
    else:
        found = None
        text = raw.split(" ")[0] if raw[:4].isdigit() else raw  # 2024-01-31 00:00:00 from a spreadsheet
        for pattern in DATE_FORMATS:
            try:
                found = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
                break
            except ValueError:
                continue
        if found is None:
            raise ValidationError(f'{column.header} "{raw}" is not a date: write it as {DATE_EXAMPLE}.')
    if found > today:
        raise ValidationError(f"{column.header} {found:%d/%m/%Y} is in the future.")
    return found


def _row_check(read: dict, errors: dict[str, list[str]]) -> None:
    """What no single cell shows: dates in order, a road the journey allows, a closure with its reason."""
    service = read.get("service", EnquiryType.ADOPTING)
    journey = journey_for(service)
    stage_dates = read.get("stage_dates", {})
    if stage_dates and service != EnquiryType.ADOPTING:
        header = STAGE_HEADERS[next(iter(stage_dates))]
        errors.setdefault(header, []).append(
            f"Stage dates are read for adopting only; this row's service is {EnquiryType(service).label.lower()}."
        )
        return
    before, before_header, before_stage = read["enquiry_on"], "Enquiry date", journey.start
    for stage, day in stage_dates.items():
        header = STAGE_HEADERS[stage]
        if day < before:
            errors.setdefault(header, []).append(
                f"{header} {day:%d/%m/%Y} is before the {before_header.lower()} {before:%d/%m/%Y}: "
                "the dates are out of order."
            )
        move = journey.move(before_stage, stage)
        if move is None:
            errors.setdefault(header, []).append(
                f"A household cannot move from {Stage(before_stage).label.lower()} straight to "
                f"{Stage(stage).label.lower()}: the date of a stage between them is missing."
            )
        elif move.only is not None:
            read["fast_track"] = True
        before, before_header, before_stage = day, header, stage
    closed_on, reason = read.get("closed_on"), read.get("closure_reason", "")
    if bool(closed_on) != bool(reason):
        header = "Closure reason" if closed_on else "Closure date"
        errors.setdefault(header, []).append(
            "A closure date and a closure reason go together: give both or neither."
        )
    elif closed_on and closed_on < before:
        errors.setdefault("Closure date", []).append(
            f"Closure date {closed_on:%d/%m/%Y} is before the {before_header.lower()} {before:%d/%m/%Y}: "
            "the dates are out of order."
        )
    if reason and reason not in journey.closure_reasons:
        errors.setdefault("Closure reason", []).append(
            f'"{ClosureReason(reason).label}" is not a reason a case of {EnquiryType(service).label.lower()} '
            "closes with."
        )

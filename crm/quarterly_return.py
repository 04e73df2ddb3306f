"""The adopter-level quarterly return that APSE sends to the national adoption data collection.

One row per household active in the quarter (its case open at some point in it), with the key dates
of its journey up to the end of the quarter, its fast-track and early-permanence flags and how many
enquiries it made. The national template's column names and codes all live in ``TEMPLATE``: when
the template changes, change that mapping and nothing else. Check it against the current
collection guidance before each submission.

A row the return cannot complete (no local authority code, dates out of order, a step with no date
for the step before it...) is left out of the download and listed with the reason, so it can be
put right on the household's page and the return downloaded again. Running an old quarter again
gives the same rows, because only what had happened by the end of the quarter is used; the flags are
the household's flags now, since their history is not kept.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.formats import date_format

from core.reports.access import Audience, audience_require
from core.reports.periods import day_bounds
from core.reports.queries import reporting
from crm.journey import RECRUITMENT
from crm.models import ClosureReason, Council, Enquiry, Household, Stage
from crm.services.journeys import as_date

# Managers and superusers only: the return names households.
RETURN_AUDIENCES = {Audience.EVERYONE}


@dataclass(frozen=True)
class ReturnTemplate:
    """The national template: column order and names, and the codes each column uses."""

    name: str
    # The month the collection's year starts in: 4 for the financial year, so Q1 is April to June.
    year_starts_in_month: int
    # (our field, the template's column name), in the template's order.
    columns: tuple[tuple[str, str], ...]
    councils: dict[str, str]
    closure_reasons: dict[str, str]
    yes: str
    no: str
    date_format: str
    # The columns whose name and codes have been checked against the published collection guidance,
    # each with where; every other column is listed on the screen as unconfirmed.
    confirmed: dict[str, str]
    # Closure reasons a case is withdrawn with that need no code in the return.
    uncoded_by_design: frozenset[str] = frozenset()

    def unconfirmed_columns(self) -> list[tuple[str, str]]:
        """(template column, our field's label) of each column not yet checked against the guidance."""
        return [(name, FIELD_LABELS[key]) for key, name in self.columns if key not in self.confirmed]

    def uncoded_reasons(self) -> list[str]:
        """Labels of the recruitment journey's closure reasons the template has no code for."""
        return [
            label
            for reason, label in RECRUITMENT.closure_choices
            if reason not in self.closure_reasons and reason not in self.uncoded_by_design
        ]


TEMPLATE = ReturnTemplate(
    name="Adopter-level quarterly return",
    year_starts_in_month=4,
    columns=(
        ("reference", "AdopterID"),
        ("council", "LACode"),
        ("enquiry_date", "EnquiryDate"),
        ("roi_date", "ROIDate"),
        ("stage_one_start", "Stage1StartDate"),
        ("stage_one_decision", "Stage1DecisionDate"),
        ("stage_two_start", "Stage2StartDate"),
        ("panel_date", "PanelDate"),
        ("approval_date", "ApprovalDate"),
        ("withdrawal_date", "WithdrawalDate"),
        ("withdrawal_reason", "WithdrawalReason"),
        ("fast_track", "FastTrack"),
        ("early_permanence", "EarlyPermanence"),
        ("enquiries", "NumberOfEnquiries"),
    ),
    # Local authority codes of the three partner councils.
    councils={Council.KENT: "886", Council.MEDWAY: "887", Council.BEXLEY: "303"},
    closure_reasons={
        ClosureReason.WITHDREW_CIRCUMSTANCES: "W1",
        ClosureReason.WITHDREW_HEALTH: "W2",
        ClosureReason.WITHDREW_FERTILITY: "W3",
        ClosureReason.WITHDREW_HOUSING: "W4",
        ClosureReason.WITHDREW_FINANCES: "W5",
        ClosureReason.WITHDREW_OTHER_AGENCY: "W6",
        ClosureReason.WITHDREW_FOSTERING: "W7",
        ClosureReason.ROI_DECLINED: "A1",
        ClosureReason.NOT_SUITABLE_STAGE_ONE: "A2",
        ClosureReason.NOT_APPROVED_STAGE_TWO: "A3",
        ClosureReason.LAPSED_AFTER_BREAK: "L1",
        ClosureReason.LOST_CONTACT: "L2",
        ClosureReason.TRANSFERRED: "T1",
        ClosureReason.MOVED_OUT_OF_AREA: "T2",
    },
    yes="1",
    no="0",
    date_format="%d/%m/%Y",
    # Checked in December 2026. The collection (formerly the Adoption Leadership Board's, run by Coram-i
    # for the sector since the ASGLB closed in 2022) has an adopters tab with the adopters'
    # characteristics, the key dates of the process and the number of enquiries, and its Annex B lists
    # the local authority codes; the published guidance found gives no column headings or withdrawal
    # codes, so those stay unconfirmed until checked against the current template.
    confirmed={
        "council": "The Department for Education's local authority codes (the guidance's Annex B): Kent 886, "
        "Medway 887, Bexley 303."
    },
    # A duplicate record is merged into the other, whose row carries on in the return.
    uncoded_by_design=frozenset({ClosureReason.DUPLICATE}),
)

FIELD_LABELS = {
    "reference": "Reference",
    "council": "Council",
    "enquiry_date": "Enquiry",
    "roi_date": "Registration of interest",
    "stage_one_start": "Stage one start",
    "stage_one_decision": "Stage one decision",
    "stage_two_start": "Stage two start",
    "panel_date": "Panel",
    "approval_date": "Approval",
    "withdrawal_date": "Withdrawal",
    "withdrawal_reason": "Withdrawal reason",
    "fast_track": "Fast track",
    "early_permanence": "Early permanence",
    "enquiries": "Enquiries",
}
# The journey's dates in the order they must happen.
DATE_ORDER = [
    "enquiry_date",
    "roi_date",
    "stage_one_start",
    "stage_one_decision",
    "stage_two_start",
    "panel_date",
    "approval_date",
]
DATE_FIELDS = {*DATE_ORDER, "withdrawal_date"}
COUNTED_ENQUIRIES = [Enquiry.Status.ACCEPTED, Enquiry.Status.RELEASED]


@dataclass(frozen=True)
class Quarter:
    """A quarter of the collection's year: ``year`` is the year the collection year starts in."""

    year: int
    number: int
    template: ReturnTemplate = TEMPLATE

    @property
    def first_day(self) -> dt.date:
        months = self.template.year_starts_in_month - 1 + 3 * (self.number - 1)
        return dt.date(self.year + months // 12, months % 12 + 1, 1)

    @property
    def last_day(self) -> dt.date:
        months = self.template.year_starts_in_month - 1 + 3 * self.number
        return dt.date(self.year + months // 12, months % 12 + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        year = (
            str(self.year)
            if self.template.year_starts_in_month == 1
            else f"{self.year}-{(self.year + 1) % 100:02d}"
        )
        return (
            f"Q{self.number} {year}: {date_format(self.first_day, 'j F Y')} to "
            f"{date_format(self.last_day, 'j F Y')}"
        )

    @classmethod
    def containing(cls, day: dt.date, template: ReturnTemplate = TEMPLATE) -> "Quarter":
        months = (day.year * 12 + day.month - 1) - (template.year_starts_in_month - 1)
        year, month_in_year = divmod(months, 12)
        return cls(year, month_in_year // 3 + 1, template)

    @classmethod
    def parse(cls, key: str, template: ReturnTemplate = TEMPLATE) -> "Quarter | None":
        year, _, number = key.partition("-Q")
        if not (year.isdigit() and number in {"1", "2", "3", "4"}):
            return None
        return cls(int(year), int(number), template)

    def previous(self, count: int = 1) -> "Quarter":
        index = self.year * 4 + self.number - 1 - count
        return Quarter(index // 4, index % 4 + 1, self.template)


# The partnership went live on 1 November 2020: no return covers anything earlier.
FIRST_DAY = dt.date(2020, 11, 1)


def quarter_choices(today: dt.date | None = None, count: int | None = None) -> list[tuple[str, str]]:
    """The quarters since the partnership went live (or the last ``count``), the current one first."""
    current = Quarter.containing(today or timezone.localdate())
    first = Quarter.containing(FIRST_DAY)
    found = []
    quarter = current
    while (quarter.year, quarter.number) >= (first.year, first.number) and (
        count is None or len(found) < count
    ):
        found.append((quarter.key, quarter.label))
        quarter = quarter.previous()
    return found


@dataclass
class ReturnRow:
    household_id: int
    values: dict
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass
class QuarterlyReturn:
    quarter: Quarter
    rows: list[ReturnRow]
    template: ReturnTemplate = TEMPLATE

    @property
    def complete(self) -> list[ReturnRow]:
        return [row for row in self.rows if row.complete]

    @property
    def incomplete(self) -> list[ReturnRow]:
        return [row for row in self.rows if not row.complete]

    @property
    def header(self) -> list[str]:
        return [name for _, name in self.template.columns]

    def coded(self, row: ReturnRow) -> list:
        """One row as the template wants it: codes for councils, reasons and flags; dates as dates."""
        return [self._code(key, row.values.get(key)) for key, _ in self.template.columns]

    def _code(self, key: str, value):
        if key == "council":
            return self.template.councils.get(value, "")
        if key == "withdrawal_reason":
            return self.template.closure_reasons.get(value, "") if value else ""
        if key in ("fast_track", "early_permanence"):
            return self.template.yes if value else self.template.no
        return value

    def coded_rows(self) -> Iterator[list]:
        for row in self.complete:
            yield self.coded(row)

    def counts_in_quarter(self) -> dict[str, int]:
        """How many households reached each point of the journey within the quarter itself."""
        first, last = self.quarter.first_day, self.quarter.last_day
        keys = [*DATE_ORDER, "withdrawal_date"]
        found = dict.fromkeys(keys, 0)
        for row in self.rows:
            values = row.values
            for key in keys:
                day = values[key]
                if day and first <= day <= last:
                    found[key] += 1
        return found


# The return's dates and the journey dates (crm.services.journeys) each is read from.
JOURNEY_FIELDS = {
    "roi_date": "registration_of_interest_on",
    "stage_one_start": "stage_one_on",
    "stage_two_start": "stage_two_on",
    "panel_date": "panel_on",
    "approval_date": "approved_on",
    "stage_one_moved_on": "left_stage_one_on",
}


def _dates(households, end: dt.datetime):
    """Each household's facts and the enquiries it had made by ``end``, then its dates (``_read`` relies on the order)."""
    enquiries = (
        Enquiry.objects.filter(household=OuterRef("pk"), status__in=COUNTED_ENQUIRIES, received_at__lt=end)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        households.order_by("pk")
        .annotate(
            enquiry_date=TruncDate("first_enquiry_at"),
            closed_on=TruncDate("closed_at"),
            closed_in_time=Case(When(closed_at__lt=end, then=Value(True)), default=Value(False)),
            enquiries_count=Coalesce(Subquery(enquiries, output_field=IntegerField()), 0),
            **{name: F(f"journey_dates__{column}") for name, column in JOURNEY_FIELDS.items()},
        )
        .values_list(
            "pk",
            "council",
            "stage",
            "closed_in_time",
            "closure_reason",
            "fast_track",
            "early_permanence",
            "enquiries_count",
            "enquiry_date",
            "closed_on",
            *JOURNEY_FIELDS,
        )
    )


def _problems(values: dict, template: ReturnTemplate) -> list[str]:
    problems = []
    if values["council"] not in template.councils:
        problems.append(
            "The household is not in Kent, Medway or Bexley, so it has no local authority code: "
            "check the postcode, or close the case as moved out of area."
        )
    if values["enquiries"] < 1:
        problems.append("No enquiry is recorded for this household.")
    present = [(key, values[key]) for key in DATE_ORDER if values[key]]
    for (earlier_key, earlier), (later_key, later) in zip(present, present[1:], strict=False):
        if later < earlier:
            problems.append(
                f"{FIELD_LABELS[later_key]} ({date_format(later, 'j M Y')}) is before "
                f"{FIELD_LABELS[earlier_key].lower()} ({date_format(earlier, 'j M Y')})."
            )
    if values["stage_one_start"] and not values["roi_date"]:
        problems.append("Stage one started but no registration of interest is recorded.")
    if values["stage_two_start"] and not values["stage_one_decision"] and not values["fast_track"]:
        problems.append(
            "Stage two started with no stage one decision, and the household is not marked as fast track."
        )
    if values["panel_date"] and not values["stage_two_start"]:
        problems.append("A panel date is recorded but no start of stage two.")
    if values["approval_date"] and not values["panel_date"]:
        problems.append("Approval is recorded with no panel date.")
    if values["withdrawal_date"]:
        reason = values["withdrawal_reason"]
        if not reason:
            problems.append("The case was closed with no reason recorded.")
        elif reason not in template.closure_reasons:
            label = ClosureReason(reason).label if reason in ClosureReason.values else reason
            problems.append(
                f"“{label}” has no code in the national template"
                + (
                    ": merge the record into the one it duplicates."
                    if reason == ClosureReason.DUPLICATE
                    else "."
                )
            )
        if values["enquiry_date"] and values["withdrawal_date"] < values["enquiry_date"]:
            problems.append("The case was closed before its first enquiry.")
    return problems


def _read(rows) -> Iterator[tuple]:
    """The rows of ``_dates`` through a plain cursor: Django's per-value converters cost more than the
    query for a quarter of tens of thousands of households. SQLite gives dates as text."""
    sql, params = rows.query.sql_with_params()
    as_text = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            if not as_text:
                yield from batch
                continue
            for row in batch:
                yield (*row[:8], *(as_date(value) for value in row[8:]))


@reporting()
def quarterly_return(*, user, quarter: Quarter) -> QuarterlyReturn:
    """The return for ``quarter``: managers and superusers only (it names households)."""
    audience_require(user, RETURN_AUDIENCES)
    start, end = day_bounds(quarter.first_day, quarter.last_day)
    households = (
        Household.objects.active()
        .recruitment()
        .filter(first_enquiry_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
    )
    last_day = quarter.last_day
    rows = []
    for (
        pk,
        council,
        stage,
        closed_in_time,
        reason,
        fast_track,
        early_permanence,
        enquiries,
        enquiry_date,
        closed_on,
        *days,
    ) in _read(_dates(households, end)):
        # Only what had happened by the end of the quarter: a first move after it had not happened yet.
        (
            roi_date,
            stage_one_start,
            stage_two_start,
            panel_date,
            approval_date,
            stage_one_moved_on,
        ) = (day if day is not None and day <= last_day else None for day in days)
        closed_in_time = bool(closed_in_time)
        stage_one_decision = stage_one_moved_on
        if (
            not stage_one_decision
            and closed_in_time
            and stage in (Stage.STAGE_ONE, Stage.BREAK)
            and reason == ClosureReason.NOT_SUITABLE_STAGE_ONE
        ):
            stage_one_decision = closed_on
        values = {
            "reference": Household.reference_for(pk),
            "council": council,
            "enquiry_date": enquiry_date,
            "roi_date": roi_date,
            "stage_one_start": stage_one_start,
            "stage_one_decision": stage_one_decision,
            "stage_two_start": stage_two_start,
            "panel_date": panel_date,
            "approval_date": approval_date,
            "withdrawal_date": closed_on if closed_in_time else None,
            "withdrawal_reason": reason if closed_in_time else "",
            "fast_track": fast_track,
            "early_permanence": early_permanence,
            "enquiries": enquiries,
        }
        rows.append(ReturnRow(pk, values, _problems(values, quarter.template)))
    return QuarterlyReturn(quarter=quarter, rows=rows, template=quarter.template)

"""Handing approved adopters over to the children's case system, so nobody types their details twice.

Adopters' records are kept on Kent's children's case system (Liberi) once they are approved (the
business case, 3.4). This is the file its import reads: one row per open adopting case approved in
the chosen dates, with who they are, how to reach them and the key dates of their journey. The
case system's column names and codes all live in ``HANDOVER``: when its import changes, change that
mapping and nothing else (as the quarterly return keeps the national template in ``TEMPLATE``).

Managers and superusers only, as the return: the file names households, and each download is in the
audit trail once for the file and once for every household it carried.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from core.reports.access import audience_require
from crm.models import Council, Household, HouseholdType
from crm.quarterly_return import RETURN_AUDIENCES

HANDOVER_AUDIENCES = RETURN_AUDIENCES


@dataclass(frozen=True)
class HandoverTemplate:
    """The case system's import: its columns in order, and the codes each coded column takes."""

    name: str
    # (our field, the case system's column), in the import's order.
    columns: tuple[tuple[str, str], ...]
    councils: dict[str, str]
    household_types: dict[str, str]
    yes: str
    no: str
    date_format: str


HANDOVER = HandoverTemplate(
    name="Approved adopters for the case system",
    columns=(
        ("reference", "ExternalRef"),
        ("council", "ResponsibleLA"),
        ("first_name", "Applicant1Forename"),
        ("last_name", "Applicant1Surname"),
        ("partner_first_name", "Applicant2Forename"),
        ("partner_last_name", "Applicant2Surname"),
        ("household_type", "HouseholdType"),
        ("email", "Email"),
        ("phone", "Phone"),
        ("postcode", "Postcode"),
        ("worker", "AllocatedWorker"),
        ("enquiry_on", "EnquiryDate"),
        ("registration_of_interest_on", "ROIDate"),
        ("stage_one_on", "Stage1StartDate"),
        ("stage_two_on", "Stage2StartDate"),
        ("panel_on", "PanelDate"),
        ("approved_on", "ApprovalDate"),
        ("fast_track", "FastTrack"),
        ("early_permanence", "EarlyPermanence"),
    ),
    councils={Council.KENT: "KCC", Council.MEDWAY: "MDW", Council.BEXLEY: "BEX"},
    household_types={HouseholdType.SINGLE: "SINGLE", HouseholdType.COUPLE: "COUPLE"},
    yes="Y",
    no="N",
    date_format="%d/%m/%Y",
)

FIELD_LABELS = {
    "reference": "Reference",
    "council": "Council",
    "first_name": "First name",
    "last_name": "Last name",
    "partner_first_name": "Partner's first name",
    "partner_last_name": "Partner's last name",
    "household_type": "On their own or a couple",
    "email": "Email",
    "phone": "Phone",
    "postcode": "Postcode",
    "worker": "Their worker",
    "enquiry_on": "Enquiry",
    "registration_of_interest_on": "Registration of interest",
    "stage_one_on": "Stage one start",
    "stage_two_on": "Stage two start",
    "panel_on": "Panel",
    "approved_on": "Approval",
    "fast_track": "Fast track",
    "early_permanence": "Early permanence",
}
DATE_FIELDS = (
    "enquiry_on",
    "registration_of_interest_on",
    "stage_one_on",
    "stage_two_on",
    "panel_on",
    "approved_on",
)
PLAIN_FIELDS = (
    "first_name",
    "last_name",
    "partner_first_name",
    "partner_last_name",
    "email",
    "phone",
    "postcode",
    "council",
    "household_type",
    "fast_track",
    "early_permanence",
)


@dataclass(frozen=True)
class HandoverRow:
    household_id: int
    values: dict


@dataclass
class Handover:
    rows: list[HandoverRow]
    template: HandoverTemplate = HANDOVER

    @property
    def header(self) -> list[str]:
        return [name for _, name in self.template.columns]

    def coded(self, row: HandoverRow) -> list:
        """One row as the case system's import wants it: its codes, and dates as dates."""
        return [self._code(key, row.values.get(key)) for key, _ in self.template.columns]

    def _code(self, key: str, value):
        if key == "council":
            return self.template.councils.get(value, "")
        if key == "household_type":
            return self.template.household_types.get(value, "")
        if key in ("fast_track", "early_permanence"):
            return self.template.yes if value else self.template.no
        return "" if value is None else value

    def coded_rows(self):
        for row in self.rows:
            yield self.coded(row)


def handover_approved(*, user, date_from: dt.date, date_to: dt.date) -> Handover:
    """Open adopting cases first approved between ``date_from`` and ``date_to`` (both included), oldest first.

    One query. A case closed since approval (its approval ended, or the family withdrew) is not handed
    over; a family linked, matched or placed since is, with its approval date.
    """
    audience_require(user, HANDOVER_AUDIENCES)
    found = (
        Household.objects.open()
        .recruitment()
        .filter(journey_dates__approved_on__range=(date_from, date_to))
        .annotate(
            worker_first=F("assigned_to__user__first_name"),
            worker_last=F("assigned_to__user__last_name"),
            **{name: F(f"journey_dates__{name}") for name in DATE_FIELDS},
        )
        .order_by("journey_dates__approved_on", "pk")
        .values("pk", "worker_first", "worker_last", *PLAIN_FIELDS, *DATE_FIELDS)
    )
    rows = []
    for values in found:
        worker = " ".join(part for part in (values.pop("worker_first"), values.pop("worker_last")) if part)
        pk = values.pop("pk")
        rows.append(HandoverRow(pk, {**values, "reference": Household.reference_for(pk), "worker": worker}))
    return Handover(rows)

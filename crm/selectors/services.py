"""What each service's cases told us, as a worker reads it, and the adoption support three-year rule.

``Household.service_details`` keeps what someone told us for the service they asked (only the keys
below, cleaned by ``service_details_clean``). Support knows the three-year rule: the council that
placed the child is responsible for adoption support for three years after the adoption order, then
the council where the family lives; financial support agreed before the order stays with the placing
council whenever it is asked for.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from dateutil.relativedelta import relativedelta

from crm.models import PARTNER_COUNCILS, Council, EnquiryType, Household

# The partner councils and "another council in England": who placed the child.
PLACING_OTHER = "other"
PLACING_COUNCILS = [
    *((council.value, council.label) for council in PARTNER_COUNCILS),
    (PLACING_OTHER, "Another council"),
]

# What the agency helps with after adoption, as the support request offers it (business case 3.1).
SUPPORT_NEEDS = [
    ("therapy", "Therapy or help with the child's behaviour or emotions"),
    ("education", "School and education"),
    ("contact", "Contact with birth family (letterbox or meetings)"),
    ("life_story", "Life story work and talking about adoption"),
    ("training", "Training and support groups for parents"),
    ("financial", "Financial support"),
    ("other", "Something else"),
]
RECORDS_NEEDS = [
    ("records", "Access to my adoption records"),
    ("intermediary", "Help to trace or contact a birth relative or adopted person (intermediary)"),
    ("letterbox", "Letterbox contact"),
]
RECORDS_WHO = [
    ("adopted_adult", "I was adopted"),
    ("birth_relative", "I am a birth relative of someone who was adopted"),
]

# Each service's fields: (key, label) in the order a worker reads them. Only these keys are kept.
SERVICE_FIELDS: dict[str, list[tuple[str, str]]] = {
    EnquiryType.SUPPORT: [
        ("child_age", "Child's age"),
        ("order_date", "Date of the adoption order"),
        ("placing_council", "Council that placed the child"),
        ("placing_council_other", "Placing council (named)"),
        ("financial_support_before_order", "Financial support agreed before the order"),
        ("needs", "Help needed"),
    ],
    EnquiryType.RECORDS: [("who", "Who is asking"), ("needs", "What they would like")],
    EnquiryType.INTER_COUNTRY: [("country", "Country they hope to adopt from")],
    EnquiryType.ADVICE: [("organisation", "Organisation"), ("role", "Role")],
}
_LABELS = {
    "placing_council": dict(PLACING_COUNCILS),
    "who": dict(RECORDS_WHO),
}
_NEEDS = {EnquiryType.SUPPORT: dict(SUPPORT_NEEDS), EnquiryType.RECORDS: dict(RECORDS_NEEDS)}


def service_details_clean(service: str, data: dict) -> dict:
    """Only the keys the service keeps, with empty answers left out."""
    keys = {key for key, _ in SERVICE_FIELDS.get(service, [])}
    return {key: value for key, value in data.items() if key in keys and value not in ("", None, [], False)}


def service_details_display(household: Household) -> list[tuple[str, str]]:
    """(label, answer) for what the household told us for its service, in plain words."""
    rows = []
    details = household.service_details or {}
    for key, label in SERVICE_FIELDS.get(household.service, []):
        value = details.get(key)
        if value in (None, "", []):
            continue
        if key == "needs":
            names = _NEEDS.get(household.service, {})
            value = "; ".join(names.get(need, need) for need in value)
        elif key == "order_date":
            value = f"{_date(value):%d %B %Y}" if _date(value) else value
        elif key == "financial_support_before_order":
            value = "Yes" if value else "No"
        elif key in _LABELS:
            value = _LABELS[key].get(value, value)
        rows.append((label, str(value)))
    return rows


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class SupportResponsibility:
    """Which council is responsible for a support request, and why, in words a worker can act on."""

    council: str  # its name, or "" when we cannot tell yet
    in_partnership: bool  # APSE provides the support (Kent, Medway or Bexley)
    reason: str
    financial: str  # where financial support agreed before the order stays; "" if none was
    asgsf: str  # whether an application to the Adoption and Special Guardianship Support Fund may follow


ASGSF = (
    "After the assessment of need, the agency can apply to the Adoption and Special Guardianship Support "
    "Fund for therapy the child needs."
)


def placing_council_name(details: dict) -> str:
    placing = details.get("placing_council", "")
    if placing == PLACING_OTHER:
        return (details.get("placing_council_other") or "").strip() or "another council (not named)"
    return Council(placing).label if placing in Council.values else ""


def support_responsibility(
    household: Household, *, today: dt.date | None = None
) -> SupportResponsibility | None:
    """The three-year rule for a support request; None for a case of another service."""
    if household.service != EnquiryType.SUPPORT:
        return None
    today = today or timezone.localdate()
    details = household.service_details or {}
    placing = placing_council_name(details)
    placing_partner = details.get("placing_council") in PARTNER_COUNCILS
    order = _date(details.get("order_date", ""))
    lives_in_partner = household.council in PARTNER_COUNCILS
    lives_in = household.get_council_display() if lives_in_partner else ""
    financial = ""
    if details.get("financial_support_before_order") and placing:
        financial = f"Financial support agreed before the adoption order stays with {placing}."
    asgsf = ASGSF
    if order is None or not placing:
        missing = " and ".join(
            part
            for part, gap in (
                ("the date of the adoption order", order is None),
                ("who placed the child", not placing),
            )
            if gap
        )
        return SupportResponsibility(
            "",
            False,
            f"Ask for {missing}: the three-year rule needs it to say which council is responsible.",
            financial,
            asgsf,
        )
    ends = order + relativedelta(years=3)
    if today < ends:
        reason = (
            f"Adoption order made on {order:%d %B %Y}: the placing council, {placing}, is responsible for "
            f"adoption support until {ends:%d %B %Y} (three years after the order)."
        )
        return SupportResponsibility(placing, placing_partner, reason, financial, asgsf)
    if lives_in_partner:
        council = lives_in
    elif household.council == Council.UNKNOWN:
        council = ""
    else:
        council = "the council where the family lives (outside the partnership)"
    where = council or "the council where the family lives (confirm their council)"
    reason = (
        f"Adoption order made on {order:%d %B %Y}, more than three years ago (on {ends:%d %B %Y}): "
        f"{where} is responsible."
    )
    return SupportResponsibility(
        council if lives_in_partner else "", lives_in_partner, reason, financial, asgsf
    )


def first_contact_due(household: Household | None, *, today: dt.date | None = None) -> dt.date | None:
    """The day a household is told to expect our first call by: while a first-contact timescale runs and
    has not run out. None otherwise (no clock, a later stage's clock, a stall rule, or already overdue)."""
    if household is None or household.clock_id is None or household.due_on is None:
        return None
    clock = household.clock
    if clock.is_stall_rule or not clock.stops_at_first_contact:
        return None
    return household.due_on if household.due_on >= (today or timezone.localdate()) else None

"""Family finding as staff read it: the families waiting, their matching profiles and their links.

The pool of waiting families is the one place a family finder sees households that are not theirs, and
only as a profile: a reference, the council, when they were approved, how long they have waited and what
they hope for. Names, email addresses and phone numbers come only for the households the person may see
in full (``households_visible_to``: their own, and for a worker their team's), looked up here, so no
screen can show more than this selector hands it.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils import timezone

from crm.calendar import add_months
from crm.models import AgeBand, Council, Household, Link, MatchingProfile, Openness, Stage

from .access import households_visible_to, is_family_finder, sees_everything, staff_member_for

# An approved family waits while no child is linked with them: approved and not yet taken on by family
# finding, waiting for family finding, or on hold (paused, but still an approved family with no child).
WAITING_STAGES = (Stage.APPROVED, Stage.FAMILY_FINDING, Stage.ON_HOLD)
# How long a family has waited since approval, in calendar months: (label, months from, months to).
WAIT_BANDS = (
    ("Under 3 months", 0, 3),
    ("3 to 6 months", 3, 6),
    ("6 to 12 months", 6, 12),
    ("Over 12 months", 12, None),
)
# The adoption scorecard's wait: more than 3 calendar months from approval.
SCORECARD_MONTHS = 3


def wait_band(approved_on: dt.date | None, today: dt.date) -> str:
    """The band of a wait from ``approved_on`` to ``today``: under 3 months, 3 to 6, 6 to 12, over 12."""
    if approved_on is None:
        return ""
    for label, _, months_to in WAIT_BANDS:
        if months_to is None or today < add_months(approved_on, months_to):
            return label
    return WAIT_BANDS[-1][0]


def waited_over(approved_on: dt.date, until: dt.date, months: int = SCORECARD_MONTHS) -> bool:
    """Whether more than ``months`` calendar months passed from approval to ``until``."""
    return until > add_months(approved_on, months)


def waiting_households() -> QuerySet[Household]:
    """Every approved family waiting now: open recruitment cases at approval, family finding or on hold."""
    return Household.objects.open().recruitment().filter(stage__in=WAITING_STAGES)


def family_finding_pool(user) -> QuerySet[Household]:
    """The waiting families whose matching profiles this person may read.

    Managers and family finders: every waiting family in the three councils. Anyone else with a CRM record:
    the waiting families they may see anyway (their team's, and their own). Nobody else: none.
    """
    if sees_everything(user) or is_family_finder(user):
        return waiting_households()
    if staff_member_for(user) is None:
        return Household.objects.none()
    return households_visible_to(user).open().recruitment().filter(stage__in=WAITING_STAGES)


@dataclass(frozen=True)
class Contact:
    """Who a waiting family is, for someone who may see the household in full."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class PoolEntry:
    """One waiting family as the pool shows it: a profile (in words), and contact details only when they may
    be seen."""

    pk: int
    reference: str
    council: str
    stage: str
    approved_on: dt.date | None
    waited: str
    age_bands: list[str]
    siblings: str
    disability: str
    early_permanence: bool
    children_at_home: str
    contact: Contact | None = None


@dataclass(frozen=True)
class PoolFilters:
    council: str = ""
    age_band: str = ""
    siblings: bool = False
    early_permanence: bool = False


def pool_filtered(user, filters: PoolFilters) -> QuerySet[Household]:
    """The pool narrowed by the filters, longest waiting first."""
    households = family_finding_pool(user)
    if filters.council:
        households = households.filter(council=filters.council)
    if filters.age_band:
        # The age bands are a JSON list; its text holds each band in quotes (PostgreSQL and SQLite alike).
        households = households.filter(matching_profile__age_bands__icontains=f'"{filters.age_band}"')
    if filters.siblings:
        households = households.filter(matching_profile__siblings__in=[Openness.YES, Openness.MAYBE])
    if filters.early_permanence:
        households = households.filter(early_permanence=True)
    return households.order_by("journey_dates__approved_on", "pk")


POOL_FIELDS = (
    "pk",
    "council",
    "stage",
    "early_permanence",
    "children_at_home",
    "journey_dates__approved_on",
    "matching_profile__age_bands",
    "matching_profile__siblings",
    "matching_profile__disability",
)


def pool_entries(user, households: QuerySet[Household], today: dt.date | None = None) -> list[PoolEntry]:
    """The entries for one page of the pool: two queries, whatever its length.

    Only the profile's fields are read for every family; names and contact details are read for the
    families this person may see in full, and for no other.
    """
    today = today or timezone.localdate()
    rows = list(households.values_list(*POOL_FIELDS))
    ids = [row[0] for row in rows]
    contacts = {
        pk: Contact(
            name=Household(
                first_name=first, last_name=last, partner_first_name=partner, partner_last_name=partner_last
            ).display_name,
            email=email,
            phone=phone,
        )
        for pk, first, last, partner, partner_last, email, phone in households_visible_to(user)
        .filter(pk__in=ids)
        .values_list(
            "pk", "first_name", "last_name", "partner_first_name", "partner_last_name", "email", "phone"
        )
    }
    labels = dict(AgeBand.choices)
    stages = dict(Stage.choices)
    councils = dict(Council.choices)
    openness = dict(Openness.choices)
    return [
        PoolEntry(
            pk=pk,
            reference=Household(pk=pk).reference,
            council=councils[council],
            stage=stages[stage],
            approved_on=approved_on,
            waited=wait_band(approved_on, today),
            age_bands=[labels[band] for band in AgeBand.values if band in (bands or [])],
            siblings=openness.get(siblings or "", ""),
            disability=openness.get(disability or "", ""),
            early_permanence=early_permanence,
            children_at_home=children_at_home,
            contact=contacts.get(pk),
        )
        for pk, council, stage, early_permanence, children_at_home, approved_on, bands, siblings, disability in rows
    ]


def household_links(*, household: Household) -> QuerySet[Link]:
    """A family's links, newest first: the one still open, then those that ended."""
    return Link.objects.filter(household=household).order_by(
        F("ended_on").desc(nulls_first=True), "-linked_on", "-pk"
    )


def household_open_link(*, household: Household) -> Link | None:
    return Link.objects.filter(household=household, ended_on__isnull=True).first()


def matching_profile_of(*, household: Household) -> MatchingProfile | None:
    return MatchingProfile.objects.filter(household=household).first()

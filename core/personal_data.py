"""Personal data held by other apps, reached without the CRM importing them.

Subject access, erasure and retention must cover every place a person's details are kept, but the
CRM never imports the apps that listen to it. Each such app (campaigns: touches, the newsletter
list, Mailchimp) registers a holder when it starts (``campaigns.apps``); the CRM's privacy services
ask every holder in turn, inside the same transaction as their own work, so an erasure either
happens everywhere here or nowhere.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Person:
    """One person (or couple) as this system knows them: their records and the details that find them.

    ``household_ids`` includes records merged into another and the record they were merged into;
    ``enquiry_ids`` are quarantined or spam enquiries that never joined a household; ``records`` are
    other apps' records, as (kind, id) pairs.
    """

    household_ids: tuple[int, ...] = ()
    enquiry_ids: tuple[int, ...] = ()
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    records: frozenset[tuple[str, int]] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.household_ids or self.enquiry_ids or self.records)

    def record_ids(self, kind: str) -> list[int]:
        """Ids of another app's records of one kind (``subscriber``) that belong to this person."""
        return sorted(pk for record_kind, pk in self.records if record_kind == kind)


@dataclass(frozen=True)
class Anchor:
    """Where a manager started looking for a person: a record of one kind, by its id."""

    kind: str
    pk: int
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"


@dataclass(frozen=True)
class Store:
    """One place personal data is kept, what it holds, and what erasure does to it (for the record)."""

    name: str
    holds: str
    erasure: str


@dataclass
class RetentionPlan:
    """What one retention rule would do now: how many records, and a sample described without personal data."""

    count: int
    sample: list[str] = field(default_factory=list)


class Holder(Protocol):
    label: str
    stores: tuple[Store, ...]
    retention_kinds: frozenset[str]

    def warnings(self) -> list[str]:
        """Problems a manager must put right, such as a newsletter recipient with no stored consent."""

    def find(self, *, email: str, phone: str) -> list[Anchor]:
        """Records of this holder's own that match an email address or phone number."""

    def anchor_identities(self, *, kind: str, pk: int) -> tuple[tuple[int, ...], frozenset[str]] | None:
        """The household ids and email addresses behind one of this holder's anchors, or None."""

    def identities(self, person: Person) -> tuple[set[int], set[str], set[tuple[str, int]]]:
        """The household ids, emails and own records this holder links to the person."""

    def counts(self, person: Person) -> dict[str, int]:
        """How many of each kind of record this holder keeps about the person, by a plain-English name."""

    def export(self, person: Person) -> dict[str, list[dict]]:
        """Everything held about the person, as JSON-ready rows per section title."""

    def erase(self, person: Person, *, by) -> dict[str, int]:
        """Remove the person's details everywhere this holder keeps them, outside systems included."""

    def anonymise_households(self, household_ids: list[int], *, by) -> dict[str, int]:
        """Retention: remove what links these (now anonymised) households to a person, keeping consent given elsewhere."""

    def retention_plan(self, *, kind: str, cutoff: dt.datetime, sample: int) -> RetentionPlan:
        """What applying rule ``kind`` with this cutoff would do."""

    def retention_apply(self, *, kind: str, cutoff: dt.datetime, rule, by, batch: int) -> int:
        """Apply rule ``kind``; returns how many records it changed or removed."""


_holders: list[Holder] = []


def register_holder(holder: Holder) -> None:
    """Called once by each app that keeps personal data, from its ``AppConfig.ready``."""
    if holder not in _holders:
        _holders.append(holder)


def holders() -> list[Holder]:
    return list(_holders)

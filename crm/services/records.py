"""The rows that go with one change to a household, gathered and written together.

A new enquiry leaves timeline entries, audit entries and side effects behind in more than one
service (its routing, its own arrival, its reply); written together they take one statement per
table, not one per row. Nothing here decides anything: the services still say what is recorded.
"""

from dataclasses import dataclass, field

from crm.models import AuditEvent, SideEffect, TimelineEntry

from .side_effects import side_effects_queue


@dataclass
class Records:
    """Rows still to write, in the order they were made (which their primary keys keep)."""

    timeline: list[TimelineEntry] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)
    side_effects: list[SideEffect] = field(default_factory=list)

    def write(self) -> None:
        """Write them all, each table's in one statement; the side effects' tasks go once the transaction commits."""
        if self.timeline:
            TimelineEntry.objects.bulk_create(self.timeline)
        if self.audit:
            AuditEvent.objects.bulk_create(self.audit)
        if self.side_effects:
            side_effects_queue(self.side_effects)
        self.timeline, self.audit, self.side_effects = [], [], []

"""Retention: the records each rule applies to now. The report and the nightly job use the same queries."""

import dataclasses
import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from dateutil.relativedelta import relativedelta

from core.personal_data import RetentionPlan, holders
from crm.journey import stages_in_retention
from crm.models import (
    Anonymisation,
    AuditEvent,
    Enquiry,
    EventBooking,
    Household,
    RetentionRule,
    TimelineEntry,
)

# The rules that anonymise closed cases: recruitment's two, and the other services' (crm.journey).
CASE_KINDS = (
    RetentionRule.Kind.CLOSED_EARLY,
    RetentionRule.Kind.CLOSED_IN_ASSESSMENT,
    RetentionRule.Kind.SERVICE_CLOSED,
)


def retention_cutoff(rule: RetentionRule, *, now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    if rule.unit == RetentionRule.Unit.DAYS:
        return now - dt.timedelta(days=rule.period)
    return now - relativedelta(months=rule.period)


def _not_anonymised(households: QuerySet[Household]) -> QuerySet[Household]:
    done = Anonymisation.objects.filter(object_type="household", object_id=OuterRef("pk"))
    return households.exclude(Exists(done))


def retention_households(*, kind: str, cutoff: dt.datetime) -> QuerySet[Household]:
    """Closed cases, not merged away and not yet anonymised, with nothing recorded since ``cutoff``.

    Records merged into one of these go with it (see ``crm.services.privacy``).
    """
    stages = stages_in_retention(kind)
    recent = TimelineEntry.objects.filter(household=OuterRef("pk"), at__gte=cutoff)
    households = Household.objects.filter(
        merged_into__isnull=True, closed_at__lt=cutoff, last_enquiry_at__lt=cutoff, stage__in=stages
    ).exclude(Exists(recent))
    return _not_anonymised(households).order_by("closed_at", "pk")


def retention_spam(*, cutoff: dt.datetime) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(
        status=Enquiry.Status.SPAM, household__isnull=True, received_at__lt=cutoff
    ).order_by("received_at", "pk")


def retention_approved() -> QuerySet[Household]:
    """Approved households, closed or not: the stages whose rule is the approved adopters' (``crm.journey``)."""
    stages = stages_in_retention(RetentionRule.Kind.APPROVED)
    return Household.objects.filter(stage__in=stages, merged_into__isnull=True)


def retention_audit_events(*, cutoff: dt.datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(at__lt=cutoff)


def retention_access_needs(*, cutoff: dt.datetime) -> QuerySet[EventBooking]:
    """Bookings still holding access needs for an event that ended before ``cutoff`` (or was deleted)."""
    from crm.events import event_info

    bookings = EventBooking.objects.exclude(access_needs="")
    ended = []
    for event_id in bookings.order_by().values_list("event_id", flat=True).distinct():
        info = event_info(event_id)
        if info is None or info.end < cutoff:
            ended.append(event_id)
    return bookings.filter(event_id__in=ended).order_by("pk")


def _closed_description(household: Household) -> str:
    return (
        f"{household.reference}: closed {timezone.localtime(household.closed_at):%d %B %Y} at "
        f"{household.get_stage_display().lower()} ({household.get_closure_reason_display() or 'no reason'})"
    )


def retention_plan_for(
    rule: RetentionRule, *, now: dt.datetime | None = None, sample: int = 50
) -> RetentionPlan:
    """What ``rule`` would do now: how many records, and up to ``sample`` of them, without personal details."""
    cutoff = retention_cutoff(rule, now=now)
    if rule.kind == RetentionRule.Kind.APPROVED:
        households = retention_approved()
        return RetentionPlan(
            count=households.count(),
            sample=[
                f"{household.reference}: approved, kept" for household in households.order_by("pk")[:sample]
            ],
        )
    if rule.kind in CASE_KINDS:
        households = retention_households(kind=rule.kind, cutoff=cutoff)
        return RetentionPlan(
            count=households.count(),
            sample=[_closed_description(household) for household in households[:sample]],
        )
    if rule.kind == RetentionRule.Kind.SPAM:
        spam = retention_spam(cutoff=cutoff)
        return RetentionPlan(
            count=spam.count(),
            sample=[
                f"Spam enquiry {enquiry.pk} by {enquiry.get_source_display().lower()}, received "
                f"{timezone.localtime(enquiry.received_at):%d %B %Y}"
                for enquiry in spam[:sample]
            ],
        )
    if rule.kind == RetentionRule.Kind.ACCESS_NEEDS:
        bookings = retention_access_needs(cutoff=cutoff)
        return RetentionPlan(
            count=bookings.count(),
            sample=[
                f"APSE-{booking.household_id:06d}: access needs for event {booking.event_id}"
                for booking in bookings[:sample]
            ],
        )
    if rule.kind == RetentionRule.Kind.AUDIT_EVENTS:
        events = retention_audit_events(cutoff=cutoff)
        count = events.count()
        return RetentionPlan(
            count=count, sample=[f"{count} entries recorded before {cutoff:%d %B %Y}"] if count else []
        )
    for holder in holders():
        if rule.kind in holder.retention_kinds:
            return holder.retention_plan(kind=rule.kind, cutoff=cutoff, sample=sample)
    return RetentionPlan(count=0)


@dataclasses.dataclass(frozen=True)
class RetentionReportRow:
    rule: RetentionRule
    cutoff: dt.datetime
    plan: RetentionPlan

    @property
    def will_act(self) -> bool:
        return self.rule.is_active and self.rule.action != RetentionRule.Action.KEEP and self.plan.count > 0


def retention_report(*, now: dt.datetime | None = None, sample: int = 50) -> list[RetentionReportRow]:
    """The dry run: for every rule, what the nightly job would do if it ran at ``now``."""
    now = now or timezone.now()
    return [
        RetentionReportRow(
            rule=rule,
            cutoff=retention_cutoff(rule, now=now),
            plan=retention_plan_for(rule, now=now, sample=sample),
        )
        for rule in RetentionRule.objects.order_by("kind")
    ]

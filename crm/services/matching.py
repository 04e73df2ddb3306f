"""Family finding after approval: a link with a child, the match, the placement, the adoption order.

Each service writes the child's link (``crm.models.Link``) and moves the household through the journey
(``household_advance`` with ``recorded_by=LINKS``) in one transaction, so the stage, the link and the
timeline always agree: recording a link moves the family to "Linked with a child", the matching panel's
recommendation to "Matched", the child moving in to "Placed", the court's order to "Adoption order", and
a link that ended back to "Waiting: family finding". The move brings its audit entry, timeline entry,
clocks and journey dates with it, as any move does. The timeline and the audit trail say what happened and
name the link by its number, never the child's reference: that stays on the link alone, so a family's
subject access file (which leaves it out) gives away nothing of the child's.

Dates are the days things happened (the panel's date, the day the child moved in) and are checked against
each other with messages naming both dates. Recording one more than a day after it happened needs a note,
as every move does. Asking for what is already recorded changes nothing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crm.journey import LINKS
from crm.models import (
    AgeBand,
    AuditEvent,
    ChildCouncil,
    EnquiryType,
    Household,
    Link,
    LinkEndReason,
    MatchingProfile,
    Openness,
    Stage,
    StageChange,
    TimelineEntry,
)
from crm.models.matching import CHILD_REFERENCE_MAX, CHILD_REFERENCE_RE, MAX_SIBLINGS

from .cases import PipelineError
from .pipeline import household_advance, household_set_flags
from .privacy import audit_record
from .seen import household_mark_seen

# A matching profile is what an approved family hopes for: from approval on.
PROFILE_STAGES = (
    Stage.APPROVED,
    Stage.ON_HOLD,
    Stage.FAMILY_FINDING,
    Stage.LINKED,
    Stage.MATCHED,
    Stage.PLACED,
    Stage.ADOPTION_ORDER,
)


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _locked(household: Household) -> Household:
    return Household.objects.select_for_update().get(pk=household.pk)


def _open_link(household: Household) -> Link | None:
    return Link.objects.select_for_update().filter(household=household, ended_on__isnull=True).first()


def _link_required(household: Household, to: str) -> Link:
    link = _open_link(household)
    if link is None:
        raise PipelineError(f"This family has no link with a child to {to}. Record the link first.")
    return link


def _not_future(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise PipelineError(f"The {what} cannot be in the future.")


def _moment(day: dt.date, household: Household) -> dt.datetime:
    """When a move dated ``day`` is recorded as happening: now for today, otherwise midday that day, never
    before the household entered its current stage on that same day."""
    if day >= timezone.localdate():
        return timezone.now()
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())
    if timezone.localdate(household.stage_entered_at) == day:
        moment = max(moment, household.stage_entered_at)
    return moment


def _move(
    *,
    household: Household,
    link: Link,
    to_stage: str,
    day: dt.date,
    by,
    note: str,
    summary: str,
    applicant_email: bool = True,
) -> StageChange | None:
    """Move the household on with the link, and say on the timeline what happened."""
    change = household_advance(
        household=household,
        to_stage=to_stage,
        by=by,
        effective_at=_moment(day, household),
        note=note,
        recorded_by=LINKS,
        applicant_email=applicant_email,
    )
    if change is not None:
        TimelineEntry.objects.filter(stage_change=change).update(summary=summary[:200])
    audit_record(
        action=AuditEvent.Action.CHANGE, target=household, user=by, summary=f"{summary} (link {link.pk})"
    )
    return change


def _check_reference(reference: str) -> str:
    reference = reference.strip()
    if not reference:
        raise PipelineError("Enter the child's reference from their council's children's system.")
    if len(reference) > CHILD_REFERENCE_MAX or not CHILD_REFERENCE_RE.match(reference):
        raise PipelineError(
            "Enter the child's reference from their council's system, such as CS-004512 (letters, digits and "
            f"hyphens, with at least one digit, at most {CHILD_REFERENCE_MAX} characters), not their name."
        )
    return reference


def _check_fostering(link: Link, approved_on: dt.date | None, placed_on: dt.date | None) -> None:
    for day, what in (
        (approved_on, "date they were approved as foster carers"),
        (placed_on, "fostering placement"),
    ):
        if day is not None:
            _not_future(day, what)
    if placed_on is not None and placed_on < link.linked_on:
        raise PipelineError(
            f"The child was placed with them as foster carers on {day_text(placed_on)}, before the link on "
            f"{day_text(link.linked_on)}. Check both dates."
        )
    if placed_on is not None and approved_on is not None and placed_on < approved_on:
        raise PipelineError(
            f"The child was placed with them as foster carers on {day_text(placed_on)}, before they were "
            f"approved as foster carers on {day_text(approved_on)}. Check both dates."
        )


@transaction.atomic
def link_create(
    *,
    household: Household,
    by,
    child_reference: str,
    child_council: str,
    age_band: str,
    siblings: int,
    linked_on: dt.date,
    early_permanence: bool = False,
    fostering_approved_on: dt.date | None = None,
    placed_for_fostering_on: dt.date | None = None,
    note: str = "",
) -> Link:
    """Record that family finding has linked this approved family with a child, and move them to "Linked"."""
    household = _locked(household)
    if household.service != EnquiryType.ADOPTING:
        raise PipelineError("Only an approved adopter can be linked with a child.")
    if current := _open_link(household):
        raise PipelineError(
            f"This family is already linked with child {current.child_reference} (since "
            f"{day_text(current.linked_on)}). End that link before recording another."
        )
    reference = _check_reference(child_reference)
    if child_council not in ChildCouncil.values:
        raise PipelineError("Choose the child's council from the list.")
    if age_band not in AgeBand.values:
        raise PipelineError("Choose the child's age band from the list.")
    if not 0 <= siblings <= MAX_SIBLINGS:
        raise PipelineError(f"Give the number of brothers and sisters in the link, from 0 to {MAX_SIBLINGS}.")
    _not_future(linked_on, "link date")
    approved = household.stage_dates.get(Stage.APPROVED)
    if approved and linked_on < dt.date.fromisoformat(approved):
        raise PipelineError(
            f"They were approved on {day_text(dt.date.fromisoformat(approved))}; a link cannot be dated before "
            "their approval."
        )
    ended = (
        Link.objects.filter(household=household, ended_on__isnull=False)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if ended and linked_on < ended:
        raise PipelineError(
            f"Their last link ended on {day_text(ended)}; a new link cannot be dated before that."
        )
    link = Link(
        household=household,
        child_reference=reference,
        child_council=child_council,
        age_band=age_band,
        siblings=siblings,
        linked_on=linked_on,
        early_permanence=early_permanence or bool(fostering_approved_on or placed_for_fostering_on),
        fostering_approved_on=fostering_approved_on,
        placed_for_fostering_on=placed_for_fostering_on,
        created_by=by,
    )
    _check_fostering(link, fostering_approved_on, placed_for_fostering_on)
    link.save()
    children = (
        f" and {siblings} brother{'s' if siblings != 1 else ''} or sister{'s' if siblings != 1 else ''}"
    )
    _move(
        household=household,
        link=link,
        to_stage=Stage.LINKED,
        day=linked_on,
        by=by,
        note=note,
        summary=f"Linked with a child{children if siblings else ''} "
        f"({link.get_child_council_display()}, {link.get_age_band_display().lower()}) on {day_text(linked_on)}",
    )
    if link.early_permanence and not household.early_permanence:
        household.refresh_from_db()
        household_set_flags(
            household=household, by=by, fast_track=household.fast_track, early_permanence=True
        )
    return link


@transaction.atomic
def link_match(*, household: Household, by, matched_on: dt.date, note: str = "") -> Link:
    """The matching panel recommended the match: the family moves to "Matched"."""
    household = _locked(household)
    link = _link_required(household, "match")
    if link.matched_on:
        if link.matched_on == matched_on:
            return link
        raise PipelineError(f"This link was matched on {day_text(link.matched_on)} already.")
    _not_future(matched_on, "matching panel's date")
    if matched_on < link.linked_on:
        raise PipelineError(
            f"The matching panel's date, {day_text(matched_on)}, is before the link on {day_text(link.linked_on)}. "
            "A child is matched after they are linked: check both dates."
        )
    link.matched_on = matched_on
    link.save(update_fields=["matched_on"])
    _move(
        household=household,
        link=link,
        to_stage=Stage.MATCHED,
        day=matched_on,
        by=by,
        note=note,
        summary=f"Matched at the matching panel on {day_text(matched_on)}",
    )
    return link


@transaction.atomic
def link_place(*, household: Household, by, placed_on: dt.date, note: str = "") -> Link:
    """The child moved in with the family, placed for adoption: the family moves to "Placed"."""
    household = _locked(household)
    link = _link_required(household, "place")
    if link.placed_on:
        if link.placed_on == placed_on:
            return link
        raise PipelineError(f"The child was placed on {day_text(link.placed_on)} already.")
    if not link.matched_on:
        raise PipelineError(
            "Record the matching panel's recommendation first: a child is placed after the match."
        )
    _not_future(placed_on, "placement date")
    if placed_on < link.matched_on:
        raise PipelineError(
            f"The placement date, {day_text(placed_on)}, is before the match on {day_text(link.matched_on)}. "
            "A child is placed for adoption after the matching panel: check both dates."
        )
    link.placed_on = placed_on
    link.save(update_fields=["placed_on"])
    _move(
        household=household,
        link=link,
        to_stage=Stage.PLACED,
        day=placed_on,
        by=by,
        note=note,
        summary=f"Child placed with them for adoption on {day_text(placed_on)}",
    )
    return link


@transaction.atomic
def link_order(*, household: Household, by, order_on: dt.date, note: str = "") -> Link:
    """The court made the adoption order: the end of recruitment, the family moves to "Adoption order"."""
    household = _locked(household)
    link = _link_required(household, "record an adoption order for")
    if link.order_on:
        if link.order_on == order_on:
            return link
        raise PipelineError(f"The adoption order was made on {day_text(link.order_on)} already.")
    if not link.placed_on:
        raise PipelineError(
            "Record the placement first: the court makes the order once the child lives with them."
        )
    _not_future(order_on, "adoption order's date")
    if order_on < link.placed_on:
        raise PipelineError(
            f"The adoption order's date, {day_text(order_on)}, is before the placement on "
            f"{day_text(link.placed_on)}: check both dates."
        )
    link.order_on = order_on
    link.save(update_fields=["order_on"])
    _move(
        household=household,
        link=link,
        to_stage=Stage.ADOPTION_ORDER,
        day=order_on,
        by=by,
        note=note,
        summary=f"Adoption order made on {day_text(order_on)}",
    )
    return link


@transaction.atomic
def link_end(*, household: Household, by, ended_on: dt.date, reason: str, note: str = "") -> Link:
    """The link ended before an adoption order: the family goes back to waiting for family finding."""
    household = _locked(household)
    link = _link_required(household, "end")
    if link.order_on:
        raise PipelineError("The adoption order has been made, so this link cannot end.")
    if reason not in LinkEndReason.values:
        raise PipelineError("Choose why the link ended from the list.")
    if reason == LinkEndReason.PLACEMENT_ENDED and not link.placed_on:
        raise PipelineError(
            "The child was not placed with them, so no placement ended. Choose another reason."
        )
    if reason == LinkEndReason.PANEL_NOT_RECOMMENDED and link.matched_on:
        raise PipelineError(
            f"The matching panel recommended this match on {day_text(link.matched_on)}. Choose another reason."
        )
    _not_future(ended_on, "date the link ended")
    latest = link.latest_on
    if ended_on < latest:
        raise PipelineError(
            f"The link cannot end on {day_text(ended_on)}, before the last date recorded on it, "
            f"{day_text(latest)}. Check the dates."
        )
    link.ended_on = ended_on
    link.end_reason = reason
    link.save(update_fields=["ended_on", "end_reason"])
    _move(
        household=household,
        link=link,
        to_stage=Stage.FAMILY_FINDING,
        day=ended_on,
        by=by,
        note=note,
        summary=f"Link with a child ended on {day_text(ended_on)}: "
        f"{LinkEndReason(reason).label}. Back to waiting for family finding",
        # A link that ended is news their worker gives them in person, never an automatic email.
        applicant_email=False,
    )
    return link


@transaction.atomic
def link_fostering(
    *,
    household: Household,
    by,
    fostering_approved_on: dt.date | None,
    placed_for_fostering_on: dt.date | None,
) -> Link:
    """Early permanence: when the family was approved as the child's temporary foster carers, and when the child
    came to live with them as foster carers (before the match). The stage does not change."""
    household = _locked(household)
    link = _link_required(household, "record early permanence for")
    if fostering_approved_on is None and placed_for_fostering_on is None:
        raise PipelineError(
            "Give the date they were approved as foster carers, the fostering placement, or both."
        )
    approved_on = fostering_approved_on or link.fostering_approved_on
    placed_on = placed_for_fostering_on or link.placed_for_fostering_on
    _check_fostering(link, approved_on, placed_on)
    if (link.early_permanence, link.fostering_approved_on, link.placed_for_fostering_on) == (
        True,
        approved_on,
        placed_on,
    ):
        return link
    household_mark_seen(household=household, by=by)
    link.early_permanence = True
    link.fostering_approved_on = approved_on
    link.placed_for_fostering_on = placed_on
    link.save(update_fields=["early_permanence", "fostering_approved_on", "placed_for_fostering_on"])
    parts = []
    if approved_on:
        parts.append(f"approved as foster carers on {day_text(approved_on)}")
    if placed_on:
        parts.append(f"child placed with them as foster carers on {day_text(placed_on)}")
    summary = "Early permanence: " + "; ".join(parts)
    TimelineEntry.objects.create(
        household=household, kind=TimelineEntry.Kind.NOTE, by=by, summary=summary[:200]
    )
    audit_record(
        action=AuditEvent.Action.CHANGE, target=household, user=by, summary=f"{summary} (link {link.pk})"
    )
    if not household.early_permanence:
        household_set_flags(
            household=household, by=by, fast_track=household.fast_track, early_permanence=True
        )
    return link


@transaction.atomic
def matching_profile_save(
    *,
    household: Household,
    by,
    age_bands: list[str],
    siblings: str,
    disability: str,
    early_permanence: bool,
) -> MatchingProfile:
    """What an approved family hopes for. Early permanence is the household's own flag, saved with it."""
    household = _locked(household)
    if household.service != EnquiryType.ADOPTING or household.stage not in PROFILE_STAGES:
        raise PipelineError("A matching profile is for approved adopters: approve the family first.")
    if not set(age_bands) <= set(AgeBand.values):
        raise PipelineError("Choose the ages they hope for from the list.")
    for value, what in ((siblings, "brothers and sisters"), (disability, "a disability or extra needs")):
        if value and value not in Openness.values:
            raise PipelineError(f"Say whether they are open to {what}: yes, maybe or no.")
    bands = [band for band in AgeBand.values if band in age_bands]
    profile = MatchingProfile.objects.filter(household=household).first()
    unchanged = profile is not None and (profile.age_bands, profile.siblings, profile.disability) == (
        bands,
        siblings,
        disability,
    )
    if unchanged and household.early_permanence == early_permanence:
        return profile
    household_mark_seen(household=household, by=by)
    profile, _ = MatchingProfile.objects.update_or_create(
        household=household,
        defaults={
            "age_bands": bands,
            "siblings": siblings,
            "disability": disability,
            "updated_at": timezone.now(),
            "updated_by": by,
        },
    )
    if household.early_permanence != early_permanence:
        household_set_flags(
            household=household, by=by, fast_track=household.fast_track, early_permanence=early_permanence
        )
    if not unchanged:
        audit_record(
            action=AuditEvent.Action.CHANGE, target=household, user=by, summary="Matching profile saved"
        )
        TimelineEntry.objects.create(
            household=household, kind=TimelineEntry.Kind.NOTE, by=by, summary="Matching profile updated"
        )
    return profile

"""Family finding after approval: links with children, the match, the placement and the adoption order.

Each service moves the household and writes the link in one transaction, refuses dates that cannot be
right with a message naming them, and keeps at most one open link per family. The clocks after approval
are ordinary rows of the clock table, so they run, stop and show on the queue, desk and digest like every
other.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from crm.calendar import add_months
from crm.desk import desk_for
from crm.journey import RECRUITMENT
from crm.models import (
    AuditEvent,
    ClockOutcome,
    Household,
    JourneyDates,
    Link,
    MatchingProfile,
    Source,
    Stage,
)
from crm.selectors import (
    digest_for,
    household_links,
    person_for_anchor,
    person_record,
    triage_counts,
    triage_queue,
)
from crm.services import (
    PipelineError,
    allowed_moves,
    enquiry_create,
    household_advance,
    household_close,
    households_merge,
    link_create,
    link_end,
    link_fostering,
    link_match,
    link_order,
    link_place,
    matching_profile_save,
)
from tests.factories import enquiry_details, staff_member


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def approved_household(*, approved_days_ago: int, by=None, email: str = "family@example.com") -> Household:
    """A household walked along the main road to approval, a day a step, approved ``approved_days_ago``."""
    route = RECRUITMENT.route(to=Stage.APPROVED)
    start = timezone.now() - dt.timedelta(days=approved_days_ago + len(route))
    household = enquiry_create(
        source=Source.WEB, details=enquiry_details(email=email, phone=""), received_at=start
    ).household
    for step, stage in enumerate(route, start=1):
        household_advance(
            household=household,
            to_stage=stage,
            by=by,
            effective_at=start + dt.timedelta(days=step),
            note="Recorded later",
        )
    household.refresh_from_db()
    return household


def linked(household, by, *, linked_days_ago: int, **fields) -> Link:
    defaults = {
        "child_reference": "CS-004512",
        "child_council": "kent",
        "age_band": "1_2",
        "siblings": 0,
        "linked_on": days_ago(linked_days_ago),
        "note": "Recorded later",
    }
    return link_create(household=household, by=by, **{**defaults, **fields})


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent")


@pytest.fixture
def family(worker):
    return approved_household(approved_days_ago=150, by=worker.user)


@pytest.mark.django_db
def test_a_family_goes_from_approval_through_a_link_match_and_placement_to_the_adoption_order(family, worker):
    user = worker.user
    household_advance(
        household=family,
        to_stage=Stage.FAMILY_FINDING,
        by=user,
        effective_at=timezone.now() - dt.timedelta(days=149),
        note="Later",
    )

    link = linked(family, user, linked_days_ago=100, siblings=1)
    family.refresh_from_db()
    assert family.stage == Stage.LINKED
    link_match(household=family, by=user, matched_on=days_ago(60), note="Panel minutes came later")
    link_place(household=family, by=user, placed_on=days_ago(40), note="Recorded later")
    link_order(household=family, by=user, order_on=days_ago(0))

    family.refresh_from_db()
    link.refresh_from_db()
    assert family.stage == Stage.ADOPTION_ORDER and family.is_open
    assert (link.linked_on, link.matched_on, link.placed_on, link.order_on) == (
        days_ago(100),
        days_ago(60),
        days_ago(40),
        days_ago(0),
    )
    assert link.is_open and link.status == "Adoption order made"
    moves = list(family.stage_changes.order_by("effective_at").values_list("to_stage", flat=True))[-5:]
    assert moves == [Stage.FAMILY_FINDING, Stage.LINKED, Stage.MATCHED, Stage.PLACED, Stage.ADOPTION_ORDER]
    # The timeline says what happened, one entry per move, never naming the child (the link holds the reference).
    summaries = list(family.timeline.filter(kind="stage").order_by("-at").values_list("summary", flat=True))[
        :4
    ]
    assert summaries[0] == f"Adoption order made on {days_ago(0).day} {days_ago(0):%B %Y}"
    assert summaries[3].startswith("Linked with a child and 1 brother or sister (Kent, 1 to 2) on ")
    assert not family.timeline.filter(summary__contains="CS-004512").exists()
    dates = JourneyDates.objects.get(household=family)
    assert (dates.linked_on, dates.matched_on, dates.placed_on, dates.adoption_order_on) == (
        days_ago(100),
        days_ago(60),
        days_ago(40),
        days_ago(0),
    )
    assert AuditEvent.objects.filter(
        household_id=family.pk,
        summary=f"Matched at the matching panel on {days_ago(60).day} {days_ago(60):%B %Y} (link {link.pk})",
    ).exists()
    # The end of recruitment: nothing runs, and nothing further to move to.
    assert family.clock is None and allowed_moves(family) == []


@pytest.mark.django_db
def test_a_family_may_be_linked_straight_from_approval(family, worker):
    linked(family, worker.user, linked_days_ago=10)

    family.refresh_from_db()
    assert family.stage == Stage.LINKED


@pytest.mark.django_db
def test_the_plain_move_on_never_makes_a_move_that_belongs_to_a_link(family, worker):
    household_advance(household=family, to_stage=Stage.FAMILY_FINDING, by=worker.user)
    family.refresh_from_db()

    assert allowed_moves(family) == [Stage.ON_HOLD]
    with pytest.raises(PipelineError, match="recorded with the child's link: use Family finding"):
        household_advance(household=family, to_stage=Stage.LINKED, by=worker.user)
    family.refresh_from_db()
    assert family.stage == Stage.FAMILY_FINDING and not Link.objects.exists()


@pytest.mark.django_db
def test_on_hold_is_a_detour_back_to_waiting(family, worker):
    household_advance(household=family, to_stage=Stage.ON_HOLD, by=worker.user)
    family.refresh_from_db()
    assert allowed_moves(family) == [Stage.FAMILY_FINDING]
    with pytest.raises(PipelineError, match="cannot move straight to linked with a child"):
        linked(family, worker.user, linked_days_ago=0)
    assert not Link.objects.exists()

    household_advance(household=family, to_stage=Stage.FAMILY_FINDING, by=worker.user)
    linked(family, worker.user, linked_days_ago=0)
    family.refresh_from_db()
    assert family.stage == Stage.LINKED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            lambda family, user: link_match(household=family, by=user, matched_on=days_ago(31), note="x"),
            f"The matching panel's date, {days_ago(31).day} {days_ago(31):%B %Y}, is before the link on "
            f"{days_ago(30).day} {days_ago(30):%B %Y}. A child is matched after they are linked",
        ),
        (
            lambda family, user: link_match(household=family, by=user, matched_on=days_ago(-2)),
            "The matching panel's date cannot be in the future.",
        ),
        (
            lambda family, user: link_place(household=family, by=user, placed_on=days_ago(1)),
            "Record the matching panel's recommendation first",
        ),
        (
            lambda family, user: link_order(household=family, by=user, order_on=days_ago(1)),
            "Record the placement first",
        ),
        (
            lambda family, user: link_end(
                household=family, by=user, ended_on=days_ago(1), reason="placement_ended", note="x"
            ),
            "The child was not placed with them, so no placement ended.",
        ),
        (
            lambda family, user: link_end(
                household=family, by=user, ended_on=days_ago(40), reason="not_proceeded", note="x"
            ),
            "The link cannot end on",
        ),
        (
            lambda family, user: link_fostering(
                household=family, by=user, fostering_approved_on=None, placed_for_fostering_on=days_ago(35)
            ),
            "placed with them as foster carers on .* before the link on",
        ),
    ],
)
def test_dates_that_cannot_be_right_are_refused_by_name(family, worker, step, message):
    linked(family, worker.user, linked_days_ago=30)

    with pytest.raises(PipelineError, match=message):
        step(family, worker.user)
    family.refresh_from_db()
    link = Link.objects.get()
    assert family.stage == Stage.LINKED
    assert (link.matched_on, link.placed_on, link.ended_on, link.placed_for_fostering_on) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.django_db
def test_placement_and_order_cannot_come_before_the_step_before(family, worker):
    user = worker.user
    linked(family, user, linked_days_ago=30)
    link_match(household=family, by=user, matched_on=days_ago(20), note="x")

    with pytest.raises(PipelineError, match="The placement date, .* is before the match on"):
        link_place(household=family, by=user, placed_on=days_ago(21), note="x")
    link_place(household=family, by=user, placed_on=days_ago(10), note="x")
    with pytest.raises(PipelineError, match="The adoption order's date, .* is before the placement on"):
        link_order(household=family, by=user, order_on=days_ago(11), note="x")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("Jane Smith", "not their name"),
        ("JANESMITH", "not their name"),  # a name typed without a space has no digit in it
        ("CS--0045", "not their name"),
        ("A" * 19 + "12", "at most 20 characters"),
        ("", "Enter the child's reference"),
    ],
)
def test_the_child_is_named_only_by_a_reference(family, worker, reference, message):
    with pytest.raises(PipelineError, match=message):
        linked(family, worker.user, linked_days_ago=0, child_reference=reference)
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_a_link_cannot_be_dated_before_the_approval(family, worker):
    with pytest.raises(PipelineError, match="a link cannot be dated before their approval"):
        linked(family, worker.user, linked_days_ago=151)


@pytest.mark.django_db
def test_a_family_has_at_most_one_open_link(family, worker):
    linked(family, worker.user, linked_days_ago=30)

    with pytest.raises(PipelineError, match="already linked with child CS-004512 .* End that link before"):
        linked(family, worker.user, linked_days_ago=5, child_reference="M22841")
    # The database refuses a second open link too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(
            household=family,
            child_reference="M1",
            child_council="kent",
            age_band="3_4",
            linked_on=days_ago(1),
        )
    assert Link.objects.count() == 1


@pytest.mark.django_db
def test_after_a_link_ends_the_family_waits_again_and_may_be_linked_again(family, worker):
    user = worker.user
    first = linked(family, user, linked_days_ago=60)
    link_match(household=family, by=user, matched_on=days_ago(50), note="x")

    link_end(household=family, by=user, ended_on=days_ago(40), reason="plan_changed", note="x")
    family.refresh_from_db()
    assert family.stage == Stage.FAMILY_FINDING
    with pytest.raises(
        PipelineError, match="Their last link ended on .*; a new link cannot be dated before that."
    ):
        linked(family, user, linked_days_ago=45, child_reference="M22841")
    second = linked(family, user, linked_days_ago=20, child_reference="M22841", child_council="other")

    first.refresh_from_db()
    assert (first.ended_on, first.end_reason, first.status) == (
        days_ago(40),
        "plan_changed",
        "Ended: The child's plan changed",
    )
    assert list(household_links(household=family)) == [second, first]
    # The reports count the first link and the first match: the scorecard's approval to match.
    dates = JourneyDates.objects.get(household=family)
    assert (dates.linked_on, dates.matched_on) == (days_ago(60), days_ago(50))


@pytest.mark.django_db
def test_the_matching_panel_not_recommending_ends_a_link_before_the_match_only(family, worker):
    linked(family, worker.user, linked_days_ago=30)
    link_match(household=family, by=worker.user, matched_on=days_ago(20), note="x")

    with pytest.raises(PipelineError, match="The matching panel recommended this match on"):
        link_end(household=family, by=worker.user, ended_on=days_ago(1), reason="panel_not_recommended")


@pytest.mark.django_db
def test_a_case_with_an_open_link_closes_only_once_the_link_has_ended(family, worker):
    linked(family, worker.user, linked_days_ago=30)

    with pytest.raises(PipelineError, match="End the link under Family finding"):
        household_close(household=family, reason="withdrew_circumstances", by=worker.user)
    link_end(household=family, by=worker.user, ended_on=days_ago(0), reason="not_proceeded")
    household_close(household=family, reason="approval_ended", by=worker.user)
    family.refresh_from_db()
    assert not family.is_open and family.closure_reason == "approval_ended"


@pytest.mark.django_db
def test_early_permanence_dates_are_kept_on_the_link_and_flag_the_family(family, worker):
    assert not family.early_permanence
    link = linked(
        family, worker.user, linked_days_ago=30, early_permanence=True, fostering_approved_on=days_ago(31)
    )

    link_fostering(
        household=family, by=worker.user, fostering_approved_on=None, placed_for_fostering_on=days_ago(20)
    )
    with pytest.raises(PipelineError, match="before they were approved as foster carers"):
        link_fostering(
            household=family, by=worker.user, fostering_approved_on=days_ago(10), placed_for_fostering_on=None
        )

    link.refresh_from_db()
    family.refresh_from_db()
    assert (link.early_permanence, link.fostering_approved_on, link.placed_for_fostering_on) == (
        True,
        days_ago(31),
        days_ago(20),
    )
    assert family.early_permanence and family.stage == Stage.LINKED
    assert family.timeline.filter(
        summary__startswith="Early permanence: approved as foster carers on"
    ).exists()


@pytest.mark.django_db
def test_the_matching_profile_is_for_approved_families(family, worker):
    profile = matching_profile_save(
        household=family,
        by=worker.user,
        age_bands=["3_4", "under_1"],
        siblings="maybe",
        disability="no",
        early_permanence=True,
    )

    family.refresh_from_db()
    assert profile.age_bands == ["under_1", "3_4"]  # in the bands' order
    assert profile.age_band_labels == ["Under 1", "3 to 4"]
    assert family.early_permanence
    assert family.timeline.filter(summary="Matching profile updated").count() == 1
    # Saving the same again changes nothing.
    matching_profile_save(
        household=family,
        by=worker.user,
        age_bands=["under_1", "3_4"],
        siblings="maybe",
        disability="no",
        early_permanence=True,
    )
    assert family.timeline.filter(summary="Matching profile updated").count() == 1
    newcomer = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="new@example.com", phone="")
    ).household
    with pytest.raises(PipelineError, match="A matching profile is for approved adopters"):
        matching_profile_save(
            household=newcomer,
            by=worker.user,
            age_bands=[],
            siblings="",
            disability="",
            early_permanence=False,
        )
    assert MatchingProfile.objects.count() == 1


# The clocks after approval ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_clocks_after_approval_run_in_turn_and_stop(worker):
    user = worker.user
    family = approved_household(approved_days_ago=200, by=user)
    approved = days_ago(200)
    assert (family.clock.code, family.due_on) == ("approval_to_link", add_months(approved, 2))

    household_advance(
        household=family,
        to_stage=Stage.FAMILY_FINDING,
        by=user,
        effective_at=timezone.now() - dt.timedelta(days=199),
        note="Recorded later",
    )
    family.refresh_from_db()
    assert family.clock.code == "approval_to_link"  # waiting for family finding: the first link is next

    linked(family, user, linked_days_ago=100)
    family.refresh_from_db()
    assert (family.clock.code, family.due_on) == ("approval_to_match", add_months(approved, 3))

    link_match(household=family, by=user, matched_on=days_ago(30), note="x")
    family.refresh_from_db()
    assert (family.clock.code, family.due_on) == ("match_to_placement", add_months(days_ago(30), 1))

    link_place(household=family, by=user, placed_on=days_ago(10), note="x")
    family.refresh_from_db()
    assert (family.clock.code, family.due_on) == ("placement_to_order", add_months(days_ago(10), 12))

    outcomes = {
        outcome.clock.code: (outcome.started_on, outcome.stopped_on, outcome.kept)
        for outcome in ClockOutcome.objects.filter(household=family).select_related("clock")
    }
    # Linked 100 days after approval (more than 2 months), matched 170 days after (more than 3).
    assert outcomes["approval_to_link"] == (approved, days_ago(100), False)
    assert outcomes["approval_to_match"] == (approved, days_ago(30), False)
    assert outcomes["match_to_placement"] == (days_ago(30), days_ago(10), True)
    assert "placement_to_order" not in outcomes


@pytest.mark.django_db
def test_a_link_that_ended_does_not_start_the_approval_clocks_again(worker):
    user = worker.user
    family = approved_household(approved_days_ago=200, by=user)
    linked(family, user, linked_days_ago=150)
    link_end(household=family, by=user, ended_on=days_ago(140), reason="not_proceeded", note="x")

    # Approval to the first link stopped at the first link; approval to the match still runs: no match yet.
    family.refresh_from_db()
    assert family.stage == Stage.FAMILY_FINDING
    assert (family.clock.code, family.due_on) == ("approval_to_match", add_months(days_ago(200), 3))

    linked(family, user, linked_days_ago=120, child_reference="M22841")
    link_match(household=family, by=user, matched_on=days_ago(110), note="x")
    link_end(household=family, by=user, ended_on=days_ago(100), reason="plan_changed", note="x")

    # Both stopped: the yearly review of an approved family waiting for a child runs, a stall rule.
    family.refresh_from_db()
    assert (family.clock.code, family.due_on) == ("approved_review", add_months(days_ago(200), 12))
    assert family.clock.kind == "stall" and "for managers to confirm" in family.clock.basis


@pytest.mark.django_db
def test_a_family_overdue_for_its_match_is_on_the_queue_desk_and_digest_like_any_other(worker):
    family = approved_household(approved_days_ago=200, by=worker.user)
    Household.objects.filter(pk=family.pk).update(assigned_to=worker)
    linked(family, worker.user, linked_days_ago=100)
    family.refresh_from_db()
    assert family.clock.code == "approval_to_match" and family.due_on < timezone.localdate()

    assert family in list(triage_queue(user=worker.user, tab="overdue"))
    assert triage_counts(user=worker.user)["overdue"] == 1
    assert digest_for(staff=worker)["overdue"] == [family]
    late = next(item for item in desk_for(user=worker.user).lists if item.key == "late")
    assert [household.pk for household in late.rows] == [family.pk]


@pytest.mark.django_db
def test_a_record_with_an_open_link_is_never_merged_away(family, worker):
    linked(family, worker.user, linked_days_ago=10)
    duplicate = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="twin@example.com", phone="")
    ).household

    with pytest.raises(PipelineError, match="has a link with a child that has not ended: open APSE-"):
        households_merge(keep=duplicate, remove=family, by=worker.user)
    households_merge(keep=family, remove=duplicate, by=worker.user)
    family.refresh_from_db()
    assert family.is_open and family.stage == Stage.LINKED and Link.objects.get().household == family


@pytest.mark.django_db
def test_the_subject_access_file_has_the_profile_and_links_but_not_the_childs_reference(family, worker):
    matching_profile_save(
        household=family,
        by=worker.user,
        age_bands=["1_2"],
        siblings="yes",
        disability="no",
        early_permanence=False,
    )
    linked(family, worker.user, linked_days_ago=10)

    _, person = person_for_anchor(key=f"household-{family.pk}")
    record = person_record(person)

    assert record["What you hope for (your matching profile)"][0]["Ages"] == ["1 to 2"]
    links = record["Links with a child"]
    assert [(link["Child's council"], link["Linked"]) for link in links] == [
        ("Kent", days_ago(10).isoformat())
    ]
    assert "CS-004512" not in str(record)


@pytest.mark.django_db
def test_the_family_is_emailed_that_their_journey_moved_on_but_never_that_a_link_ended(family, worker):
    from crm.models import SideEffect

    Household.objects.filter(pk=family.pk).update(status_emails=True)
    linked(family, worker.user, linked_days_ago=10)
    link_end(household=family, by=worker.user, ended_on=days_ago(0), reason="not_proceeded")

    updates = SideEffect.objects.filter(household=family, kind=SideEffect.Kind.STAGE_UPDATE)
    after_approval = (Stage.LINKED, Stage.FAMILY_FINDING)
    assert [effect.payload["stage"] for effect in updates if effect.payload["stage"] in after_approval] == [
        Stage.LINKED
    ]

"""Every open stage has a clock: a timescale the service is measured on, or a rule that flags a stalled case."""

import datetime as dt

from django.utils import timezone

import pytest

from crm.calendar import add_months, add_working_days
from crm.emails import email_for
from crm.journey import JOURNEYS
from crm.models import Clock, ClockOutcome, Household, SideEffect, Source, Stage, Team
from crm.reports.timeliness import TimelinessFilters, reported_clocks, timeliness_report
from crm.selectors import clock_state, digest_for
from crm.services import enquiry_create, household_advance, household_log_call
from crm.services.digests import daily_digests_queue
from crm.services.journeys import journeys_rebuild
from crm.services.pipeline import clock_for
from tests.crm.test_journeys import stored
from tests.factories import enquiry_details, staff_member

TZ = timezone.get_current_timezone()


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim")


def at_stage(stage: str, *, contacted: bool, service: str = "adopting") -> Household:
    entered = timezone.now() - dt.timedelta(days=3)
    return Household(
        first_name="Open",
        service=service,
        stage=stage,
        stage_entered_at=entered,
        stage_dates={stage: timezone.localdate(entered).isoformat()},
        first_contact_at=entered if contacted else None,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("contacted", [False, True], ids=["before first contact", "after first contact"])
# Someone who only asked for the information pack is not a case yet: nothing runs until they enquire.
@pytest.mark.parametrize(
    ("service", "stage"),
    [
        (service, stage)
        for service, journey in JOURNEYS.items()
        for stage in journey.casework
        # The adoption order ends recruitment: the family has moved on to after care, nothing is pending.
        if stage != Stage.ADOPTION_ORDER
    ],
)
def test_every_open_stage_has_a_clock_or_a_stall_rule(crm_reference, service, stage, contacted):
    clock, start = clock_for(at_stage(stage, contacted=contacted, service=service), list(Clock.objects.all()))

    assert clock is not None, f"Nothing flags a case left at {Stage(stage).label.lower()}"
    assert start is not None
    assert clock.basis, f"{clock.name} does not say where its figure comes from"


@pytest.mark.django_db
def test_a_stall_rule_runs_only_where_no_timescale_does(crm_reference):
    clocks = list(Clock.objects.all())
    for journey in JOURNEYS.values():
        at = journey.position
        ends = len(journey.stages)
        for stage in journey.stages:
            running = [
                clock
                for clock in clocks
                if journey.has(clock.starts_at_stage)
                and at(clock.starts_at_stage)
                <= at(stage)
                < (at(clock.stops_at_stage) if clock.stops_at_stage else ends)
            ]
            timescales = [clock for clock in running if not clock.is_stall_rule]
            # Timescales overlap only when they start together (approval to the first link, and to the
            # match): the one that stops sooner is the one shown.
            assert len({clock.starts_at_stage for clock in timescales}) <= 1, stage
            assert len(running) - len(timescales) <= 1, stage
    approved = Household(
        service="adopting", stage=Stage.FAMILY_FINDING, stage_dates={"approved": "2026-01-05"}
    )
    assert clock_for(approved, clocks)[0].code == "approval_to_link"
    approved.stage = Stage.LINKED
    assert clock_for(approved, clocks)[0].code == "approval_to_match"

    # The enquiry stage has both: first contact, then its stall rule once a call gets through.
    assert clock_for(at_stage(Stage.ENQUIRY, contacted=False), clocks)[0].code == "first_contact"
    assert clock_for(at_stage(Stage.ENQUIRY, contacted=True), clocks)[0].code == "enquiry_stalled"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "code", "amount", "unit"),
    [
        ([Stage.INITIAL_CONVERSATION], "initial_conversation_stalled", 20, "working_days"),
        ([Stage.INFORMATION_EVENT], "information_event_stalled", 30, "working_days"),
        (
            [
                Stage.REGISTRATION_OF_INTEREST,
                Stage.ROI_ACCEPTED,
                Stage.STAGE_ONE,
                Stage.STAGE_TWO,
                Stage.PANEL,
            ],
            "panel_stalled",
            10,
            "working_days",
        ),
        # Approved families' yearly review runs once approval to the first link and to the match have both
        # stopped: after a link that ended (tests/crm/test_matching.py).
    ],
)
def test_the_defaults_for_managers_to_confirm(worker, path, code, amount, unit):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    entered = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)
    Household.objects.filter(pk=household.pk).update(stage_entered_at=entered - dt.timedelta(days=1))
    for stage in path:
        household_advance(household=household, to_stage=stage, by=worker.user, effective_at=entered, note="x")
    household.refresh_from_db()

    clock = household.clock
    assert (clock.code, clock.kind, clock.amount, clock.unit) == (code, Clock.Kind.STALL, amount, unit)
    assert "for managers to confirm" in clock.basis
    start = dt.date(2026, 3, 2)
    assert household.due_on == (
        add_working_days(start, amount) if unit == "working_days" else add_months(start, amount)
    )


@pytest.mark.django_db
def test_a_case_left_at_the_initial_conversation_is_flagged_as_stalled(worker):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    long_ago = timezone.now() - dt.timedelta(days=60)
    Household.objects.filter(pk=household.pk).update(stage_entered_at=long_ago - dt.timedelta(hours=1))
    household_advance(
        household=household,
        to_stage=Stage.INITIAL_CONVERSATION,
        by=worker.user,
        effective_at=long_ago,
        note="Recorded late",
    )
    household.refresh_from_db()

    assert clock_state(household) == "stalled"
    assert digest_for(staff=worker)["stalled"] == [household]
    assert digest_for(staff=worker)["overdue"] == []
    assert daily_digests_queue() == 1
    message = email_for(SideEffect.objects.get(kind="daily_digest"))
    assert message.subject == "Your cases: 0 overdue, 1 stalled, 0 due soon"
    assert f"{household.reference}, Initial conversation: stalled since" in message.body


@pytest.mark.django_db
def test_stall_rules_are_not_timescales_in_insight(worker):
    """A stall rule stores no stopped clock, so Insight's kept-and-late figures count timescales only."""
    manager = staff_member("manager", role="manager", council=None)
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    household_log_call(household=household, by=worker.user, reached=True, summary="Talked")
    for stage in (Stage.INITIAL_CONVERSATION, Stage.INFORMATION_EVENT, Stage.REGISTRATION_OF_INTEREST):
        household_advance(household=household, to_stage=stage, by=worker.user)
    stalled = enquiry_create(
        source=Source.PHONE, details=enquiry_details(first_name="Sam", email="sam@example.com", phone="")
    ).household
    Household.objects.filter(pk=stalled.pk).update(
        clock=Clock.objects.get(code="initial_conversation_stalled"),
        due_on=timezone.localdate() - dt.timedelta(days=3),
        stage=Stage.INITIAL_CONVERSATION,
        team=Team.objects.get(council="kent"),
    )

    codes = set(ClockOutcome.objects.filter(household=household).values_list("clock__code", flat=True))
    assert codes == {"first_contact"}
    assert all(not clock.is_stall_rule for clock in reported_clocks())
    today = timezone.localdate()
    report = timeliness_report(user=manager.user, filters=TimelinessFilters(date_from=today, date_to=today))
    rows = {row[0].display: [cell.display for cell in row[1:]] for row in report.tables["clocks"].rows}
    assert not any("stalled" in name or "Initial conversation" in name for name in rows)
    # The stalled case is no timescale overdue.
    assert sum(int(cells[-1]) for cells in rows.values() if cells[-1].isdigit()) == 0
    # What the services stored is what a full rebuild works out.
    before = stored()
    journeys_rebuild()
    assert stored() == before


@pytest.mark.django_db
def test_the_queue_shows_a_stalled_case_as_stalled(client, worker):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    Household.objects.filter(pk=household.pk).update(
        stage=Stage.INITIAL_CONVERSATION,
        clock=Clock.objects.get(code="initial_conversation_stalled"),
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    client.force_login(worker.user)

    page = client.get("/admin/crm/households/?tab=overdue").content.decode()

    assert '<span class="crm-badge crm-badge--stalled">Stalled</span>' in page
    assert "No timescale" not in page
    household_page = client.get(f"/admin/crm/households/{household.pk}/").content.decode()
    assert "Initial conversation: counts as stalled after" in household_page

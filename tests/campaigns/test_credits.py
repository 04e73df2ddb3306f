"""Stored credit: the same figures as the live attribution engine, kept as touches and outcomes change."""

import datetime as dt

from django.utils import timezone

import pytest

from campaigns.apps import credits_fill
from campaigns.attribution import (
    AttributionModel,
    Dimension,
    Outcome,
    credit_sums,
    outcomes_by_period,
    stored_credit_sums,
    stored_outcomes_by_month,
)
from campaigns.credits import KEY_COLUMNS, SUM_COLUMNS, credits_rebuild
from campaigns.models import Credit, CreditDay
from campaigns.selectors import day_bounds, local_months
from campaigns.tasks import credits_rebuild_run
from crm.models import Source, Stage
from crm.services import enquiry_create, household_advance, households_merge
from tests.crm.insight_history import history_make
from tests.factories import enquiry_details, staff_member

pytestmark = pytest.mark.django_db

EVER = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
BREAKDOWNS = (Dimension.CHANNEL, Dimension.PHASE, Dimension.CAMPAIGN)


def figures(sums) -> list[tuple]:
    return sorted(
        ((row.tracked, str(row.value), round(row.credits[0], 9)) for row in sums), key=lambda row: row[:2]
    )


def live(*, date_from, date_to, **kwargs):
    start, end = day_bounds(date_from, date_to)
    return credit_sums(**kwargs, start=start, end=end)


def every_figure(select, bounds) -> dict:
    """Each outcome, model and breakdown's credit over the local days ``bounds``, from the live engine
    or the stored day sums."""
    date_from, date_to = bounds
    return {
        (outcome, model, dimension): figures(
            select(outcome=outcome, models=[model], dimension=dimension, date_from=date_from, date_to=date_to)
        )
        for outcome in Outcome.values
        for model in AttributionModel.values
        for dimension in BREAKDOWNS
    }


def day_rows() -> list[tuple]:
    """The stored credit's day sums, rounded."""
    return sorted(
        (*row[:7], *(round(value, 9) for value in row[7:]))
        for row in CreditDay.objects.values_list(*KEY_COLUMNS, *SUM_COLUMNS)
    )


def stored_rows() -> list[tuple]:
    return sorted(
        (
            household,
            outcome,
            outcome_at,
            tracked,
            channel or 0,
            phase or 0,
            campaign or 0,
            *(round(value, 9) for value in credits),
        )
        for household, outcome, outcome_at, tracked, channel, phase, campaign, *credits in Credit.objects.values_list(
            "household_id",
            "outcome",
            "outcome_at",
            "tracked",
            "channel_id",
            "phase",
            "campaign_id",
            *AttributionModel.values,
        )
    )


@pytest.mark.parametrize("bounds", [EVER, YEAR_2025], ids=["whole history", "2025"])
def test_stored_credit_adds_up_to_what_the_engine_shares_out(bounds):
    history_make()

    worked = every_figure(live, bounds)
    kept = every_figure(stored_credit_sums, bounds)

    assert kept == worked
    months = local_months(*bounds)
    for outcome in Outcome.values:
        counted = outcomes_by_period(outcome=outcome, periods=months)
        assert stored_outcomes_by_month(outcome=outcome, date_from=bounds[0], date_to=bounds[1]) == counted
        assert sum(counted.values()) > 0
    # The history has enquiries, registrations and approvals, with and without touches before them.
    assert all(worked[(outcome, "linear", "channel")] for outcome in Outcome.values)
    assert {tracked for (tracked, _, _) in worked[("enquiry", "linear", "channel")]} == {True, False}


def test_the_services_keep_stored_credit_as_touches_and_outcomes_change(
    winter, crm_reference, django_capture_on_commit_callbacks
):
    staff_member("kent.worker", council="kent")
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)
    day = dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        heard = enquiry_create(
            source=Source.WEB,
            details=enquiry_details(heard_about="radio"),
            attribution={"utm_campaign": "WINTER26", "utm_medium": "radio"},
            received_at=start,
        ).household
        phoned = enquiry_create(
            source=Source.PHONE,
            details=enquiry_details(first_name="Sam", email="sam@example.com", phone="07700 900456"),
            received_at=start + day,
        ).household
    # The enquiries' touches were recorded by their tasks, and the credit with them: the landing and the
    # answer came before the enquiry; the enquiry's own touch is at the same moment, so not before it.
    assert Credit.objects.filter(household=heard, outcome=Outcome.ENQUIRY, tracked=True).count() == 2
    assert Credit.objects.filter(household=phoned, outcome=Outcome.ENQUIRY).count() == 1

    for stage, days in [
        (Stage.INITIAL_CONVERSATION, 2),
        (Stage.REGISTRATION_OF_INTEREST, 5),
        (Stage.ROI_ACCEPTED, 6),
        (Stage.STAGE_ONE, 7),
        (Stage.STAGE_TWO, 15),
        (Stage.PANEL, 20),
        (Stage.APPROVED, 25),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            household_advance(
                household=heard,
                to_stage=stage,
                by=None,
                effective_at=start + days * day,
                note="Recorded late",
            )
    approvals = Credit.objects.filter(household=heard, outcome=Outcome.APPROVAL)
    # Before approval: the landing, the answer, the enquiry and four stage touches (registration of
    # interest, stage one, stage two, panel): 3 + 4 = 7. The initial conversation and ROI accepted are
    # outcomes that record no touch.
    assert approvals.count() == 7
    assert sum(approvals.values_list("linear", flat=True)) == pytest.approx(1)

    # The phone record turns out to be the same people: its touches join the kept record's, before its approval.
    with django_capture_on_commit_callbacks(execute=True):
        households_merge(keep=heard, remove=phoned, by=None)
    assert not Credit.objects.filter(household=phoned).exists()
    assert approvals.count() == 8  # and the phoned enquiry's touch
    assert sum(approvals.values_list("linear", flat=True)) == pytest.approx(1)
    assert set(Credit.objects.filter(household=heard).values_list("outcome", flat=True)) == set(
        Outcome.values
    )

    # What the services kept is exactly what working everyone out again gives, and so are the day sums,
    # from which the merged-away record's enquiry has gone.
    kept, days = stored_rows(), day_rows()
    assert sum(row[6] for row in days) == len(kept)
    assert credits_rebuild() == len(kept)
    assert stored_rows() == kept
    assert day_rows() == days


def test_an_outcome_counts_on_its_local_day(winter, crm_reference, django_capture_on_commit_callbacks):
    staff_member("kent.worker", council="kent")
    # 23:30 on 30 June in UTC is half past midnight on 1 July in British Summer Time.
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_create(
            source=Source.WEB,
            details=enquiry_details(heard_about="radio"),
            attribution={"utm_campaign": "WINTER26", "utm_medium": "radio"},
            received_at=dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC),
        )
    assert set(CreditDay.objects.values_list("day", flat=True)) == {dt.date(2025, 7, 1)}

    def linear(day):
        sums = stored_credit_sums(
            outcome=Outcome.ENQUIRY,
            models=["linear"],
            dimension=Dimension.CHANNEL,
            date_from=day,
            date_to=day,
        )
        return sum(row.credits[0] for row in sums)

    assert linear(dt.date(2025, 6, 30)) == 0
    assert linear(dt.date(2025, 7, 1)) == pytest.approx(1)
    days = day_rows()
    credits_rebuild()  # on PostgreSQL the rebuild works out the local day in SQL
    assert day_rows() == days


def test_the_nightly_task_and_migrate_fill_in_credit_written_around_the_services():
    history_make()
    everything = stored_rows()
    Credit.objects.all().delete()

    credits_fill(sender=None)
    assert stored_rows() == everything
    days = day_rows()
    assert days

    CreditDay.objects.all().delete()
    credits_fill(sender=None)  # the day sums alone are missing: they are added up from the stored credit
    assert day_rows() == days

    Credit.objects.filter(outcome=Outcome.APPROVAL).delete()
    credits_fill(sender=None)  # only ever fills an empty table
    assert len(stored_rows()) < len(everything)
    assert credits_rebuild_run() == len(everything)
    assert stored_rows() == everything

"""Attribution selectors on hand-built histories, with the credit each model must give worked out by hand.

The ``website`` channel is the business case's key channel "Websites" (it was named "Websites"); the
selectors read every channel unless asked for key channels, so radio and Facebook keep their own rows.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

import pytest

from campaigns.credits import credits_rebuild
from campaigns.models import Campaign, CampaignChannel, Channel, Credit, Touchpoint
from campaigns.selectors import (
    NO_TOUCH,
    attribution_report,
    campaign_results,
    heard_about_vs_tracked,
    phase_movement,
)
from campaigns.services import touchpoint_record_landing
from crm.models import Enquiry, Household, StageChange
from crm.services import enquiry_create, household_advance
from tests.factories import enquiry_details, staff_member

pytestmark = pytest.mark.django_db

JANUARY = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 1, 31)}


def at(day: int, hour: int = 10, month: int = 1) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def household(enquired: dt.datetime, *, council: str = "kent", **fields) -> Household:
    return Household.objects.create(
        first_name="Test", council=council, first_enquiry_at=enquired, last_enquiry_at=enquired, **fields
    )


def touch(who: Household, slug: str, when: dt.datetime, *, campaign=None, kind="landing", phase=None):
    channel = Channel.objects.get(slug=slug)
    return Touchpoint.objects.create(
        household=who,
        kind=kind,
        channel=channel,
        phase=phase or channel.phase,
        campaign=campaign,
        occurred_at=when,
    )


def advance(who: Household, to_stage: str, when: dt.datetime, *, kind="advance"):
    return StageChange.objects.create(
        household=who, kind=kind, from_stage="enquiry", to_stage=to_stage, effective_at=when
    )


def credit(report) -> dict[str, float]:
    return {row.label: row.credit for row in report.rows}


def by_channel(model: str, outcome: str = "enquiry", **dates) -> dict[str, float]:
    report = attribution_report(outcome=outcome, model=model, dimension="channel", **(dates or JANUARY))
    return credit(report)


@pytest.fixture
def radio_facebook_website():
    """Radio, then Facebook a week later, then the website a week after that; the enquiry a week on.

    The enquiry's own touch (at the moment of enquiry) and a later newsletter are not eligible.
    """
    who = household(at(22))
    touch(who, "radio", at(1))
    touch(who, "facebook", at(8))
    touch(who, "website", at(15))
    touch(who, "website", at(22), kind="enquiry")
    touch(who, "newsletter", at(29))
    return who


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("first_touch", {"Radio advertising": 1.0}),
        ("last_touch", {"Websites": 1.0}),
        ("linear", {"Radio advertising": 1 / 3, "Facebook": 1 / 3, "Websites": 1 / 3}),
        ("position", {"Radio advertising": 0.4, "Facebook": 0.2, "Websites": 0.4}),
        # Δ = 21, 14 and 7 days: weights 1/8, 1/4, 1/2, so 1/7, 2/7 and 4/7 once normalised.
        ("time_decay", {"Radio advertising": 1 / 7, "Facebook": 2 / 7, "Websites": 4 / 7}),
    ],
)
def test_one_household_radio_facebook_website_then_enquiry(radio_facebook_website, model, expected):
    result = {label: value for label, value in by_channel(model).items() if value}
    assert result == pytest.approx(expected, abs=1e-9)


def test_an_outcome_without_an_earlier_touch_is_credited_to_no_tracked_touch():
    who = household(at(20))
    touch(who, "website", at(20), kind="enquiry")  # at the same moment: not before it
    report = attribution_report(outcome="enquiry", model="linear", dimension="channel", **JANUARY)
    assert [(row.label, row.credit, row.tracked, row.value) for row in report.rows] == [
        (NO_TOUCH, 1.0, False, None)
    ]
    assert report.outcomes == 1


@pytest.fixture
def three_households(radio_facebook_website):
    """A: radio, Facebook, website. B: no touches. C: search, then Facebook a week later.

    Also a merged-away record and an enquiry in February, which no January report may count.
    """
    household(at(20))
    c = household(at(19))
    touch(c, "search", at(5))
    touch(c, "facebook", at(12))
    merged_into = household(at(3))
    merged = household(at(18), merged_into=merged_into)
    touch(merged, "radio", at(2))
    february = household(at(3, month=2))
    touch(february, "radio", at(2))
    return radio_facebook_website


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (
            "first_touch",
            {"Radio advertising": 1, "Online search": 1, "Websites": 0, "Facebook": 0, NO_TOUCH: 2},
        ),
        (
            "last_touch",
            {"Radio advertising": 0, "Online search": 0, "Websites": 1, "Facebook": 1, NO_TOUCH: 2},
        ),
        (
            "linear",
            {
                "Radio advertising": 1 / 3,
                "Online search": 1 / 2,
                "Websites": 1 / 3,
                "Facebook": 5 / 6,
                NO_TOUCH: 2,
            },
        ),
        (
            "position",
            {"Radio advertising": 0.4, "Online search": 0.5, "Websites": 0.4, "Facebook": 0.7, NO_TOUCH: 2},
        ),
        (
            "time_decay",
            {
                "Radio advertising": 1 / 7,
                "Online search": 1 / 3,
                "Websites": 4 / 7,
                "Facebook": 2 / 7 + 2 / 3,
                NO_TOUCH: 2,
            },
        ),
    ],
)
def test_several_households_sum_and_add_up_to_the_number_of_outcomes(three_households, model, expected):
    result = by_channel(model)
    # The merged-away record's own first enquiry counts nowhere; the one it merged into has no touches.
    assert {label: result.get(label, 0) for label in expected} == pytest.approx(expected, abs=1e-9)
    assert set(result) <= set(expected)
    assert sum(result.values()) == pytest.approx(4)


@pytest.mark.parametrize(
    ("touches", "expected"),
    [
        (1, [1.0]),
        (2, [0.5, 0.5]),
        (3, [0.4, 0.2, 0.4]),
        (4, [0.4, 0.1, 0.1, 0.4]),
        (6, [0.4, 0.05, 0.05, 0.05, 0.05, 0.4]),
    ],
)
def test_position_based_shares_for_any_number_of_touches(touches, expected):
    who = household(at(30))
    slugs = ["radio", "posters", "leaflets", "editorial", "search", "website"][:touches]
    for day, slug in enumerate(slugs, start=1):
        touch(who, slug, at(day))
    result = by_channel("position")
    names = dict(Channel.objects.filter(slug__in=slugs).values_list("slug", "name"))
    assert [result[names[slug]] for slug in slugs] == pytest.approx(expected, abs=1e-9)


def test_touches_at_the_same_moment_are_ordered_by_id():
    who = household(at(20))
    touch(who, "posters", at(5))
    touch(who, "radio", at(5))
    assert {k: v for k, v in by_channel("first_touch").items() if v} == {"Posters": 1.0}
    assert {k: v for k, v in by_channel("last_touch").items() if v} == {"Radio advertising": 1.0}


def test_time_decay_with_touches_years_apart_still_sums_to_one():
    who = household(at(20))
    touch(who, "radio", dt.datetime(1990, 1, 1, tzinfo=dt.UTC))
    touch(who, "website", at(19))
    result = by_channel("time_decay")
    assert result == pytest.approx({"Websites": 1.0})  # the radio's share rounds to nothing


def test_registration_of_interest_is_the_first_advance_to_it_and_counts_touches_before_it():
    who = household(at(2))
    touch(who, "radio", at(1))
    touch(who, "information-events", at(10))
    touch(who, "newsletter", at(25))
    advance(who, "registration_of_interest", at(5), kind="close")  # a closure is not a registration
    advance(who, "registration_of_interest", at(20))
    advance(who, "registration_of_interest", at(28))  # a second time, after reopening: not counted
    report = attribution_report(
        outcome="registration_of_interest", model="linear", dimension="phase", **JANUARY
    )
    assert [(row.value, row.credit) for row in report.rows] == [(1, 0.5), (2, 0.5)]
    assert report.outcomes == 1


def test_approval_outside_the_range_is_not_counted_and_inside_it_is():
    who = household(at(2))
    touch(who, "peers", at(3))
    advance(who, "approved", at(2, month=2))
    assert (
        attribution_report(outcome="approved", model="last_touch", dimension="channel", **JANUARY).rows == []
    )
    report = attribution_report(
        outcome="approved",
        model="last_touch",
        dimension="channel",
        date_from=dt.date(2026, 2, 1),
        date_to=dt.date(2026, 2, 28),
    )
    assert [(row.label, row.credit) for row in report.rows] == [("Peers", 1.0)]


@pytest.fixture
def winter():
    campaign = Campaign.objects.create(
        name="Winter radio", code="WINTER26", starts_on=dt.date(2025, 12, 1), ends_on=dt.date(2026, 1, 31)
    )
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=900)
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="facebook"), spend=300)
    return campaign


def test_cost_per_outcome_by_campaign_is_its_whole_spend_over_its_credit(winter):
    a = household(at(22))
    touch(a, "radio", at(1), campaign=winter)
    touch(a, "facebook", at(8), campaign=winter)
    touch(a, "website", at(15))
    b = household(at(25))
    touch(b, "search", at(24))
    report = attribution_report(outcome="enquiry", model="linear", dimension="campaign", **JANUARY)
    rows = {row.label: row for row in report.rows}
    assert rows["Winter radio (WINTER26)"].credit == pytest.approx(2 / 3)
    assert rows["Winter radio (WINTER26)"].spend == Decimal("1200.00")
    assert rows["Winter radio (WINTER26)"].cost_per_outcome == Decimal("1800.00")  # 1200 / (2/3)
    assert rows["No campaign"].credit == pytest.approx(1 / 3 + 1)
    assert rows["No campaign"].cost_per_outcome is None
    assert report.outcomes == 2


def test_cost_per_outcome_by_channel_uses_spend_of_campaigns_running_in_the_range(winter):
    autumn = Campaign.objects.create(
        name="Autumn", code="AUTUMN25", starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 10, 31)
    )
    CampaignChannel.objects.create(campaign=autumn, channel=Channel.objects.get(slug="radio"), spend=5000)
    spring = Campaign.objects.create(name="Spring", code="SPRING26", starts_on=dt.date(2026, 1, 20))
    CampaignChannel.objects.create(campaign=spring, channel=Channel.objects.get(slug="radio"), spend=100)
    a = household(at(22))
    touch(a, "radio", at(1), campaign=winter)
    touch(a, "search", at(8))
    b = household(at(23))
    touch(b, "radio", at(21))
    rows = {row.label: row for row in by_channel_rows("first_touch")}
    radio = rows["Radio advertising"]
    assert (radio.credit, radio.spend, radio.cost_per_outcome) == (2.0, Decimal("1000.00"), Decimal("500.00"))
    # Facebook had spend but earned nothing: shown, with no cost per outcome.
    facebook = rows["Facebook"]
    assert (facebook.credit, facebook.spend, facebook.cost_per_outcome) == (0.0, Decimal("300.00"), None)
    # Search earned nothing under first touch and had no spend: no row.
    assert set(rows) == {"Radio advertising", "Facebook"}


def by_channel_rows(model):
    return attribution_report(outcome="enquiry", model=model, dimension="channel", **JANUARY).rows


def test_by_month_uses_local_time_and_by_council_counts_each_outcome_once():
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time began on 29 March).
    household(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC), council="medway")
    household(dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC), council="kent")
    household(dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC), council="kent")
    spring = {"date_from": dt.date(2026, 2, 1), "date_to": dt.date(2026, 4, 30)}
    months = attribution_report(outcome="enquiry", model="time_decay", dimension="month", **spring)
    assert [(row.value, row.label, row.credit) for row in months.rows] == [
        ("2026-02", "February 2026", 1.0),
        ("2026-03", "March 2026", 1.0),
        ("2026-04", "April 2026", 1.0),
    ]
    councils = attribution_report(outcome="enquiry", model="first_touch", dimension="council", **spring)
    assert [(row.label, row.credit) for row in councils.rows] == [("Kent", 2.0), ("Medway", 1.0)]
    march = attribution_report(
        outcome="enquiry",
        model="linear",
        dimension="council",
        date_from=dt.date(2026, 3, 1),
        date_to=dt.date(2026, 3, 31),
    )
    assert [(row.label, row.credit) for row in march.rows] == [("Kent", 1.0)]


def test_campaign_results_under_each_model_with_spend_and_cost(winter):
    a = household(at(2))
    touch(a, "radio", at(1), campaign=winter)
    touch(a, "website", at(3))
    touch(a, "facebook", at(6), campaign=winter)
    advance(a, "registration_of_interest", at(8))
    b = household(at(10))
    touch(b, "facebook", at(9), campaign=winter)
    untouched = household(at(11))
    touch(untouched, "search", at(10))
    credits_rebuild()  # the page adds up the stored credit; these rows were written around the services

    results = campaign_results(campaign=winter, **JANUARY)

    rows = {row.model: row for row in results.rows}
    assert results.spend == Decimal("1200.00")
    assert results.spend_by_channel == [
        ("Radio advertising", Decimal("900.00")),
        ("Facebook", Decimal("300.00")),
    ]
    # Enquiries: A's only earlier touch is the radio, B's is Facebook: both the campaign's.
    assert all(rows[model].credits["enquiry"] == pytest.approx(2) for model in rows)
    assert rows["linear"].costs["enquiry"] == Decimal("600.00")
    # A's registration: radio (1 Jan), website (3 Jan), Facebook (6 Jan).
    roi = {model: rows[model].credits["registration_of_interest"] for model in rows}
    assert roi == pytest.approx(
        {
            "first_touch": 1,
            "last_touch": 1,
            "linear": 2 / 3,
            "position": 0.8,
            # Δ = 7, 5 and 2 days: weights 2^(-7/7), 2^(-5/7) and 2^(-2/7); the campaign has the first and last.
            "time_decay": (2**-1 + 2 ** (-2 / 7)) / (2**-1 + 2 ** (-5 / 7) + 2 ** (-2 / 7)),
        }
    )
    assert rows["position"].costs["registration_of_interest"] == Decimal("1500.00")
    assert rows["linear"].credits["approved"] == 0
    assert rows["linear"].costs["approved"] is None


def test_phase_movement_before_registration_of_interest():
    a = household(at(2))
    touch(a, "radio", at(1))  # phase 1
    touch(a, "facebook", at(3))  # phase 3
    touch(a, "website", at(4))  # phase 2
    touch(a, "search", at(5))  # phase 2
    touch(a, "newsletter", at(25))  # after the registration: not counted
    advance(a, "registration_of_interest", at(20))
    b = household(at(2))
    touch(b, "radio", at(1))
    touch(b, "website", at(3))
    advance(b, "registration_of_interest", at(21))
    household(at(2))  # never registered

    movement = phase_movement(**JANUARY)

    assert (movement.households, movement.households_touched) == (2, 2)
    assert [(row.label, row.households) for row in movement.channels] == [
        ("Radio advertising", 2),
        ("Websites", 2),
        ("Online search", 1),
        ("Facebook", 1),
    ]
    assert [count for _, _, count in movement.phases] == [2, 2, 1, 0, 0, 0]
    expected = [[0] * 6 for _ in range(6)]
    expected[0][2] = 1  # 1 → 3
    expected[2][1] = 1  # 3 → 2
    expected[1][1] = 1  # 2 → 2
    expected[0][1] = 1  # 1 → 2 (household B)
    assert movement.matrix == expected


def test_self_reported_against_first_tracked_landing():
    said_radio = household(at(10))
    Enquiry.objects.create(household=said_radio, source="web", received_at=at(10), heard_about="radio")
    Enquiry.objects.create(household=said_radio, source="web", received_at=at(15), heard_about="search")
    touch(said_radio, "facebook", at(9))
    touch(said_radio, "search", at(9, hour=11))
    touch(said_radio, "youtube", at(12))  # after the enquiry: not its landing
    blank_but_touch = household(at(11))
    Enquiry.objects.create(household=blank_but_touch, source="phone", received_at=at(11))
    touch(blank_but_touch, "search", at(11), kind="self_reported")
    phone_radio = household(at(12))
    Enquiry.objects.create(household=phone_radio, source="phone", received_at=at(12), heard_about="radio")
    household(at(13))  # no enquiry row, no touches

    table = heard_about_vs_tracked(**JANUARY)

    assert table.row_labels == ["Online search", "Radio", "Not answered"]
    assert table.column_labels == ["Facebook", "No tracked landing"]
    assert table.counts == [[0, 1], [1, 1], [0, 1]]
    assert (table.row_totals, table.column_totals, table.total) == ([1, 2, 1], [1, 3], 4)


def test_a_visitor_from_a_vanity_address_enquires_and_is_approved_through_the_services(
    crm_reference, django_capture_on_commit_callbacks
):
    """The whole road through the real services: landings, the enquiry's touches and every stage move."""
    staff_member("kent.worker", council="kent")
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=30)
    day = dt.timedelta(days=1)
    winter = Campaign.objects.create(
        name="Winter radio", code="WINTER26", vanity_path="radio", starts_on=(start - 10 * day).date()
    )
    CampaignChannel.objects.create(campaign=winter, channel=Channel.objects.get(slug="radio"), spend=900)
    CampaignChannel.objects.create(campaign=winter, channel=Channel.objects.get(slug="facebook"), spend=300)
    visitor = uuid.uuid4()
    touchpoint_record_landing(params={"vanity": "radio"}, visitor=visitor, at=start)
    touchpoint_record_landing(
        params={"utm_medium": "facebook", "utm_campaign": "WINTER26"}, visitor=visitor, at=start + 2 * day
    )
    with django_capture_on_commit_callbacks(execute=True):
        household = enquiry_create(
            source="web",
            details=enquiry_details(heard_about="radio"),
            attribution={"visitor": str(visitor), "utm_medium": "facebook", "utm_campaign": "WINTER26"},
            received_at=start + 5 * day,
        ).household
    stages = [
        ("initial_conversation", 6),
        ("registration_of_interest", 10),
        ("roi_accepted", 11),
        ("stage_one", 12),
        ("stage_two", 20),
        ("panel", 25),
        ("approved", 28),
    ]
    for stage, days in stages:
        with django_capture_on_commit_callbacks(execute=True):
            household_advance(
                household=household,
                to_stage=stage,
                by=None,
                effective_at=start + days * day,
                note="Recorded late",
            )

    results = campaign_results(campaign=winter, date_from=(start - day).date(), date_to=timezone.localdate())

    # The form's copy of the Facebook landing is the landing already recorded with consent, not a second one.
    landings = household.touchpoints.filter(kind=Touchpoint.Kind.LANDING)
    assert sorted(landings.values_list("channel__slug", flat=True)) == ["facebook", "radio"]

    rows = {row.model: row for row in results.rows}
    # Before the enquiry: radio, Facebook and the enquiry's answer, all the campaign's.
    assert {model: row.credits["enquiry"] for model, row in rows.items()} == pytest.approx(
        dict.fromkeys(rows, 1)
    )
    # Before approval: those three, the enquiry itself (the campaign's too), then four stage touches (no
    # campaign): registration of interest (day 10), stage one (12), stage two (20) and panel (25). The
    # initial conversation (6) and ROI accepted (11) are outcomes that record no touch, so of 8 touches
    # the campaign has the first 4: linear 4/8; position 0.4 for the first and 0.2/6 for each of the 3
    # in the middle that are its, 0.4 + 0.1 = 0.5.
    ages = [28, 26, 23 + 1 / 86400, 23, 18, 16, 8, 3]
    weights = [2 ** (-age / 7) for age in ages]
    assert {model: row.credits["approved"] for model, row in rows.items()} == pytest.approx(
        {
            "first_touch": 1,
            "last_touch": 0,
            "linear": 4 / 8,
            "position": 0.4 + 3 * 0.2 / 6,
            "time_decay": sum(weights[:4]) / sum(weights),
        }
    )
    assert rows["linear"].costs["approved"] == Decimal("2400.00")  # £1,200 ÷ 4/8
    assert rows["last_touch"].costs["approved"] is None


# Key channels: the business case's fifteen, with each finer channel's figures added into its key channel's.


def test_key_channels_add_finer_channels_into_the_key_channel_they_sit_under(three_households):
    # The same touches as at every channel's level (linear): radio's 1/3 is Advertising's, Facebook's
    # 1/3 (A) + 1/2 (C) = 5/6 is Social media's; Websites and Online search are key channels already.
    report = attribution_report(
        outcome="enquiry", model="linear", dimension="channel", level="key", **JANUARY
    )
    assert credit(report) == pytest.approx(
        {"Advertising": 1 / 3, "Online search": 1 / 2, "Websites": 1 / 3, "Social media": 5 / 6, NO_TOUCH: 2}
    )


def test_key_channels_add_up_spend_and_cost_too(winter):
    # First touch: A's radio and B's radio make Advertising's 2; its spend is radio's £900 in Winter,
    # Facebook's £300 is Social media's (earning nothing, so no cost per enquiry).
    a = household(at(22))
    touch(a, "radio", at(1), campaign=winter)
    touch(a, "posters", at(8))
    b = household(at(23))
    touch(b, "radio", at(21))
    report = attribution_report(
        outcome="enquiry", model="first_touch", dimension="channel", level="key", **JANUARY
    )
    rows = {row.label: (row.credit, row.spend, row.cost_per_outcome) for row in report.rows}
    assert rows == {
        "Advertising": (2.0, Decimal("900.00"), Decimal("450.00")),  # £900 ÷ 2
        "Social media": (0.0, Decimal("300.00"), None),
    }


def test_phase_movement_at_key_channels_counts_a_household_once_per_key_channel():
    # A heard the radio and saw a poster: two finer channels, one household for Advertising.
    a = household(at(2))
    touch(a, "radio", at(1))
    touch(a, "posters", at(2))
    touch(a, "facebook", at(3))
    advance(a, "registration_of_interest", at(20))
    b = household(at(2))
    touch(b, "radio", at(1))
    advance(b, "registration_of_interest", at(21))

    movement = phase_movement(level="key", **JANUARY)

    assert [(row.label, row.phase, row.households) for row in movement.channels] == [
        ("Advertising", 1, 2),
        ("Social media", 3, 1),
    ]
    # Every channel: radio for both, then the poster (phase 1) before Facebook (phase 3), one each.
    assert [row.label for row in phase_movement(**JANUARY).channels] == [
        "Radio advertising",
        "Posters",
        "Facebook",
    ]


def test_said_against_tracked_at_key_channels():
    said_radio = household(at(10))
    Enquiry.objects.create(household=said_radio, source="web", received_at=at(10), heard_about="radio")
    touch(said_radio, "facebook", at(9))

    table = heard_about_vs_tracked(level="key", **JANUARY)

    assert (table.row_labels, table.column_labels, table.counts) == (["Radio"], ["Social media"], [[1]])


def test_only_recruitment_counts_support_and_records_requests_are_no_outcome():
    adopting = household(at(5))
    touch(adopting, "radio", at(2))
    support = household(at(6), service="support", stage="support_request")
    touch(support, "radio", at(3))  # a touch recorded before the case was known to be support
    records = household(at(7), service="records", stage="records_request")
    advance(records, "approved", at(20))

    for model in ("first_touch", "linear", "time_decay"):
        assert by_channel(model) == {"Radio advertising": 1}
    assert by_channel("linear", outcome="approved") == {}
    credits_rebuild()
    assert set(Credit.objects.values_list("household_id", flat=True)) == {adopting.pk}

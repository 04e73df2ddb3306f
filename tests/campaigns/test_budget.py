"""The marketing budget against spend on the Channels and phases screen, every figure worked out by hand.

The history, in the financial year 2025 to 2026 (1 April 2025 to 31 March 2026), seen on 15 September
2025 (September has 30 days, so half of it has gone):

Budgets for 2025:
- Advertising £12,000, spread evenly: £1,000 a month;
- Radio advertising (under Advertising) £2,400, planned as £600 a month from September to December;
- Social media £1,200, spread evenly: £100 a month;
- Online search £3,000, but for 2024: not in this year at all.

Spend (campaigns' spend spread over their days):
- Spring bus: posters £1,220 from 1 March to 30 April 2025 (61 days, £20 a day): £620 in March
  (last year) and £600 in April;
- Summer posters: posters £3,000 through June;
- Facebook stories: Facebook £2,000, no end date, from 10 July: all on 10 July;
- Autumn radio: radio £6,100 from 1 September to 31 October (61 days, £100 a day): £1,500 to 15 September;
- Old search: search £500 in January to March 2025: last year.

Outcomes: 2 first enquiries in April, 6 in June and 4 in July; 2 approvals in September (of families who
enquired in 2024).
"""

import csv
import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from campaigns.budgets import budget_position, costs_over_time, even_plan, financial_year_of
from campaigns.models import BUDGET_MONTHS, Campaign, CampaignChannel, Channel, ChannelBudget
from campaigns.reports.channels import channels_report
from core.reports.periods import Cohort
from tests.crm.insight_history import day, household_make
from tests.factories import staff_member
from website.roles import MARKETING_EDITORS, roles_sync

AS_OF = dt.date(2025, 9, 15)
RANGE = {"date_from": dt.date(2025, 4, 1), "date_to": AS_OF}
BUDGETS = "/admin/campaigns/budgets/"
CHANNELS_SCREEN = "/admin/insight/channels/"


def channel(slug: str) -> Channel:
    return Channel.objects.get(slug=slug)


def campaign(code: str, starts_on: dt.date, ends_on: dt.date | None, **spend) -> Campaign:
    made = Campaign.objects.create(name=code.title(), code=code, starts_on=starts_on, ends_on=ends_on)
    for slug, amount in spend.items():
        CampaignChannel.objects.create(campaign=made, channel=channel(slug.replace("_", "-")), spend=amount)
    return made


def plan(**months) -> dict:
    return {name: months.get(name, 0) for name in BUDGET_MONTHS}


@pytest.fixture
def budgets(db):
    ChannelBudget.objects.create(channel=channel("advertising"), year=2025, amount=12000)
    ChannelBudget.objects.create(
        channel=channel("radio"),
        year=2025,
        amount=2400,
        **plan(september=600, october=600, november=600, december=600),
    )
    ChannelBudget.objects.create(channel=channel("social"), year=2025, amount=1200)
    ChannelBudget.objects.create(channel=channel("search"), year=2024, amount=3000)
    campaign("SPRINGBUS", dt.date(2025, 3, 1), dt.date(2025, 4, 30), posters=1220)
    campaign("SUMMER", dt.date(2025, 6, 1), dt.date(2025, 6, 30), posters=3000)
    campaign("STORIES", dt.date(2025, 7, 10), None, facebook=2000)
    campaign("AUTUMN", dt.date(2025, 9, 1), dt.date(2025, 10, 31), radio=6100)
    campaign("OLDSEARCH", dt.date(2025, 1, 1), dt.date(2025, 3, 31), search=500)


@pytest.fixture
def outcomes(crm_reference):
    enquired = [
        day(4, 7),
        day(4, 20),
        *(day(6, n) for n in (2, 5, 9, 12, 16, 23)),
        *(day(7, n) for n in (1, 8, 14, 21)),
    ]
    for number, at in enumerate(enquired):
        household_make(f"Enquirer{number}", "kent", at)
    for name in ("Approved1", "Approved2"):
        household_make(
            name,
            "medway",
            day(10, 1, 2024),
            moves={"registration_of_interest": day(12, 1, 2024), "approved": day(9, 10)},
        )


@pytest.fixture
def manager(crm_reference):
    return staff_member("manager", role="manager", council=None).user


@pytest.fixture
def marketing(crm_reference, django_user_model):
    user = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


def shown(table) -> list[list[str]]:
    return [[cell.display for cell in row] for row in [*table.rows, *table.totals]]


# The figures ---------------------------------------------------------------------------------


def test_financial_year_and_even_spread():
    assert financial_year_of(dt.date(2026, 3, 31)) == 2025
    assert financial_year_of(dt.date(2026, 4, 1)) == 2026
    # £1,000 over twelve months: whole pennies that add up to it exactly.
    months = even_plan(1000)
    assert sum(months) == 1000
    assert {str(month) for month in months} == {"83.33", "83.34"}


def test_budget_by_key_channel_to_mid_september(budgets, manager):
    report = channels_report(user=manager, model="linear", dimension="channel", level="key", **RANGE)

    # Advertising: £12,000 + radio's £2,400; planned £5,000 (April to August) + £500 (half of
    # September) + radio's £300 (half of September's £600); spent posters £600 (April) + £3,000 (June)
    # + radio £1,500. Social media: planned £500 + £50; Facebook's £2,000 is over its £1,200.
    assert shown(report.tables["budget"]) == [
        [
            "Advertising",
            "1. Initial trigger and motivation",
            "14,400.00",
            "5,800.00",
            "5,100.00",
            "9,300.00",
            "Within plan",
        ],
        [
            "Social media",
            "3. Deeper engagement",
            "1,200.00",
            "550.00",
            "2,000.00",
            "-800.00",
            "Over budget by £800.00",
        ],
        ["Total", "", "15,600.00", "6,350.00", "7,100.00", "8,500.00", ""],
    ]


def test_budget_by_every_channel(budgets, manager):
    report = channels_report(user=manager, model="linear", dimension="channel", level="all", **RANGE)

    assert shown(report.tables["budget"]) == [
        [
            "Advertising",
            "1. Initial trigger and motivation",
            "12,000.00",
            "5,500.00",
            "0.00",
            "12,000.00",
            "Within plan",
        ],
        [
            "Posters",
            "1. Initial trigger and motivation",
            "–",
            "0.00",
            "3,600.00",
            "–",
            "No budget set: £3,600.00 spent",
        ],
        [
            "Radio advertising",
            "1. Initial trigger and motivation",
            "2,400.00",
            "300.00",
            "1,500.00",
            "900.00",
            "Ahead of plan by £1,200.00",
        ],
        ["Facebook", "3. Deeper engagement", "–", "0.00", "2,000.00", "–", "No budget set: £2,000.00 spent"],
        ["Social media", "3. Deeper engagement", "1,200.00", "550.00", "0.00", "1,200.00", "Within plan"],
        ["Total", "", "15,600.00", "6,350.00", "7,100.00", "8,500.00", ""],
    ]


def test_budget_by_phase(budgets, manager):
    report = channels_report(user=manager, model="linear", dimension="phase", **RANGE)

    assert shown(report.tables["budget"]) == [
        ["1. Initial trigger and motivation", "14,400.00", "5,800.00", "5,100.00", "9,300.00", "Within plan"],
        ["3. Deeper engagement", "1,200.00", "550.00", "2,000.00", "-800.00", "Over budget by £800.00"],
        ["Total", "15,600.00", "6,350.00", "7,100.00", "8,500.00", ""],
    ]


def test_planned_against_spent_by_month(budgets, manager):
    report = channels_report(user=manager, model="linear", dimension="channel", level="key", **RANGE)

    # Each month plans Advertising's £1,000 and Social media's £100, and September to December radio's
    # £600 too. Spent to 15 September; nothing after.
    assert shown(report.tables["budget_months"]) == [
        ["April 2025", "1,100.00", "600.00", "1,100.00", "600.00"],
        ["May 2025", "1,100.00", "0.00", "2,200.00", "600.00"],
        ["June 2025", "1,100.00", "3,000.00", "3,300.00", "3,600.00"],
        ["July 2025", "1,100.00", "2,000.00", "4,400.00", "5,600.00"],
        ["August 2025", "1,100.00", "0.00", "5,500.00", "5,600.00"],
        ["September 2025", "1,700.00", "1,500.00", "7,200.00", "7,100.00"],
        ["October 2025", "1,700.00", "–", "8,900.00", "–"],
        ["November 2025", "1,700.00", "–", "10,600.00", "–"],
        ["December 2025", "1,700.00", "–", "12,300.00", "–"],
        ["January 2026", "1,100.00", "–", "13,400.00", "–"],
        ["February 2026", "1,100.00", "–", "14,500.00", "–"],
        ["March 2026", "1,100.00", "–", "15,600.00", "–"],
        ["Total", "15,600.00", "7,100.00", "–", "–"],
    ]


def test_a_year_end_date_shows_the_whole_year(budgets, manager):
    position = budget_position(as_of=dt.date(2026, 3, 31))

    # Radio's autumn campaign is all spent by 31 October; last year's March posters stay last year's.
    assert (position.budget, position.planned, position.spent) == (15600, 15600, 11700)
    assert [line.position for line in position.lines] == ["Within plan", "Over budget by £800.00"]


def test_cost_per_enquiry_and_approval_by_month(budgets, outcomes, manager):
    report = channels_report(user=manager, model="linear", dimension="channel", level="key", **RANGE)

    # June: £3,000 ÷ 6 enquiries; July: £2,000 ÷ 4; September: £1,500 ÷ 2 approvals; the whole range
    # £7,100 ÷ 12 enquiries and ÷ 2 approvals.
    assert shown(report.tables["costs"]) == [
        ["April 2025", "600.00", "2", "300.00", "0", "–"],
        ["May 2025", "0.00", "0", "–", "0", "–"],
        ["June 2025", "3,000.00", "6", "500.00", "0", "–"],
        ["July 2025", "2,000.00", "4", "500.00", "0", "–"],
        ["August 2025", "0.00", "0", "–", "0", "–"],
        ["September 2025", "1,500.00", "0", "–", "2", "750.00"],
        ["Total", "7,100.00", "12", "591.67", "2", "3,550.00"],
    ]


def test_cost_per_enquiry_and_approval_by_quarter(budgets, outcomes, manager):
    report = channels_report(
        user=manager, model="linear", dimension="channel", level="key", costs_by=Cohort.QUARTER, **RANGE
    )

    assert shown(report.tables["costs"]) == [
        ["Apr to Jun 2025", "3,600.00", "8", "450.00", "0", "–"],
        ["Jul to Sep 2025", "3,500.00", "4", "875.00", "2", "1,750.00"],
        ["Total", "7,100.00", "12", "591.67", "2", "3,550.00"],
    ]
    # The same figures a caller gets without the screen, for the same period.
    periods = costs_over_time(cohort=Cohort.QUARTER, **RANGE)
    assert [(p.label, p.spend, p.enquiries, p.approvals) for p in periods] == [
        ("Apr to Jun 2025", 3600, 8, 0),
        ("Jul to Sep 2025", 3500, 4, 2),
    ]


def test_small_numbers_hide_costs_as_the_credit_table_does(budgets, outcomes, marketing):
    report = channels_report(user=marketing, model="linear", dimension="channel", level="key", **RANGE)

    costs = {row[0]: row[1:] for row in shown(report.tables["costs"])}
    # June's 6 enquiries show, with their cost; July's 4 and September's 2 approvals do not, nor the
    # costs worked out from them. Money alone is never hidden.
    assert costs["June 2025"][:3] == ["3,000.00", "6", "500.00"]
    assert costs["July 2025"][1:3] == ["fewer than 5", "not shown"]
    assert costs["September 2025"] == ["1,500.00", "fewer than 5", "not shown", "fewer than 5", "not shown"]
    assert costs["Total"][3:] == ["fewer than 5", "not shown"]
    # The months table hides the very same counts.
    months = {row[0]: row[1:] for row in shown(report.tables["months"])}
    assert months["July 2025"][0] == "fewer than 5"
    assert shown(report.tables["budget"])[1][4] == "2,000.00"


def test_screen_queries_do_not_grow_with_channels_budgets_or_campaigns(budgets, manager):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            channels_report(user=manager, model="linear", dimension="channel", level="all", **RANGE)
        return len(captured)

    before = queries()
    for number, slug in enumerate(
        ("editorial", "website", "information-events", "forums", "peers", "mentors")
    ):
        ChannelBudget.objects.create(channel=channel(slug), year=2025, amount=1000 + number)
        campaign(f"MORE{number}", dt.date(2025, 5, 1), dt.date(2025, 8, 31), **{slug.replace("-", "_"): 400})

    assert queries() == before


# Entering budgets ------------------------------------------------------------------------------


def budget_form(**fields) -> dict:
    return {"channel": channel("advertising").pk, "year": 2026, "amount": "12000", **fields}


@pytest.fixture
def signed_in(client, marketing):
    client.force_login(marketing)
    return client


def test_a_budget_is_entered_in_pounds_and_pence(signed_in):
    response = signed_in.post(BUDGETS + "new/", budget_form(amount="£12,000.50"))

    assert response.status_code == 302
    budget = ChannelBudget.objects.get()
    assert (budget.channel.slug, budget.year, str(budget.amount), budget.plan) == (
        "advertising",
        2026,
        "12000.50",
        None,
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "Enter an amount of £0 or more."),
        ({"amount": "12.345"}, "amount", "no more than 2 figures after the point"),
        ({"amount": "twelve"}, "amount", "Enter an amount in pounds and pence"),
        ({"april": "-1"}, "april", "Enter an amount of £0 or more."),
        ({"april": "1000"}, "may", "Enter an amount for this month too"),
        (
            {**plan(april=6000, may=5000)},
            "amount",
            "The months add up to £11,000.00 but the budget for the year is £12,000.00",
        ),
    ],
)
def test_a_budget_that_cannot_be_right_is_refused_with_what_to_fix(signed_in, fields, field, message):
    response = signed_in.post(BUDGETS + "new/", budget_form(**fields))

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not ChannelBudget.objects.exists()


def test_a_monthly_plan_that_adds_up_is_kept(signed_in):
    response = signed_in.post(BUDGETS + "new/", budget_form(**plan(april=6000, may="5,000", june="1000")))

    assert response.status_code == 302
    assert [str(month) for month in ChannelBudget.objects.get().plan[:4]] == [
        "6000.00",
        "5000.00",
        "1000.00",
        "0.00",
    ]


def test_one_budget_per_channel_per_year(signed_in):
    ChannelBudget.objects.create(channel=channel("advertising"), year=2026, amount=500)

    response = signed_in.post(BUDGETS + "new/", budget_form())

    assert response.status_code == 200
    assert "Advertising already has a budget for 2026 to 2027" in str(response.context["form"].errors["year"])
    assert signed_in.post(BUDGETS + "new/", budget_form(year=2027)).status_code == 302
    assert ChannelBudget.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "listing", "adding"),
    [("worker", 404, 404), ("manager", 200, 302), ("marketing", 200, 200), ("anonymous", 302, 302)],
)
def test_who_may_see_and_enter_budgets(client, crm_reference, marketing, manager, role, listing, adding):
    budget = ChannelBudget.objects.create(channel=channel("social"), year=2026, amount=500)
    users = {
        "worker": staff_member("kent.worker", council="kent").user,
        "manager": manager,
        "marketing": marketing,
    }
    if role in users:
        client.force_login(users[role])

    assert client.get(BUDGETS).status_code == listing
    assert client.get(f"{BUDGETS}edit/{budget.pk}/").status_code == adding
    response = client.post(
        f"{BUDGETS}edit/{budget.pk}/", {"channel": budget.channel_id, "year": 2026, "amount": "9"}
    )
    assert response.status_code == (302 if role != "worker" else 404)
    budget.refresh_from_db()
    assert budget.amount == (9 if role == "marketing" else 500)


def test_the_listing_is_filtered_by_year(signed_in):
    ChannelBudget.objects.create(channel=channel("social"), year=2025, amount=500)
    ChannelBudget.objects.create(channel=channel("search"), year=2026, amount=700)

    html = signed_in.get(BUDGETS + "?year=2026").content.decode()

    assert "Online search" in html and "£700.00" in html
    assert "£500.00" not in html


def test_the_budget_download_holds_the_screen_figures(budgets, signed_in):
    response = signed_in.get(
        CHANNELS_SCREEN,
        {"date_from": "2025-04-01", "date_to": "2025-09-15", "download": "csv", "table": "budget"},
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Channel",
        "Kindred phase",
        "Budget (£)",
        "Planned to date (£)",
        "Spent to date (£)",
        "Left (£)",
        "Position",
    ]
    assert [
        "Social media",
        "3. Deeper engagement",
        "1200.00",
        "550.00",
        "2000.00",
        "-800.00",
        "Over budget by £800.00",
    ] in rows
    assert rows[-1][:6] == ["Total", "", "15600.00", "6350.00", "7100.00", "8500.00"]

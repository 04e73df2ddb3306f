"""Demo campaigns, so the vanity addresses and campaign results have something to show."""

import datetime as dt

from django.utils import timezone

from campaigns.budgets import financial_year_of
from campaigns.models import BUDGET_MONTHS, Campaign, CampaignChannel, Channel, ChannelBudget, Phase

DEMO_CAMPAIGNS = [
    {
        "code": "WINTER26",
        "name": "Winter radio",
        "vanity_path": "radio",
        "landing_path": "/events/",
        "days_ago": 90,
        "councils": ["kent", "medway"],
        "aim_phase": Phase.TRIGGER,
        "spend": {"radio": 6000, "posters": 1500},
    },
    {
        "code": "BUS26",
        "name": "Bus shelters",
        "vanity_path": "bus",
        "landing_path": "/can-i-adopt/",
        "days_ago": 60,
        "councils": ["bexley"],
        "aim_phase": Phase.TRIGGER,
        "spend": {"posters": 2500},
    },
    {
        "code": "SOCIAL26",
        "name": "Real stories on social media",
        "vanity_path": None,
        "landing_path": "/stories/",
        "days_ago": 45,
        "councils": [],
        # Deeper engagement: its paid social posts count under Social media, not Advertising.
        "aim_phase": Phase.ENGAGEMENT,
        "spend": {"facebook": 1200, "instagram": 800, "paid-social-engagement": 600},
    },
]


def demo_campaigns_load() -> list[Campaign]:
    """The demo campaigns with their spend; found by code, so running again changes nothing."""
    today = timezone.localdate()
    campaigns = []
    for data in DEMO_CAMPAIGNS:
        campaign, created = Campaign.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "vanity_path": data["vanity_path"],
                "landing_path": data["landing_path"],
                "starts_on": today - dt.timedelta(days=data["days_ago"]),
                "councils": data["councils"],
                "aim_phase": data["aim_phase"],
            },
        )
        if created:
            for slug, spend in data["spend"].items():
                CampaignChannel.objects.create(
                    campaign=campaign, channel=Channel.objects.get(slug=slug), spend=spend
                )
        campaigns.append(campaign)
    return campaigns


# This financial year's budgets for the main channels. Advertising is planned month by month, heavier
# in the autumn and winter campaigns; Social media's budget is smaller than the demo campaigns spend
# on it, so the screen shows a channel over budget.
DEMO_BUDGETS = {
    "advertising": [1000, 1000, 1000, 1000, 1000, 3000, 3000, 3000, 4000, 3000, 2000, 1000],
    "social": 2000,
    "editorial": 3000,
    "search": 2400,
    "information-events": 4800,
    "information-packs": 1500,
}


def demo_budgets_load() -> list[ChannelBudget]:
    """The current financial year's budgets; found by channel and year, so running again changes nothing."""
    year = financial_year_of(timezone.localdate())
    budgets = []
    for slug, amount in DEMO_BUDGETS.items():
        plan = dict(zip(BUDGET_MONTHS, amount, strict=True)) if isinstance(amount, list) else {}
        budget, _ = ChannelBudget.objects.get_or_create(
            channel=Channel.objects.get(slug=slug),
            year=year,
            defaults={"amount": sum(plan.values()) if plan else amount, **plan},
        )
        budgets.append(budget)
    return budgets

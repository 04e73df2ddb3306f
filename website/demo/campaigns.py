"""Demo campaigns, so the vanity addresses and campaign results have something to show."""

import datetime as dt

from django.utils import timezone

from campaigns.models import Campaign, CampaignChannel, Channel, Phase

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

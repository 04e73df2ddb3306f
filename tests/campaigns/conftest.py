"""What the campaigns tests share."""

import datetime as dt

import pytest

from campaigns.models import Campaign, CampaignChannel, Channel


@pytest.fixture
def winter(db):
    """The winter radio campaign, December 2025 to January 2026, with £900 spent on radio.

    Modules that need it with other dates or a vanity address define their own ``winter``.
    """
    campaign = Campaign.objects.create(
        name="Winter radio", code="WINTER26", starts_on=dt.date(2025, 12, 1), ends_on=dt.date(2026, 1, 31)
    )
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=900)
    return campaign

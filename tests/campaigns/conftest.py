"""What the campaigns tests share."""

import datetime as dt

import pytest

from campaigns.credits import credits_rebuild
from campaigns.models import Campaign, CampaignChannel, Channel, Touchpoint
from crm.models import Household, StageChange
from tests.factories import UserFactory, staff_member
from website.roles import MARKETING_EDITORS, roles_sync


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


@pytest.fixture
def users(crm_reference, django_user_model):
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return {
        "anonymous": None,
        "worker": staff_member("kent.worker", council="kent").user,
        "manager": staff_member("manager", role="manager", council=None).user,
        "marketing": marketing,
        "superuser": UserFactory(username="admin", is_superuser=True),
        "no role": UserFactory(username="someone"),
    }


@pytest.fixture
def history(winter):
    """Priya heard the radio advert, then searched, then enquired; Sam enquired with no tracked touch."""
    at = lambda day: dt.datetime(2026, 1, day, 10, tzinfo=dt.UTC)  # noqa: E731
    priya = Household.objects.create(
        first_name="Priya", last_name="Shah", council="kent", first_enquiry_at=at(20), last_enquiry_at=at(20)
    )
    Household.objects.create(
        first_name="Sam", last_name="Jones", council="medway", first_enquiry_at=at(21), last_enquiry_at=at(21)
    )
    radio, search = Channel.objects.get(slug="radio"), Channel.objects.get(slug="search")
    Touchpoint.objects.create(
        household=priya, kind="landing", channel=radio, phase=1, campaign=winter, occurred_at=at(2)
    )
    Touchpoint.objects.create(household=priya, kind="landing", channel=search, phase=2, occurred_at=at(10))
    StageChange.objects.create(
        household=priya,
        kind="advance",
        from_stage="information_event",
        to_stage="registration_of_interest",
        effective_at=at(25),
    )
    credits_rebuild()  # rows written around the services, as the nightly rebuild puts right
    return priya

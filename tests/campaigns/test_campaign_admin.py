"""The marketing team's screens for channels and campaigns, and who may use them.

- marketing editor: adds and changes campaigns and channels (never deletes: touches point at them);
- manager: may look, not change (Wagtail answers a change with a redirect to the dashboard);
- recruitment worker: no menu, and a 404 at every address;
- anonymous: sent to the login page.
"""

import datetime as dt

from django.test import RequestFactory

from wagtail.admin.menu import admin_menu
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from campaigns.models import Campaign, CampaignChannel, Channel
from tests.factories import add_page, staff_member
from website.models import StandardPage
from website.roles import MARKETING_EDITORS, roles_sync

CAMPAIGNS = "/admin/campaigns/campaigns/"
CHANNELS = "/admin/campaigns/channels/"
ROLES = ["anonymous", "worker", "manager", "marketing"]

# (method, address, {role: status}); anonymous always goes to the login page.
ADDRESSES = [
    ("get", CAMPAIGNS, {"worker": 404, "manager": 200, "marketing": 200}),
    ("get", CAMPAIGNS + "?q=radio", {"worker": 404, "manager": 200, "marketing": 200}),
    ("get", CAMPAIGNS + "new/", {"worker": 404, "manager": 302, "marketing": 200}),
    ("post", CAMPAIGNS + "new/", {"worker": 404, "manager": 302, "marketing": 200}),
    ("get", CAMPAIGNS + "edit/{campaign}/", {"worker": 404, "manager": 302, "marketing": 200}),
    ("post", CAMPAIGNS + "edit/{campaign}/", {"worker": 404, "manager": 302, "marketing": 200}),
    ("get", CAMPAIGNS + "inspect/{campaign}/", {"worker": 404, "manager": 200, "marketing": 200}),
    ("get", CAMPAIGNS + "delete/{campaign}/", {"worker": 404, "manager": 302, "marketing": 302}),
    ("get", CHANNELS, {"worker": 404, "manager": 200, "marketing": 200}),
    ("get", CHANNELS + "?phase=3&kind=online", {"worker": 404, "manager": 200, "marketing": 200}),
    ("get", CHANNELS + "new/", {"worker": 404, "manager": 302, "marketing": 200}),
    ("get", CHANNELS + "edit/{channel}/", {"worker": 404, "manager": 302, "marketing": 200}),
    ("get", CHANNELS + "inspect/{channel}/", {"worker": 404, "manager": 200, "marketing": 200}),
    ("get", CHANNELS + "delete/{channel}/", {"worker": 404, "manager": 302, "marketing": 302}),
]


def cases():
    for method, url, statuses in ADDRESSES:
        for role in ROLES:
            yield pytest.param(method, url, role, statuses.get(role, "login"), id=f"{role}-{method}-{url}")


@pytest.fixture
def users(crm_reference, django_user_model):
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return {
        "anonymous": None,
        "worker": staff_member("kent.worker", council="kent").user,
        "manager": staff_member("manager", role="manager", council=None).user,
        "marketing": marketing,
    }


@pytest.fixture
def winter(db):
    campaign = Campaign.objects.create(
        name="Winter radio", code="WINTER26", vanity_path="radio", starts_on=dt.date(2026, 11, 1)
    )
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="radio"), spend=5000)
    CampaignChannel.objects.create(campaign=campaign, channel=Channel.objects.get(slug="posters"), spend=500)
    return campaign


def campaign_form(*, spend=(), **fields) -> dict:
    """The add/edit form as the browser sends it; ``spend`` is a list of dicts for the inline."""
    data = {
        "name": "Spring posters",
        "code": "spring27",
        "vanity_path": "/Bus/",
        "landing_path": "/events/",
        "starts_on": "2027-03-01",
        "ends_on": "2027-04-30",
        "councils": ["kent", "medway"],
        "channel_spend": inline_formset(list(spend)),
    }
    data.update(fields)
    councils = data.pop("councils")
    return {**nested_form_data(data), "councils": councils}


def spend_line(channel: str, spend: str, **extra) -> dict:
    return {"channel": str(Channel.objects.get(slug=channel).pk), "spend": spend, **extra}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "role", "expected"), list(cases()))
def test_every_campaign_admin_address_for_every_role(client, users, winter, method, url, role, expected):
    if users[role]:
        client.force_login(users[role])
    address = url.format(campaign=winter.pk, channel=Channel.objects.get(slug="radio").pk)
    before = (Campaign.objects.count(), Channel.objects.count(), Campaign.objects.get().name)

    response = getattr(client, method)(address, {})

    if expected == "login":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == expected
        if expected == 302:
            assert response["Location"] == "/admin/"
    assert (Campaign.objects.count(), Channel.objects.count(), Campaign.objects.get().name) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("worker", False), ("manager", True), ("marketing", True)])
def test_only_people_with_a_campaign_permission_see_the_campaigns_menu(users, role, shown):
    request = RequestFactory().get("/admin/")
    request.user = users[role]

    names = [item.name for item in admin_menu.menu_items_for_request(request)]

    assert ("campaigns" in names) is shown


@pytest.mark.django_db
def test_the_campaign_list_shows_code_vanity_address_dates_and_total_spend(client, users, winter, home_page):
    client.force_login(users["manager"])

    html = client.get(CAMPAIGNS).content.decode()

    assert "Winter radio" in html
    assert "WINTER26" in html
    assert "http://localhost/radio/" in html
    assert "£5,500.00" in html
    assert f'href="{CAMPAIGNS}edit/{winter.pk}/"' not in html  # managers look, they do not change


@pytest.mark.django_db
def test_a_manager_inspects_a_campaign_in_words(client, users, winter, home_page):
    Campaign.objects.filter(pk=winter.pk).update(councils=["medway", "bexley"])
    client.force_login(users["manager"])

    html = client.get(f"{CAMPAIGNS}inspect/{winter.pk}/").content.decode()

    assert "http://localhost/radio/" in html
    assert "Medway, Bexley" in html
    assert "No end date" in html
    assert "Radio advertising: £5,000.00; Posters: £500.00 (total £5,500.00)" in html


@pytest.mark.django_db
def test_a_marketing_editor_adds_a_campaign_with_its_spend_by_channel(client, users, home_page):
    client.force_login(users["marketing"])

    response = client.post(
        CAMPAIGNS + "new/",
        campaign_form(spend=[spend_line("posters", "1200.50"), spend_line("facebook", "300")]),
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.code, campaign.vanity_path, campaign.councils) == ("SPRING27", "bus", ["kent", "medway"])
    assert {(line.channel.slug, str(line.spend)) for line in campaign.channel_spend.all()} == {
        ("posters", "1200.50"),
        ("facebook", "300.00"),
    }


@pytest.mark.django_db
def test_editing_a_campaign_changes_and_removes_spend_lines(client, users, winter, home_page):
    client.force_login(users["marketing"])
    radio, posters = winter.channel_spend.order_by("-spend")
    spend = [
        spend_line("radio", "6000", id=str(radio.pk)),
        spend_line("posters", "500", id=str(posters.pk), DELETE="1"),
    ]

    response = client.post(
        f"{CAMPAIGNS}edit/{winter.pk}/",
        campaign_form(
            name="Winter radio",
            code="WINTER26",
            vanity_path="radio",
            councils=[],
            spend=spend,
            **{"channel_spend-INITIAL_FORMS": "2"},
        ),
    )

    assert response.status_code == 302
    winter.refresh_from_db()
    assert [(line.channel.slug, str(line.spend)) for line in winter.channel_spend.all()] == [
        ("radio", "6000.00")
    ]
    assert winter.councils == []


@pytest.mark.django_db
def test_a_channel_listed_twice_is_explained_and_nothing_is_saved(client, users, home_page):
    client.force_login(users["marketing"])

    response = client.post(
        CAMPAIGNS + "new/",
        campaign_form(spend=[spend_line("radio", "100"), spend_line("radio", "200")]),
    )

    assert response.status_code == 200
    assert "Radio advertising is listed twice. Put all its spend on one line." in response.content.decode()
    assert not Campaign.objects.exists()
    assert not CampaignChannel.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("vanity", "message"),
    [
        ("stories", "The page “Stories” is at /stories/ already."),
        ("draft-news", "The page “Draft news” (a draft) is at /draft-news/ already."),
        ("admin", "/admin/ is used by the website itself."),
        ("cookies", "/cookies/ is used by the website itself."),
        ("static", "/static/ is used by the website itself."),
    ],
)
def test_a_vanity_address_a_page_or_the_site_uses_is_refused(client, users, home_page, vanity, message):
    add_page(home_page, StandardPage, title="Stories", slug="stories")
    draft = add_page(home_page, StandardPage, title="Draft news", slug="draft-news")
    draft.unpublish()
    client.force_login(users["marketing"])

    response = client.post(CAMPAIGNS + "new/", campaign_form(vanity_path=vanity))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("landing_path", "https://evil.example/", "Enter a path on this site starting with /"),
        ("landing_path", "/\\evil.example", "Enter a path on this site starting with /"),
        ("ends_on", "2027-02-01", "A campaign cannot end before it starts."),
        ("code", "spring 27", "Use 2 to 12 capital letters and numbers."),
        ("vanity_path", "bus/stop", "Use 2 to 41 lower-case letters, numbers and hyphens"),
    ],
)
def test_mistakes_in_a_campaign_are_explained(client, users, home_page, field, value, message):
    client.force_login(users["marketing"])

    response = client.post(CAMPAIGNS + "new/", campaign_form(**{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_a_vanity_address_is_optional(client, users, home_page):
    client.force_login(users["marketing"])

    client.post(CAMPAIGNS + "new/", campaign_form(vanity_path=""))
    client.post(CAMPAIGNS + "new/", campaign_form(code="AUTUMN27", vanity_path=""))

    assert list(Campaign.objects.values_list("vanity_path", flat=True)) == [None, None]


@pytest.mark.django_db
def test_a_marketing_editor_deactivates_a_channel_and_keeps_its_history(client, users):
    client.force_login(users["marketing"])
    forums = Channel.objects.get(slug="forums")

    response = client.post(
        f"{CHANNELS}edit/{forums.pk}/",
        {
            "name": forums.name,
            "slug": forums.slug,
            "phase": forums.phase,
            "kind": forums.kind,
            "description": forums.description,
        },
    )

    assert response.status_code == 302
    forums.refresh_from_db()
    assert forums.is_active is False


@pytest.mark.django_db
def test_the_channel_list_filters_by_phase_and_kind(client, users):
    client.force_login(users["marketing"])

    html = client.get(CHANNELS, {"phase": "3", "kind": "online"}).content.decode()

    assert "Facebook" in html
    assert "Online forums" in html
    assert "Radio advertising" not in html
    assert "Information events" not in html

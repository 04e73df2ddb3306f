"""The campaign results screens: who may see them, what they show, and what bad input does.

- marketing editor, manager, superuser: see every results screen;
- recruitment worker: a 404 (never a 403);
- anonymous, and staff without admin access: sent to the login page by Wagtail.
"""

import re

from django.test import RequestFactory

from wagtail.admin.menu import Menu

import pytest

from campaigns.views.admin_setup import CAMPAIGNS_MENU_HOOK

RESULTS = "/admin/campaigns/results/"
JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


def addresses(campaign_pk: int) -> list[str]:
    return [
        RESULTS,
        RESULTS + "?outcome=approved&model=time_decay&dimension=month",
        RESULTS + "phases/",
        RESULTS + "said-and-tracked/",
        RESULTS + f"campaign/{campaign_pk}/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("worker", 404),
        ("no role", "login"),
        ("manager", 200),
        ("marketing", 200),
        ("superuser", 200),
    ],
)
def test_every_results_address_for_every_role(client, users, winter, role, expected):
    if users[role]:
        client.force_login(users[role])
    for address in addresses(winter.pk):
        response = client.get(address)
        if expected == "login":
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), address
        else:
            assert response.status_code == expected, address


@pytest.mark.django_db
def test_a_campaign_that_does_not_exist_is_a_404(client, users):
    client.force_login(users["marketing"])
    assert client.get(RESULTS + "campaign/999999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("worker", False), ("manager", True), ("marketing", True)])
def test_campaign_results_is_in_the_campaigns_menu_for_those_who_may_see_it(users, role, shown):
    request = RequestFactory().get("/admin/")
    request.user = users[role]

    labels = [
        item.label for item in Menu(register_hook_name=CAMPAIGNS_MENU_HOOK).menu_items_for_request(request)
    ]

    assert ("Campaign results" in labels) is shown


def table_rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="table-{table_id}".*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.django_db
def test_the_results_table_chart_and_summary_for_a_manager(client, users, history):
    client.force_login(users["manager"])

    html = client.get(
        RESULTS, {**JANUARY, "outcome": "enquiry", "model": "position", "dimension": "channel"}
    ).content
    html = html.decode()

    assert "2 enquiries from 1 January 2026 to 31 January 2026, credited by <strong>position-based" in html
    # Key channels by default: the radio advert's half is Advertising's, with radio's £900 (£900 ÷ 0.5 =
    # £1,800 an enquiry); equal credit sorts by name, so Advertising comes before Online search.
    assert table_rows(html, "results") == [
        ["Advertising", "0.50", "25.0", "900.00", "1,800.00"],
        ["Online search", "0.50", "25.0", "–", "–"],
        ["No tracked touch", "1.00", "50.0", "–", "–"],
    ]
    assert (
        '<caption id="results-caption" class="w-sr-only">Credited enquiries by channel, position-based '
        "(40/20/40), 1 January 2026 to 31 January 2026</caption>"
    ) in html
    assert 'role="img"' in html
    assert "Advertising: 0.50; Online search: 0.50; No tracked touch: 1.00." in html
    assert "These are totals only" not in html
    # Aggregates only: nobody's name is on the screen.
    assert "Priya" not in html and "Shah" not in html and "Sam" not in html

    # All channels: the radio advert has its own row.
    every = client.get(
        RESULTS,
        {**JANUARY, "outcome": "enquiry", "model": "position", "dimension": "channel", "channels": "all"},
    ).content.decode()
    assert table_rows(every, "results") == [
        ["Online search", "0.50", "25.0", "–", "–"],
        ["Radio advertising", "0.50", "25.0", "900.00", "1,800.00"],
        ["No tracked touch", "1.00", "50.0", "–", "–"],
    ]


@pytest.mark.django_db
def test_a_marketing_editor_sees_fewer_than_5_where_insight_does(client, users, history):
    client.force_login(users["marketing"])

    html = client.get(
        RESULTS, {**JANUARY, "outcome": "enquiry", "model": "position", "dimension": "channel"}
    ).content.decode()

    assert "Fewer than 5 enquiries from 1 January 2026 to 31 January 2026" in html
    # Key channels by default: the radio advert is Advertising's, which sorts before Online search.
    assert table_rows(html, "results") == [
        ["Advertising", "fewer than 5", "not shown", "900.00", "not shown"],
        ["Online search", "fewer than 5", "not shown", "–", "not shown"],
        ["No tracked touch", "fewer than 5", "not shown", "–", "not shown"],
    ]
    assert "Advertising: fewer than 5; Online search: fewer than 5; No tracked touch: fewer than 5." in html
    assert "0.50" not in html and "1,800.00" not in html
    assert "These are totals only" in html


@pytest.mark.django_db
def test_results_by_campaign_link_to_the_campaign_page(client, users, history, winter):
    client.force_login(users["manager"])

    html = client.get(
        RESULTS, {**JANUARY, "outcome": "enquiry", "model": "first_touch", "dimension": "campaign"}
    )
    html = html.content.decode()

    assert table_rows(html, "results") == [
        ["Winter radio (WINTER26)", "1.00", "50.0", "900.00", "900.00"],
        ["No tracked touch", "1.00", "50.0", "–", "–"],
    ]
    assert (
        f'href="/admin/campaigns/results/campaign/{winter.pk}/?date_from=2026-01-01&amp;date_to=2026-01-31"'
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("manager", [["Kent", "1.00", "50.0"], ["Medway", "1.00", "50.0"]]),
        ("marketing", [["Kent", "fewer than 5", "not shown"], ["Medway", "fewer than 5", "not shown"]]),
    ],
)
def test_council_and_month_say_every_model_agrees(client, users, history, role, expected):
    client.force_login(users[role])

    html = client.get(RESULTS, {**JANUARY, "outcome": "enquiry", "model": "linear", "dimension": "council"})
    html = html.content.decode()

    assert table_rows(html, "results") == expected
    assert "every model gives the same figures here" in html


@pytest.mark.django_db
def test_the_campaign_page_lists_each_model_with_spend_and_cost(client, users, history, winter):
    client.force_login(users["manager"])

    html = client.get(RESULTS + f"campaign/{winter.pk}/", JANUARY).content.decode()

    rows = table_rows(html, "campaign")
    assert [row[0] for row in rows] == [
        "First touch",
        "Last touch",
        "Linear",
        "Position-based (40/20/40)",
        "Time decay (half-life 7 days)",
    ]
    # Enquiry: radio then search (2 touches). Registration on 25 January: the same two touches.
    assert rows[0][1:] == ["1.00", "900.00", "1.00", "900.00", "0.00", "–"]
    assert rows[1][1:] == ["0.00", "–", "0.00", "–", "0.00", "–"]
    assert rows[2][1:] == ["0.50", "1,800.00", "0.50", "1,800.00", "0.00", "–"]
    assert table_rows(html, "spend") == [["Radio advertising", "900.00"]]
    assert "Spend £900.00." in html
    assert "Priya" not in html


@pytest.mark.django_db
def test_the_campaign_page_hides_small_credit_and_its_cost_from_marketing(client, users, history, winter):
    client.force_login(users["marketing"])

    html = client.get(RESULTS + f"campaign/{winter.pk}/", JANUARY).content.decode()

    rows = table_rows(html, "campaign")
    # A cost would give the credit back (spend ÷ cost), so it goes with it.
    assert {cell for row in rows for cell in row[1:]} == {"fewer than 5", "not shown"}
    # Spend is money, not people: it is shown.
    assert table_rows(html, "spend") == [["Radio advertising", "900.00"]]


@pytest.mark.django_db
def test_bad_dates_are_explained_and_kept_as_typed(client, users, history):
    client.force_login(users["marketing"])

    response = client.get(
        RESULTS,
        {"date_from": "2026-02-30", "date_to": "2026-01-01", "outcome": "approved", "model": "nonsense"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Those figures could not be shown." in html
    assert "Enter the start date as a real date" in html
    assert 'value="2026-02-30"' in html
    assert "Select a valid choice. nonsense is not one of the available choices." in html
    assert '<option value="approved" selected>' in html
    assert 'id="results-table"' not in html


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused_kindly(client, users):
    client.force_login(users["marketing"])

    html = client.get(RESULTS, {"date_from": "2026-03-01", "date_to": "2026-01-01"}).content.decode()

    assert "The end date must be on or after the start date." in html
    assert 'aria-describedby="id_date_to_error"' in html


@pytest.mark.django_db
def test_phase_movement_and_said_against_tracked_screens(client, users, history):
    client.force_login(users["manager"])

    phases = client.get(RESULTS + "phases/", JANUARY).content.decode()
    said = client.get(RESULTS + "said-and-tracked/", JANUARY).content.decode()

    assert (
        "1 household registered interest from 1 January 2026 to 31 January 2026; 1 had tracked touches"
        in phases
    )
    # Key channels by default: the radio advert is Advertising's.
    assert table_rows(phases, "channels") == [
        ["Advertising", "1. Initial trigger and motivation", "1", "100.0"],
        ["Online search", "2. Fact-finding and research", "1", "100.0"],
    ]
    every = client.get(RESULTS + "phases/", {**JANUARY, "channels": "all"}).content.decode()
    assert table_rows(every, "channels") == [
        ["Radio advertising", "1. Initial trigger and motivation", "1", "100.0"],
        ["Online search", "2. Fact-finding and research", "1", "100.0"],
    ]
    assert "2 enquiries from 1 January 2026 to 31 January 2026." in said
    assert ["Not answered", "1", "1", "2"] in table_rows(said, "heard")
    assert "Priya" not in phases + said


@pytest.mark.django_db
def test_phase_movement_and_said_against_tracked_hide_small_counts_from_marketing(client, users, history):
    client.force_login(users["marketing"])

    phases = client.get(RESULTS + "phases/", JANUARY).content.decode()
    said = client.get(RESULTS + "said-and-tracked/", JANUARY).content.decode()

    assert "Fewer than 5 households registered interest" in phases
    assert "; fewer than 5 had tracked touches" in phases
    shown = {cell for row in table_rows(phases, "channels") for cell in row[2:]}
    shown |= {cell for row in table_rows(phases, "phases") for cell in row[1:]}
    shown |= {cell for row in table_rows(phases, "moves") for cell in row[1:]}
    assert shown == {"fewer than 5", "not shown"}
    assert "Fewer than 5 enquiries from" in said
    assert {cell for row in table_rows(said, "heard") for cell in row[1:]} == {"fewer than 5"}


@pytest.mark.django_db
def test_results_default_to_the_last_twelve_months(client, users):
    client.force_login(users["manager"])

    html = client.get(RESULTS).content.decode()

    assert '<option value="linear" selected>' in html
    assert "0 enquiries from" in html
    assert "No enquiries in these dates." in html


@pytest.mark.django_db
def test_the_downloads_follow_the_channel_level_chosen(client, users, history):
    client.force_login(users["manager"])
    query = {**JANUARY, "outcome": "enquiry", "model": "position", "dimension": "channel"}

    insight = client.get("/admin/insight/channels/", {**JANUARY, "channels": "all"}).content.decode()
    key_csv = b"".join(
        client.get(RESULTS, {**query, "download": "csv", "table": "results"}).streaming_content
    ).decode()
    every_csv = b"".join(
        client.get(
            RESULTS, {**query, "channels": "all", "download": "csv", "table": "results"}
        ).streaming_content
    ).decode()

    assert "channels=all&amp;download=csv" in insight  # Insight's download links carry the choice
    assert "Advertising" in key_csv and "Radio advertising" not in key_csv
    assert "Radio advertising" in every_csv and "Advertising," not in every_csv

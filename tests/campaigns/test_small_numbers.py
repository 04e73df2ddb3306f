"""The small-number rule on every campaigns screen and download of figures a marketing editor can open.

The screens are found from Django's URL resolver (every admin address whose view lives in a module
of campaign figures), so a screen added later is checked without being listed here. The history is
two households, so every count of people on every screen is under 5: a marketing editor must see
none of them, on screen, in a chart's description, in a summary or in a download. A manager sees
the figures themselves.
"""

import csv
import io
import re

from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from tests.campaigns.test_reports import JANUARY

FIGURE_MODULES = (
    "campaigns.reports.results",
    "campaigns.reports.phases",
    "campaigns.reports.heard_about",
    "campaigns.reports.campaign",
    "campaigns.reports.channels",
)
NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")
HIDDEN = {"fewer than 5", "not shown"}


def figure_screens(prefix: str = "", patterns=None) -> list[tuple[str, str]]:
    """(address, name) of every URL whose view is in one of ``FIGURE_MODULES``."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            found += figure_screens(prefix + str(pattern.pattern), pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and view.__module__ in FIGURE_MODULES:
                found.append((prefix + str(pattern.pattern), pattern.name))
    return found


def tables(html: str) -> list[tuple[list[str], list[list[str]]]]:
    found = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        header = [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table, re.S)
        ]
        rows = [
            [
                re.sub(r"<[^>]+>|\s+", " ", cell).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for row in re.findall(
                r"<tr>(.*?)</tr>", re.sub(r"<thead>.*?</thead>", "", table, flags=re.S), re.S
            )
        ]
        found.append((header, rows))
    return found


def people_figures(header: list[str], rows: list[list[str]]) -> list[str]:
    """Every figure in a column that is not money: counts, credit and shares of people."""
    figures = []
    for row in rows:
        for label, cell in zip(header[1:], row[1:], strict=False):
            if "£" not in label and NUMBER.match(cell):
                figures.append(f"{label}: {cell}")
    return figures


def addresses(campaign_pk: int) -> list[str]:
    found = []
    for route, name in figure_screens():
        address = "/" + re.sub(r"<int:pk>", str(campaign_pk), route)
        assert "<" not in address, f"{name}: give the test a value for {address}"
        found.append(address)
    return found


def test_every_screen_of_campaign_figures_is_found():
    names = {name for _, name in figure_screens()}

    assert {
        "campaigns_results",
        "campaigns_results_phases",
        "campaigns_results_heard",
        "campaigns_results_campaign",
        "insight_channels",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"outcome": outcome, "model": model, "dimension": dimension}
        for outcome in ("enquiry", "registration_of_interest", "approved")
        for model, dimension in (
            ("linear", "channel"),
            ("time_decay", "phase"),
            ("first_touch", "campaign"),
            ("last_touch", "council"),
            ("position", "month"),
        )
    ],
)
def test_a_marketing_editor_sees_no_small_figure_on_any_campaigns_screen_or_download(
    client, users, history, winter, query
):
    client.force_login(users["marketing"])

    for address in addresses(winter.pk):
        params = {**JANUARY, **query}
        if address.startswith("/admin/insight/") and params["dimension"] not in ("channel", "phase"):
            params["dimension"] = "phase"  # Channels and phases breaks down by those two only
        response = client.get(address, params)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert "could not be shown" not in html and "<table" in html, address
        shown = [figure for header, rows in tables(html) for figure in people_figures(header, rows)]
        assert shown == [], f"{address} shows {shown}"
        for description in re.findall(r"<desc[^>]*>(.*?)</desc>", html, re.S):
            assert not re.search(r": \d", description), f"{address} chart: {description}"
        for status in re.findall(r'role="status">(.*?)</p>', html, re.S):
            status = re.sub(r"\d+ \w+ 20\d\d", "", status)  # dates may be read
            assert not re.search(r"\b[0-4](\.\d+)?\b", status), f"{address} summary: {status}"
        for link in set(re.findall(r'href="(\?[^"]*download=csv[^"]*)"', html)):
            download = client.get(address + link.replace("&amp;", "&"))
            body = b"".join(download.streaming_content).decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(body)))
            figures = people_figures(rows[0], rows[1:])
            assert figures == [], f"{address}{link} downloads {figures}"


@pytest.mark.django_db
def test_a_manager_sees_the_same_screens_with_every_figure(client, users, history, winter):
    client.force_login(users["manager"])

    for address in addresses(winter.pk):
        html = client.get(address, JANUARY).content.decode()
        shown = [figure for header, rows in tables(html) for figure in people_figures(header, rows)]
        assert shown, address
        assert "fewer than 5" not in html, address

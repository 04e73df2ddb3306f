"""Managers and the marketing team read the Insight screens in a real browser, change the filters,
download the tables, and check them against the hand-built history (``tests/crm/insight_history.py``)."""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.crm.insight_history import history_make
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.browser]

FEWER = "fewer than 5"


@pytest.fixture
def history(site, django_user_model):
    made = history_make()
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return made


def rows(table) -> list[list[str]]:
    expect(table).to_be_visible()
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr, tfoot tr").all()
    ]


def choose_dates(page, date_from: str, date_to: str) -> None:
    page.get_by_label("Start date", exact=True).fill(date_from)
    page.get_by_label("End date", exact=True).fill(date_to)


def show_figures(page) -> None:
    """Press "Show figures" and wait for the page it loads, so nothing is read from the one before."""
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()


def download(page, section: str, kind: str) -> bytes:
    """Press a table's CSV or XLSX link and return what the browser saved."""
    links = page.locator("section", has=page.get_by_role("heading", name=section, exact=True))
    with page.expect_download() as info:
        links.get_by_role("link", name=f"{kind} of {section.lower()}", exact=True).click()
    with open(info.value.path(), "rb") as saved:
        return saved.read()


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_a_manager_opens_every_screen_changes_filters_and_downloads(site, page, history):
    log_in(page, site, "manager")
    page.get_by_role("button", name="Insight").click()
    page.get_by_role("link", name="Funnel").click()
    expect(page.get_by_role("heading", name="Funnel", level=1)).to_be_visible()
    assert axe_violations(page) == []

    choose_dates(page, "2025-01-01", "2025-06-30")
    page.get_by_label("Split by", exact=True).select_option(label="Council")
    show_figures(page)
    caption = "Households by council and the furthest step reached"
    table = page.get_by_role("table", name=caption)
    assert [row[:8] for row in rows(table)] == [
        ["Kent", "4", "4", "3", "2", "2", "2", "1"],
        ["Medway", "2", "2", "2", "2", "2", "1", "1"],
        ["Bexley", "1", "0", "0", "0", "0", "0", "0"],
        ["Elsewhere", "1", "0", "0", "0", "0", "0", "0"],
        ["Total", "8", "6", "5", "4", "4", "3", "2"],
    ]
    expect(page.get_by_role("img", name="Enquiries by council")).to_be_visible()
    exported = csv_rows(download(page, caption, "CSV"))
    assert exported[0][:2] == ["Council", "Enquiry"]
    assert [row[:8] for row in exported[1:]] == [row[:8] for row in rows(table)]
    workbook = xlsx_rows(download(page, caption, "XLSX"))
    assert workbook[1][:8] == ("Kent", 4, 4, 3, 2, 2, 2, 1)
    assert workbook[-1][:10] == ("Total", 8, 6, 5, 4, 4, 3, 2, 50, 25)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Timeliness").click()
    expect(page.get_by_role("heading", name="Timeliness", level=1)).to_be_visible()
    choose_dates(page, "2025-01-01", "2025-12-31")
    show_figures(page)
    caption = "Clocks that stopped in these dates: kept and late, and cases overdue now"
    clocks = rows(page.get_by_role("table", name=caption))
    assert clocks[2] == ["Stage one (2 calendar months)", "2", "1", "3", "66.7", "0"]
    exported = csv_rows(download(page, caption, "CSV"))
    assert exported[3] == ["Stage one (2 calendar months)", "2", "1", "3", "66.7", "0"]
    steps = xlsx_rows(download(page, "Days each step took, for steps that ended in these dates", "XLSX"))
    assert steps[4] == ("Registration of interest to decision", 4, 3.5, 8.2)
    assert axe_violations(page) == []

    page.get_by_role("link", name="See the overdue cases").click()
    overdue = rows(page.get_by_role("table", name="Overdue cases", exact=True))
    # Gus and Ada were approved in 2025 and have had no child linked since: approval to the first link ran out.
    assert [row[1] for row in overdue] == ["Gus Test", "Ada Test", "Eve Test", "Jo Test", "Ivy Test"]
    page.get_by_label("Council", exact=True).select_option(label="Medway")
    show_figures(page)
    assert [row[1] for row in rows(page.get_by_role("table", name="Overdue cases", exact=True))] == [
        "Gus Test",
        "Ivy Test",
    ]
    assert [row[1] for row in csv_rows(download(page, "Overdue cases", "CSV"))[1:]] == [
        "Gus Test",
        "Ivy Test",
    ]
    assert axe_violations(page) == []

    page.get_by_role("link", name="Channels and phases").click()
    expect(page.get_by_role("heading", name="Channels and phases", level=1)).to_be_visible()
    choose_dates(page, "2025-01-01", "2025-12-31")
    page.get_by_label("Attribution model", exact=True).select_option(label="First touch")
    show_figures(page)
    caption = "Enquiries, registrations of interest and approvals by month"
    months = csv_rows(download(page, caption, "CSV"))
    assert months[-1] == ["Total", "8", "4", "2"]
    assert axe_violations(page) == []

    page.get_by_role("link", name="Workload").click()
    caption = "Open cases by team"
    # Overdue: Eve, Jo, Ivy, and Ada and Gus (approval to the first link).
    assert rows(page.get_by_role("table", name=caption))[-1] == ["Total", "5", "2", "5", "2", "7", "71.4"]
    assert xlsx_rows(download(page, caption, "XLSX"))[-1] == ("Total", 5, 2, 5, 2, 7, 71.4)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Quarterly return").click()
    page.get_by_label("Quarter", exact=True).select_option(value="2025-Q1")
    show_figures(page)
    expect(page.locator(".insight-summary")).to_contain_text("6 households active in Q1 2025-26")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV of the return").click()
    with open(info.value.path(), "rb") as saved:
        returned = csv_rows(saved.read())
    assert returned[0][:3] == ["AdopterID", "LACode", "EnquiryDate"]
    assert sorted(row[1] for row in returned[1:]) == ["303", "886", "886", "886", "887", "887"]
    assert axe_violations(page) == []


def test_a_marketing_editor_sees_totals_only_on_screen_and_in_downloads(site, page, history):
    log_in(page, site, "marketing")
    page.goto(site + "/admin/insight/funnel/?date_from=2025-01-01&date_to=2025-06-30&split=channel")
    caption = "Households by source channel (first touch) and the furthest step reached"
    table = rows(page.get_by_role("table", name=caption))
    # Eight households, no channel with five. Eight enquiries and six initial conversations would
    # give away the two who stopped at enquiry, so one of them is not shown either.
    assert table[-1][:4] == ["Total", "8", "not shown", "5"]
    assert {row[1] for row in table[:-1]} == {FEWER}
    assert "Ada" not in page.content()
    assert axe_violations(page) == []

    exported = csv_rows(download(page, caption, "CSV"))
    assert {row[1] for row in exported[1:-1]} == {FEWER}
    workbook = xlsx_rows(download(page, caption, "XLSX"))
    assert {row[1] for row in workbook[1:-1]} == {FEWER}
    assert workbook[-1][:4] == ("Total", 8, "not shown", 5)

    page.get_by_role("link", name="Workload").click()
    expect(page.get_by_role("table", name="Open cases by team")).to_be_visible()
    assert page.get_by_role("table", name="Open cases by worker and stage").count() == 0
    assert page.get_by_role("link", name="Overdue cases").count() == 0
    assert axe_violations(page) == []


def test_the_screens_work_without_javascript(site, no_js_page, history):
    page = no_js_page
    log_in(page, site, "manager")
    page.goto(site + "/admin/insight/timeliness/")
    choose_dates(page, "2025-01-01", "2025-12-31")
    show_figures(page)
    steps = rows(page.get_by_role("table", name="Days each step took, for steps that ended in these dates"))
    assert steps[0] == ["Enquiry to first contact", "6", "1", "3"]
    expect(page.get_by_role("img", name="Median days for each step")).to_be_visible()

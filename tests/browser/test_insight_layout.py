"""Insight and Campaign results laid out for reading on a 1366x900 laptop, in a real browser.

Wide tables scroll in their own region with the first column held in place, so no heading is cut
short and nothing runs off the page; charts go below the table when both do not fit, with text
drawn at 12px or more; an empty cell is empty, on screen and in both downloads; and every screen
passes axe-core.
"""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, log_in
from tests.browser.test_insight import history  # noqa: F401 - the hand-built history
from tests.crm.insight_history import history_make  # noqa: F401

pytestmark = [pytest.mark.browser]

YEAR = "date_from=2025-01-01&date_to=2025-12-31"
SCREENS = [
    ("Funnel", f"/admin/insight/funnel/?{YEAR}&split=council"),
    ("Timeliness", f"/admin/insight/timeliness/?{YEAR}"),
    ("Overdue cases", "/admin/insight/timeliness/overdue/"),
    ("Families waiting and matched", f"/admin/insight/families-waiting/?{YEAR}"),
    ("Channels and phases", f"/admin/insight/channels/?{YEAR}"),
    ("Workload", "/admin/insight/workload/"),
    ("Quarterly return", "/admin/insight/quarterly-return/?quarter=2025-Q1"),
    ("The adopter's voice", f"/admin/insight/adopters-voice/?{YEAR}"),
    ("Campaign results", f"/admin/campaigns/results/?{YEAR}"),
]

# What a person would notice, measured in the page: every list should come back empty.
LAYOUT_PROBLEMS = """() => {
    const problems = {cut: [], unscrollable: [], unstuck: [], small: [], none: [], offPage: []};
    for (const th of document.querySelectorAll(".insight-table thead th")) {
        const style = getComputedStyle(th);
        if (style.textOverflow === "ellipsis" || th.scrollWidth > th.clientWidth + 1) {
            problems.cut.push(th.textContent.trim());
        }
    }
    for (const wrap of document.querySelectorAll(".insight-table-wrap")) {
        if (!["auto", "scroll"].includes(getComputedStyle(wrap).overflowX)) {
            problems.unscrollable.push(wrap.getAttribute("aria-labelledby"));
        }
        for (const first of wrap.querySelectorAll("tr > :first-child")) {
            if (getComputedStyle(first).position !== "sticky") {
                problems.unstuck.push(first.textContent.trim());
            }
        }
    }
    for (const text of document.querySelectorAll("svg.insight-chart text")) {
        const drawn = parseFloat(getComputedStyle(text).fontSize) * text.ownerSVGElement.getScreenCTM().a;
        if (drawn < 12) problems.small.push(`${text.textContent} ${drawn.toFixed(1)}px`);
    }
    for (const cell of document.querySelectorAll("td, th")) {
        if (cell.textContent.trim() === "None") problems.none.push(cell.closest("table").id);
    }
    const main = document.querySelector("main");
    if (main.scrollWidth > main.clientWidth + 1) problems.offPage.push(main.scrollWidth - main.clientWidth);
    return problems;
}"""
NO_PROBLEMS = {"cut": [], "unscrollable": [], "unstuck": [], "small": [], "none": [], "offPage": []}


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_every_insight_screen_reads_well_on_a_laptop(site, laptop, history):  # noqa: F811
    page = laptop
    log_in(page, site, "manager")

    for name, address in SCREENS:
        page.goto(site + address)
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        expect(page.locator(".insight-table").first).to_be_visible()
        assert page.evaluate(LAYOUT_PROBLEMS) == NO_PROBLEMS, name
        assert axe_violations(page) == [], name


def test_a_wide_table_scrolls_in_its_own_region_with_its_first_column_held(site, laptop, history):  # noqa: F811
    page = laptop
    log_in(page, site, "manager")
    page.goto(site + f"/admin/insight/funnel/?{YEAR}&split=council")
    region = page.get_by_role("region", name="Households by council and the furthest step reached")
    expect(region).to_be_visible()

    sizes = region.evaluate("wrap => [wrap.scrollWidth, wrap.clientWidth]")
    assert sizes[0] > sizes[1], "the table is wider than its region, so the region scrolls"
    first = region.get_by_role("rowheader", name="Kent")
    left = first.bounding_box()["x"]
    region.evaluate("wrap => { wrap.scrollLeft = wrap.scrollWidth; }")
    expect(region).to_have_js_property("scrollLeft", sizes[0] - sizes[1])
    assert first.bounding_box()["x"] == pytest.approx(left, abs=1)
    # The last column has come into the region, and the chart is below the table, not squeezed beside it.
    last, box = region.get_by_role("columnheader").last.bounding_box(), region.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1
    chart = page.get_by_role("img", name="Enquiries by council")
    assert chart.bounding_box()["y"] > region.bounding_box()["y"] + region.bounding_box()["height"]


def test_the_quarter_list_shows_each_quarter_in_full(site, laptop, history):  # noqa: F811
    page = laptop
    log_in(page, site, "manager")
    page.goto(site + "/admin/insight/quarterly-return/")
    quarter = page.get_by_label("Quarter", exact=True)
    expect(quarter).to_be_visible()

    room, needed = quarter.evaluate(
        """select => {
            const style = getComputedStyle(select);
            const probe = document.createElement("span");
            probe.style.font = style.font;
            probe.style.whiteSpace = "pre";
            probe.textContent = Array.from(select.options).reduce((a, o) => o.text.length > a.length ? o.text : a, "");
            document.body.append(probe);
            const needed = probe.getBoundingClientRect().width;
            probe.remove();
            return [select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight), needed];
        }"""
    )
    assert room >= needed


def test_blank_cells_are_empty_on_screen_and_in_both_downloads(site, laptop, history):  # noqa: F811
    page = laptop
    log_in(page, site, "manager")
    page.goto(site + "/admin/insight/quarterly-return/?quarter=2025-Q1")
    table = page.get_by_role("table", name="The return for Q1 2025-26")
    expect(table).to_be_visible()
    header = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    approvals = header.index("ApprovalDate")
    shown = [
        [text.strip() for text in row.locator("td, th").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    # Not every household has been approved: those cells are empty, not "None".
    assert "" in {row[approvals] for row in shown}
    assert "None" not in {cell for row in shown for cell in row}

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV of the return").click()
    with open(info.value.path(), "rb") as saved:
        returned = list(csv.reader(io.StringIO(saved.read().decode("utf-8-sig"))))
    assert "" in {row[approvals] for row in returned[1:]}
    assert "None" not in {cell for row in returned for cell in row}
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX of the return").click()
    with open(info.value.path(), "rb") as saved:
        rows = list(load_workbook(io.BytesIO(saved.read())).active.iter_rows(values_only=True))
    assert None in {row[approvals] for row in rows[1:]}
    assert "None" not in {cell for row in rows for cell in row}


def test_the_return_says_which_columns_are_unconfirmed_on_a_phone(site, phone_page, history):  # noqa: F811
    page = phone_page
    log_in(page, site, "manager")
    page.goto(site + "/admin/insight/quarterly-return/?quarter=2025-Q1")
    section = page.get_by_role("region", name="Checked against the collection guidance")
    expect(section).to_be_visible()
    expect(section.get_by_role("listitem").filter(has_text="ROIDate")).to_be_visible()
    expect(section).to_contain_text("no withdrawal code for: Approval ended (annual review)")
    # The warning fits the phone's width: nothing to scroll sideways to read it.
    width = section.evaluate("el => el.scrollWidth - el.clientWidth")
    assert width <= 1
    assert axe_violations(page) == []


def test_a_manager_hands_approved_adopters_over_in_the_case_systems_columns(site, laptop, history):  # noqa: F811
    page = laptop
    log_in(page, site, "manager")
    page.goto(site + "/admin/insight/handover/")
    page.get_by_label("Start date").fill("2025-01-01")
    page.get_by_label("End date").fill("2025-12-31")
    page.get_by_role("button", name="Show figures").click()
    table = page.get_by_role("table", name="Approved adopters")
    expect(table.locator("tbody tr")).to_have_count(2)
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV of the approved adopters").click()
    with open(info.value.path(), "rb") as saved:
        rows = list(csv.reader(io.StringIO(saved.read().decode("utf-8-sig"))))
    assert rows[0][:2] == ["ExternalRef", "ResponsibleLA"]
    assert sorted(row[1] for row in rows[1:]) == ["KCC", "MDW"]

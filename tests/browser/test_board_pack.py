"""The board pack in a real browser, laptop size: a manager makes a pack, is told what commentary is missing,
fills every section's, publishes it and downloads the PDF; every page is clean by axe."""

import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import axe_violations, log_in
from tests.website.board_pack_helpers import QUARTER, history_with_answers
from website.models import BoardPack

pytestmark = [pytest.mark.browser]


def shot(page, name: str) -> None:
    """Keep a picture of the page to look at, when SCREENSHOT_DIR names a folder (never in CI)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=False)


def test_a_manager_makes_a_pack_writes_the_commentary_publishes_it_and_downloads_the_pdf(site, browser):
    history = history_with_answers()
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, site, history.manager.user.username)

    page.goto(site + "/admin/insight/board-pack/")
    expect(page.get_by_text("No board pack has been made yet.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Make a board pack").click()
    expect(page.get_by_label("Period")).to_be_visible()  # the new page, not the one being left
    assert axe_violations(page) == []
    page.get_by_label("Period").select_option(QUARTER)
    page.get_by_label("Scope").select_option("kent")
    page.get_by_role("button", name="Make the pack").click()

    # With no broker the task runs in the request: the pack is ready when its page opens.
    expect(page.locator("#board-pack-state")).to_contain_text("Ready for commentary")
    expect(page.get_by_role("heading", name="1. Funnel: from enquiry to approval")).to_be_visible()
    assert page.locator("textarea").count() == 6
    assert axe_violations(page) == []
    shot(page, "board-pack-ready")

    page.get_by_label("Commentary on “Funnel: from enquiry to approval”").fill("Enquiries held up in Kent.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#board-pack-error")).to_contain_text("Write a commentary for every section")
    expect(page.get_by_label("Commentary on “Funnel: from enquiry to approval”")).to_have_value(
        "Enquiries held up in Kent."
    )
    assert axe_violations(page) == []

    for box in page.locator("textarea").all():
        if not box.input_value():
            box.fill("Nothing unusual this quarter.")
    page.get_by_role("button", name="Save the commentary as a draft").click()
    expect(page.get_by_text("Commentary saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#board-pack-state")).to_contain_text("Published")
    expect(page.get_by_text("Enquiries held up in Kent.")).to_be_visible()
    assert page.locator("textarea").count() == 0
    assert axe_violations(page) == []
    shot(page, "board-pack-published")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == "apse-board-pack-2025-01-kent.pdf"
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Enquiries held up in Kent." in " ".join(p.extract_text() for p in reader.pages)

    pack = BoardPack.objects.get()
    assert pack.state == BoardPack.State.PUBLISHED and pack.published_by == history.manager.user
    page.goto(site + "/admin/insight/board-pack/")
    expect(page.get_by_role("cell", name="Kent")).to_be_visible()
    assert axe_violations(page) == []
    context.close()

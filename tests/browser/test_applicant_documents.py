"""Documents between a worker and an applicant, in a real browser: the worker asks, the applicant sends a PDF
from their own page, the worker downloads it; a program renamed .pdf and an 11 MB file are refused on the
page with the reason, and nothing of either is kept."""

from pathlib import Path

from django.conf import settings

import pytest
from playwright.sync_api import expect

from crm.models import Document, DocumentRequest, Source
from crm.services import enquiry_create
from crm.services.applicants import sign_in_link_request, sign_in_token
from tests.browser.conftest import axe_violations, log_in
from tests.crm import document_files as files
from tests.factories import enquiry_details, staff_member

pytestmark = [pytest.mark.browser]
MB = 1024 * 1024


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def case(site):
    worker = staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    details = enquiry_details(first_name="Sam", last_name="Okafor", email="sam@example.com")
    household = enquiry_create(source=Source.WEB, details=details).household
    return worker, household


def ask_for(page, label: str, note: str) -> None:
    page.locator("#actions-documents summary").click()
    region = page.get_by_role("region", name="Ask for a document")
    region.get_by_label(label, exact=True).check()
    region.get_by_label("Note to them (optional)").fill(note)
    region.get_by_role("button", name="Ask for it").click()
    expect(page.get_by_text(f"Asked for: {label}.")).to_be_visible()


def sign_in_as_applicant(page, site, household) -> None:
    token = sign_in_token(sign_in_link_request(email=household.email))
    page.goto(f"{site}/your-adoption/sign-in/{token}/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your adoption journey")).to_be_visible()


def test_an_applicant_sends_a_pdf_the_worker_downloads_it_and_bad_files_are_refused(
    site, browser, page, case, tmp_path
):
    worker, household = case
    log_in(page, site, "kent.worker")
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    ask_for(page, "Proof of address", "A council tax bill or a bank letter from the last three months.")
    ask_for(page, "Photo ID", "Your passport or driving licence.")
    assert DocumentRequest.objects.filter(household=household).count() == 2

    applicant = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    sign_in_as_applicant(applicant, site, household)
    applicant.get_by_role("link", name="See what we need and send your files").click()
    expect(
        applicant.get_by_text("A council tax bill or a bank letter from the last three months.")
    ).to_be_visible()
    assert axe_violations(applicant) == []

    # A real PDF, for proof of address.
    pdf = tmp_path / "council tax bill.pdf"
    pdf.write_bytes(files.pdf("Council tax 2026"))
    applicant.get_by_role("link", name="Send proof of address").click()
    applicant.get_by_label("Choose the file").set_input_files(pdf)
    applicant.get_by_role("button", name="Send the file").click()
    expect(applicant.get_by_role("status")).to_contain_text("Thank you: we have your file")
    expect(applicant.get_by_role("link", name="council tax bill.pdf")).to_be_visible()
    document = Document.objects.get()
    assert (document.household, document.request.kind) == (household, "proof_of_address")
    after_first = stored_files()

    # A program renamed passport.pdf, for photo ID: refused, the page kept, the reason by the field.
    applicant.get_by_role("link", name="Send photo ID").click()
    exe = tmp_path / "passport.pdf"
    exe.write_bytes(files.program())
    applicant.get_by_label("Choose the file").set_input_files(exe)
    applicant.get_by_role("button", name="Send the file").click()
    summary = applicant.get_by_role("alert")
    expect(summary).to_contain_text(
        "Its name says .pdf but its content is not a PDF. It looks like a program."
    )
    expect(applicant.get_by_role("heading", name="Send photo ID")).to_be_visible()
    assert axe_violations(applicant) == []
    assert Document.objects.count() == 1 and stored_files() == after_first

    # An 11 MB scan: the form says how large it was; nothing is kept.
    applicant.get_by_label("Choose the file").set_input_files(
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * (11 * MB - 9)}
    )
    applicant.get_by_role("button", name="Send the file").click()
    expect(applicant.get_by_role("alert")).to_contain_text(
        "That file is 11 MB. Each file can be 10 MB at most"
    )
    assert Document.objects.count() == 1 and stored_files() == after_first
    applicant.context.close()

    # The worker sees the file on the household page and downloads it.
    page.goto(f"{site}/admin/crm/households/{household.pk}/")
    documents = page.locator("#documents")
    expect(documents).to_contain_text("council tax bill.pdf")
    expect(documents).to_contain_text("by the applicant")
    with page.expect_download() as download_info:
        documents.get_by_role("link", name="council tax bill.pdf", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "council tax bill.pdf"
    assert Path(download.path()).read_bytes() == files.pdf("Council tax 2026")
    assert axe_violations(page) == []

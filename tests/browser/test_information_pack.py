"""In a real browser: asking for the information pack from the home page, to an enquiry a week later.

The email goes through Anymail's real Mailgun backend to the stand-in. "A week later" is made by
moving the request and its touch a week back in the database before the enquiry, since the live
server's clock cannot be frozen from the test.
"""

import datetime as dt
import io
import re
import time

from django.utils import timezone

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from campaigns.models import Touchpoint
from crm.models import Household, Stage
from crm.reports.funnel import FunnelFilters, Split, funnel_report
from tests.browser.conftest import axe_violations
from tests.browser.test_enquiry import fill_required
from tests.factories import add_page, staff_member
from tests.stand_ins.mailgun import MailgunStandIn
from website.models import InformationPackPage, InformationPackRequest

pytestmark = [pytest.mark.browser]


@pytest.fixture
def mailgun(settings):
    with MailgunStandIn(api_key="key-pack") as stand_in:
        settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
        settings.ANYMAIL = {
            **settings.ANYMAIL,
            "MAILGUN_API_KEY": "key-pack",
            "MAILGUN_API_URL": stand_in.api_url,
            "MAILGUN_SENDER_DOMAIN": "adoptionpartnership.example",
        }
        yield stand_in


@pytest.fixture
def pack(site, home_page):
    return add_page(
        home_page,
        InformationPackPage,
        title="Our information pack",
        slug="information-pack",
        intro="Everything you need to decide whether adoption could be right for you.",
        sections=InformationPackPage.sections.field.stream_block.to_python(
            [
                {
                    "type": "section",
                    "value": {"topic": "who", "heading": "Who can adopt", "body": "<p>Most people.</p>"},
                },
                {
                    "type": "section",
                    "value": {"topic": "next", "heading": "Next steps", "body": "<p>Come along.</p>"},
                },
            ]
        ),
    )


def test_ask_from_the_home_page_open_the_link_and_enquire_a_week_later(site, page, pack, mailgun):
    manager = staff_member("the.manager", role="manager", council=None)
    staff_member("kent.worker", council="kent")

    page.goto(site + "/")
    form = page.locator("form", has=page.get_by_role("button", name="Email me the pack"))
    form.get_by_label(re.compile("First name")).fill("Priya")
    form.get_by_label(re.compile("Email address")).fill("priya@example.com")
    form.get_by_label(re.compile("Postcode")).fill("ME14 1XX")
    form.get_by_label(re.compile("Email me the Adoption Partnership south east information pack")).check()
    form.get_by_role("button", name="Email me the pack").click()
    expect(page.get_by_role("heading", name="Your information pack is on its way")).to_be_visible()
    assert axe_violations(page) == []

    # The email came through Mailgun with the link and the PDF.
    [sent] = mailgun.sent_to("priya@example.com")
    assert sent.subject == "Your adoption information pack from APSE"
    link = re.search(r"http://\S+/information-pack-link/\S+/", sent.text).group(0)
    [pdf] = [item for item in sent.attachments if item.filename == "APSE-information-pack.pdf"]
    assert "Who can adopt" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)

    # Opening the link is a touch, and shows the PDF.
    household = Household.objects.known().get(email="priya@example.com")
    assert household.stage == Stage.PACK_REQUESTED
    with page.expect_response(re.compile(r"/information-pack/pdf/$")) as opened:
        page.goto(link.replace("http://localhost", site))
    assert opened.value.headers["content-type"] == "application/pdf"
    kinds = list(
        Touchpoint.objects.filter(household=household).order_by("occurred_at").values_list("kind", flat=True)
    )
    assert kinds == [Touchpoint.Kind.PACK_REQUEST, Touchpoint.Kind.PACK_DOWNLOAD]

    # A week passes.
    week = dt.timedelta(days=7)
    for request in InformationPackRequest.objects.filter(household=household):
        InformationPackRequest.objects.filter(pk=request.pk).update(created_at=request.created_at - week)
    for touch in Touchpoint.objects.filter(household=household):
        Touchpoint.objects.filter(pk=touch.pk).update(occurred_at=touch.occurred_at - week)
    Household.objects.filter(pk=household.pk).update(
        stage_entered_at=household.stage_entered_at - week, first_enquiry_at=household.first_enquiry_at - week
    )

    page.goto(site + "/enquire/")
    fill_required(page, email="priya@example.com")
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")

    household.refresh_from_db()
    assert Household.objects.known().count() == 1
    assert household.stage == Stage.ENQUIRY and household.assigned_to is not None

    today = timezone.localdate()
    report = funnel_report(
        user=manager.user,
        filters=FunnelFilters(date_from=today - dt.timedelta(days=30), date_to=today, split=Split.CHANNEL),
    )
    rows = [[cell.display for cell in row] for row in report.tables["split"].rows]
    assert [row[:2] for row in rows] == [["Information packs", "1"]]


def test_the_pack_page_and_its_mistakes_are_accessible_on_a_phone_and_work_without_javascript(
    site, pack, page, no_js_page, phone_page
):
    phone_page.goto(site + "/information-pack/")
    expect(phone_page.get_by_role("heading", level=1, name="Our information pack")).to_be_visible()
    assert axe_violations(phone_page) == []
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    for browser_page in (no_js_page, page):
        browser_page.goto(site + "/information-pack/")
        form = browser_page.locator("form", has=browser_page.get_by_role("button", name="Email me the pack"))
        form.get_by_label(re.compile("First name")).fill("Priya")
        form.get_by_label(re.compile("Email address")).fill("priya@")
        form.get_by_role("button", name="Email me the pack").click()
        expect(browser_page.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(
            browser_page.get_by_role("link", name=re.compile("Enter an email address in the correct format"))
        ).to_be_visible()
        expect(form.get_by_label(re.compile("First name"))).to_have_value("Priya")
        assert browser_page.title().startswith("Error: ")
    assert axe_violations(page) == []  # axe runs in the page, so only where JavaScript does

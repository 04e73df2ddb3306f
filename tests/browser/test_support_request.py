"""An adoptive parent asks for support from the support page, in a real browser, and the central front-door
team finds the request in its queue with its clock running and the three-year rule worked out."""

import datetime as dt
import re
import time

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from crm.models import Enquiry, EnquiryType, Stage
from tests.browser.conftest import axe_violations, log_in
from tests.factories import add_page, central_team, staff_member
from website.models import HomePage, StandardPage

pytestmark = [pytest.mark.browser]

SUPPORT_FORM = "Ask for support for your adoptive family"
SUPPORT_CHOICE = "Support for my adoptive family"


@pytest.fixture
def support_world(site, crm_reference):
    """The adoption support page with its call to action, and the central front-door team's worker."""
    add_page(
        HomePage.objects.get(),
        StandardPage,
        title="Adoption support",
        slug="adoption-support",
        intro="Adoption doesn't end when your child moves in.",
        body=[
            ("paragraph", "<p>You can ask us for support at any time.</p>"),
            (
                "call_to_action",
                {
                    "heading": "Ask for support",
                    "text": "Tell us a little about your child and what would help. Someone from our team will "
                    "contact you within 5 working days.",
                    "link": {"label": "Ask for support", "page": None, "url": "/enquire/?about=support"},
                },
            ),
        ],
    )
    staff_member("kent.worker", council="kent", first_name="Kerry", last_name="Kent")
    return staff_member(
        "central.worker", council=None, team=central_team(), first_name="Cass", last_name="Central"
    )


def new_context(browser, *, width: int, height: int, javascript: bool = True, phone: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-GB",
        java_script_enabled=javascript,
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(15_000)
    return context


def two_years_ago() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=730)


def ask_for_support(page, site):
    """From the support page, follow its call to action and fill in the support request."""
    page.goto(site + "/adoption-support/")
    page.get_by_role("link", name="Ask for support").click()
    page.wait_for_url(re.compile(r"/enquire/\?about=support$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SUPPORT_FORM, use_inner_text=True)
    expect(page.get_by_role("radio", name=SUPPORT_CHOICE)).to_be_checked()
    form = page.locator("form.enquiry-form")
    expect(form.get_by_role("group", name=re.compile("Are you thinking of adopting"))).to_have_count(0)
    form.get_by_role("textbox", name="First name", exact=True).fill("Pat")
    form.get_by_role("textbox", name="Last name", exact=True).fill("Okafor")
    form.get_by_label("Email address").fill("pat@example.com")
    form.get_by_label("Postcode").fill("ME14 1XX")
    form.get_by_label("How old is your child now?").fill("9")
    form.get_by_label("When was the adoption order made?").fill(two_years_ago().isoformat())
    form.get_by_role("group", name="Which council placed your child with you?").get_by_label("Medway").check()
    form.get_by_label("Therapy or help with the child's behaviour or emotions").check()
    form.get_by_label("What would you like to tell us? (optional)").fill(
        "Our son is finding school hard since he moved up a year."
    )
    form.get_by_label("I agree that Adoption Partnership south east can contact me").check()
    time.sleep(3)  # people take longer than a bot to fill in a form
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, we have your request", use_inner_text=True
    )


def test_an_adoptive_parent_asks_for_support_from_the_support_page(support_world, site, browser):
    central = support_world
    context = new_context(browser, width=390, height=844, phone=True)
    try:
        phone = context.new_page()
        phone.goto(site + "/enquire/?about=support")
        assert axe_violations(phone) == []
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0

        ask_for_support(phone, site)

        household = Enquiry.objects.get().household
        due = household.due_on
        expect(
            phone.get_by_text(
                f"Someone from our front-door team will contact you by {due:%A} {due.day} {due:%B %Y}."
            )
        ).to_be_visible()
        expect(phone.get_by_role("link", name="Find an information evening")).to_have_count(0)
        assert axe_violations(phone) == []
    finally:
        context.close()

    assert (household.service, household.stage) == (EnquiryType.SUPPORT, Stage.SUPPORT_REQUEST)
    assert household.service_details == {
        "child_age": 9,
        "order_date": two_years_ago().isoformat(),
        "placing_council": "medway",
        "needs": ["therapy"],
    }
    assert household.team.is_central and household.assigned_to == central

    context = new_context(browser, width=1366, height=900)
    try:
        worker = context.new_page()
        log_in(worker, site, "central.worker")
        worker.goto(site + "/admin/crm/households/")
        worker.get_by_role("link", name="Pat Okafor").click()
        expect(worker.get_by_role("heading", name="Pat Okafor", level=2)).to_be_visible()
        expect(worker.get_by_text("Front door team", exact=True)).to_be_visible()
        expect(worker.locator(".crm-household-head")).to_contain_text(
            f"Support: first contact due {due:%A} {due.day} {due:%B %Y}"
        )
        rule = worker.locator("#three-year-rule")
        expect(rule).to_contain_text("Who is responsible for support: Medway.")
        expect(rule).to_contain_text("the placing council, Medway, is responsible for adoption support until")
        assert axe_violations(worker) == []
    finally:
        context.close()


def test_without_javascript_a_parent_chooses_support_and_continues_and_the_campaign_rides_along(
    support_world, site, no_js_page
):
    page = no_js_page
    page.goto(site + "/enquire/?utm_source=newsletter&utm_campaign=spring")
    # Without an answer the page is the adopting enquiry; the question is above it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us about adopting", use_inner_text=True)
    page.get_by_role("radio", name=SUPPORT_CHOICE).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"about=support"))
    assert "utm_source=newsletter" in page.url and "utm_campaign=spring" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(SUPPORT_FORM, use_inner_text=True)

    ask_for_support(page, site)

    expect(page.get_by_text("Someone from our front-door team will contact you by")).to_be_visible()
    enquiry = Enquiry.objects.get()
    assert enquiry.household.service == EnquiryType.SUPPORT
    assert enquiry.household.service_details["placing_council"] == "medway"


def test_with_javascript_choosing_an_answer_goes_straight_to_its_questions_but_the_arrow_keys_do_not(
    support_world, site, page
):
    page.goto(site + "/enquire/?utm_source=radio")
    page.get_by_role("radio", name="Advice for a professional").check()
    page.wait_for_url(re.compile(r"about=advice"))
    assert "utm_source=radio" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask for advice as a professional", use_inner_text=True
    )
    expect(page.get_by_label("Your organisation")).to_be_visible()
    assert axe_violations(page) == []

    # From the keyboard, moving through the answers chooses as it goes: nothing happens until Continue.
    page.get_by_role("radio", name="Advice for a professional").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Something else")).to_be_checked()
    page.wait_for_timeout(500)
    assert "about=advice" in page.url
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"about=other"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us something else", use_inner_text=True)


def test_a_support_request_with_mistakes_is_summarised_and_keeps_what_was_typed(support_world, site, page):
    page.goto(site + "/enquire/?about=support")
    form = page.locator("form.enquiry-form")
    form.get_by_role("textbox", name="First name", exact=True).fill("Pat")
    form.get_by_role("group", name="Which council placed your child with you?").get_by_label(
        "Another council"
    ).check()
    page.get_by_role("button", name="Send my request").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Tell us which council placed the child.", use_inner_text=True)
    expect(summary).to_contain_text(
        "Enter your child's age in years, as a number, like 7.", use_inner_text=True
    )
    expect(page.get_by_role("textbox", name="First name", exact=True)).to_have_value("Pat")
    expect(page.get_by_role("radio", name=SUPPORT_CHOICE)).to_be_checked()
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Enter the date of the adoption order, like 14/03/2022.").click()
    expect(page.locator("#id_order_date")).to_be_focused()
    assert not Enquiry.objects.exists()

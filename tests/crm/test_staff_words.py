"""Staff screens speak plain English: no "side effects", payloads, internal codes or Python values."""

import re
from html.parser import HTMLParser

import pytest

from crm.models import AuditEvent, SideEffect
from crm.services import enquiry_create, household_add_note
from crm.services.privacy import audit_record
from tests.crm.test_admin_screens import household_url, make_household
from tests.factories import enquiry_details, staff_member

# Words and values from inside the code that a member of staff should never have to read.
INTERNAL = re.compile(
    r"side effects?|payload|manage\.py|\bNone\b(?! running)|\bTrue\b|\bFalse\b|\b[a-z]+(?:_[a-z]+)+\b",
    re.IGNORECASE,
)


class VisibleText(HTMLParser):
    """The text a person sees, or hears read out, in the page's main content: no scripts or hidden parts."""

    SKIP = {"script", "style", "template", "svg", "noscript"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__()
        self.parts, self.open, self.in_main = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_main = self.in_main or tag == "main"
        if tag not in self.VOID:
            self.open.append((tag, tag in self.SKIP or "hidden" in dict(attrs)))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.in_main and not any(skip for _tag, skip in self.open):
            self.parts.append(data)


def visible(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def manager(crm_reference):
    return staff_member("manager", role="manager", council=None, first_name="Mo", last_name="Manager")


@pytest.mark.django_db
def test_emails_waiting_or_failed_says_so_in_plain_english(client, manager):
    client.force_login(manager.user)

    text = visible(client.get("/admin/crm/side-effects/"))

    assert "Nothing is waiting or failed: every email has gone." in text
    assert "side effect" not in text.lower()


@pytest.mark.django_db
def test_one_failed_email_reads_as_an_email(client, manager):
    household = make_household()
    failed = SideEffect.objects.create(
        kind=SideEffect.Kind.ENQUIRY_CONFIRMATION,
        key=f"failed-for-this-test:{household.pk}",
        household=household,
        status=SideEffect.Status.FAILED,
        attempts=8,
        last_error="The mail server refused the address.",
        payload={"enquiry_id": 1},
    )
    client.force_login(manager.user)

    listing = visible(client.get("/admin/crm/side-effects/"))
    inspect = visible(client.get(f"/admin/crm/side-effects/inspect/{failed.pk}/"))

    assert "Enquiry confirmation to the enquirer" in listing and "Tries" in listing
    for label in ("Email", "Tries", "What went wrong", "Queued", "Sent", "Not sent", "No retry waiting"):
        assert label in inspect, label
    assert failed.key not in inspect
    assert not INTERNAL.findall(listing + " " + inspect)


@pytest.mark.django_db
def test_the_crm_staff_screens_use_no_internal_words(client, manager):
    worker = staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")
    household = make_household()
    household_add_note(household=household, by=worker.user, text="Rang them")
    enquiry_create(
        source="web",
        details=enquiry_details(first_name="Bot", email="bot@example.com", phone=""),
        spam_reasons=["Filled in too fast"],
    )
    audit_record(
        action=AuditEvent.Action.VIEW, summary="Looked at a booking", object_type="eventbooking", object_id=9
    )
    client.force_login(manager.user)
    screens = [
        "/admin/",
        "/admin/crm/households/?tab=all",
        household_url(household),
        "/admin/crm/quarantine/",
        "/admin/crm/clocks/",
        "/admin/crm/clocks/edit/1/",
        "/admin/crm/staff/",
        "/admin/crm/side-effects/",
        "/admin/crm/privacy/retention/",
        f"/admin/crm/privacy/household-{household.pk}/",
    ]

    found = {}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        if words := sorted(set(INTERNAL.findall(visible(response)))):
            found[url] = words

    assert found == {}


@pytest.mark.django_db
def test_the_audit_trail_names_each_record_in_words(crm_reference):
    household = make_household()

    assert AuditEvent(household_id=household.pk, object_type="household").record_label == household.reference
    assert AuditEvent(object_type="eventbooking", object_id=3).record_label == "Event booking"
    assert AuditEvent(object_type="export").record_label == "A download"

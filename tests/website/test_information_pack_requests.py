"""Asking for the information pack: known to the CRM, not a case; one email with the PDF; its link a touch."""

import datetime as dt
import io

from django.core import mail
from django.utils import timezone

import pytest
from pypdf import PdfReader

from campaigns.models import Channel, Touchpoint
from core import consent
from crm.models import Consent, Household, JourneyDates, Stage
from crm.selectors import triage_counts
from crm.services import enquiry_create
from tests.factories import add_page, enquiry_details, event_index, event_page, staff_member
from website.information_pack_requests import information_pack_email_send, pack_link
from website.models import InformationPackPage, InformationPackRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(home_page, django_capture_on_commit_callbacks):
    event_page(event_index(home_page), title="Maidstone evening", days=5)
    with django_capture_on_commit_callbacks(execute=True):
        return add_page(
            home_page,
            InformationPackPage,
            title="Our information pack",
            slug="information-pack",
            intro="Everything you need to decide.",
            sections=InformationPackPage.sections.field.stream_block.to_python(
                [
                    {
                        "type": "section",
                        "value": {"topic": "who", "heading": "Who can adopt", "body": "<p>Most people.</p>"},
                    }
                ]
            ),
        )


def ask(client, django_capture_on_commit_callbacks, **fields):
    data = {
        "first_name": "Priya",
        "email": "Priya@Example.com",
        "postcode": "me14 1xx",
        "consent": "on",
        "wording_version": consent.INFORMATION_PACK.version,
        "source": "home",
        **fields,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/information-pack-request/", data)


def test_asking_makes_a_known_person_not_a_case_and_sends_one_email_with_the_pdf(
    pack, client, django_capture_on_commit_callbacks
):
    worker = staff_member("kent.worker", council="kent")
    response = ask(client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Your information pack is on its way" in response.content.decode()
    household = Household.objects.known().get(email="priya@example.com")
    assert household.stage == Stage.PACK_REQUESTED and household.team.council == "kent"
    assert household.assigned_to is None
    # Known, not a case: in no queue, count or list of casework.
    assert not Household.objects.active().filter(pk=household.pk).exists()
    assert triage_counts(user=worker.user)["team"] == 0
    assert client.get(f"/admin/crm/households/{household.pk}/").status_code in (302, 404)

    given = Consent.objects.get(household=household)
    assert (given.wording_version, given.wording) == (
        consent.INFORMATION_PACK.version,
        consent.INFORMATION_PACK.text,
    )
    touch = Touchpoint.objects.get(household=household)
    assert (touch.kind, touch.channel.slug, touch.phase) == (
        Touchpoint.Kind.PACK_REQUEST,
        "information-packs",
        2,
    )

    request = InformationPackRequest.objects.get(household=household)
    assert request.status == "done" and request.source == "home"
    [email] = mail.outbox
    assert email.to == ["priya@example.com"]
    assert "Dear Priya," in email.body and pack_link(request, pack) in email.body
    [(name, content, kind)] = email.attachments
    assert (name, kind) == ("APSE-information-pack.pdf", "application/pdf")
    assert "Who can adopt" in PdfReader(io.BytesIO(content)).pages[1].extract_text()


def test_a_second_request_within_a_day_sends_nothing_new_and_says_so(
    pack, client, django_capture_on_commit_callbacks
):
    first = ask(client, django_capture_on_commit_callbacks)
    again = ask(client, django_capture_on_commit_callbacks, first_name="Priya", source="pack")

    # It says so in words that read the same either way: the page must not tell anyone that this
    # address asked earlier, which would give away that someone else is thinking of adopting.
    first_page, again_page = first.content.decode(), again.content.decode()
    assert "once a day at most" in again_page
    assert again_page == first_page
    assert len(mail.outbox) == 1
    assert InformationPackRequest.objects.count() == 1
    assert Household.objects.known().count() == 1

    # A day later, it is sent again.
    InformationPackRequest.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    ask(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_opening_the_emailed_link_is_a_touch_each_time_and_leads_to_the_pdf(
    pack, client, django_capture_on_commit_callbacks
):
    ask(client, django_capture_on_commit_callbacks)
    request = InformationPackRequest.objects.get()
    link = pack_link(request, pack).removeprefix("http://localhost")

    for _ in range(2):
        response = client.get(link)
        assert response.status_code == 302 and response["Location"] == "/information-pack/pdf/"
        assert "no-store" in response["Cache-Control"]
    request.refresh_from_db()
    assert request.times_opened == 2 and request.first_opened_at is not None
    opened = Touchpoint.objects.filter(kind=Touchpoint.Kind.PACK_DOWNLOAD, household=request.household)
    assert opened.count() == 2 and {touch.channel.slug for touch in opened} == {"information-packs"}

    # A forged or damaged link still leads to the pack, and counts for no one.
    assert client.get("/information-pack-link/not-a-token/").status_code == 302
    assert Touchpoint.objects.filter(kind=Touchpoint.Kind.PACK_DOWNLOAD).count() == 2


def test_enquiring_later_joins_the_same_household_and_its_case_starts_then(
    pack, client, django_capture_on_commit_callbacks
):
    ask(client, django_capture_on_commit_callbacks)
    household = Household.objects.known().get()
    later = timezone.now() + dt.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquiry_create(
            source="web",
            details=enquiry_details(first_name="Priya", email="priya@example.com"),
            received_at=later,
        )

    assert enquiry.household_id == household.pk
    household.refresh_from_db()
    assert household.stage == Stage.ENQUIRY
    assert household.first_enquiry_at == later and household.clock is not None
    assert Household.objects.open().filter(pk=household.pk).exists()
    dates = JourneyDates.objects.get(household=household)
    assert dates.enquiry_on == timezone.localdate(later)
    # The pack request, a week before, is the first touch the enquiry is credited to.
    assert dates.first_touch_channel_id == Channel.objects.get(slug="information-packs").pk


def test_ticking_the_box_on_the_enquiry_form_sends_the_pack(pack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_create(source="web", details=enquiry_details(information_pack=True))
    request = InformationPackRequest.objects.get()
    assert request.source == "enquiry" and request.status == "done"
    assert mail.outbox[-1].attachments[0][0] == "APSE-information-pack.pdf"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"consent": ""}, "Tick the box to say we may email you the pack."),
        ({"email": "priya@"}, "Enter an email address in the correct format, like name@example.com."),
        ({"postcode": "ME14"}, "Enter a full UK postcode, like ME14 1XX."),
        ({"first_name": ""}, "Enter your first name, so we know who the pack is for."),
    ],
)
def test_a_mistake_is_shown_on_the_pack_page_with_what_was_typed_kept(
    pack, client, django_capture_on_commit_callbacks, fields, error
):
    response = ask(client, django_capture_on_commit_callbacks, **fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and error in html
    assert 'value="Priya"' in html or fields.get("first_name") == ""
    assert not InformationPackRequest.objects.exists() and not mail.outbox


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(
    pack, client, django_capture_on_commit_callbacks
):
    response = ask(client, django_capture_on_commit_callbacks, website="http://spam.example")
    assert "on its way" in response.content.decode()
    assert not Household.objects.known().exists() and not mail.outbox


def test_the_email_waits_for_the_pdf_rather_than_going_without_it(
    pack, client, django_capture_on_commit_callbacks
):
    pack.pdfs.all().delete()
    ask(client, django_capture_on_commit_callbacks)
    request = InformationPackRequest.objects.get()
    assert request.status == "pending" and "not made yet" in request.last_error
    assert not mail.outbox

    # Once the PDF is made, the sweep's next try sends it.
    from website.information_pack import pack_pdf_make

    pack_pdf_make(page_id=pack.pk, revision_id=pack.live_revision_id)
    assert information_pack_email_send(request_id=request.pk) == "done"
    assert len(mail.outbox) == 1


def test_asking_for_the_pack_and_the_home_page_form(pack, client):
    html = client.get("/").content.decode()
    assert 'action="/information-pack-request/"' in html
    assert consent.INFORMATION_PACK.text in html
    assert 'name="source" value="home"' in html

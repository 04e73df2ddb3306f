"""The enquiry page asks first what someone would like help with, then asks that service's own questions, and
every request comes through the one front door (``enquiry_create``)."""

import datetime as dt
import re
from html import unescape

from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Site

import pytest

from core import consent
from crm.emails import email_for
from crm.forms import ABOUT_CHOICES, EnquiryForm, ServiceRequestForm
from crm.forms_services import SERVICE_WORDS
from crm.models import Enquiry, EnquiryType, Household, SideEffect, Source, Stage
from crm.services import enquiry_create
from tests.factories import add_page, central_team, enquiry_details, staff_member
from tests.website.test_enquiry_page import form_data
from website.cache import HEADER
from website.models import EnquiryPage, SiteSettings

pytestmark = [pytest.mark.django_db]

URL = "/enquire/"
THIS_MORNING = timezone.localdate()


@pytest.fixture
def enquiry_page(home_page, crm_reference):
    staff_member("kent.worker", council="kent")
    return add_page(
        home_page,
        EnquiryPage,
        title="Ask us about adopting",
        slug="enquire",
        thanks_text="<p>We will call you soon.</p>",
        out_of_area_text="<p>You live outside our area.</p>",
    )


@pytest.fixture
def central(enquiry_page):
    """The central front-door team, which takes every new support request first."""
    return staff_member("central.worker", council=None, team=central_team(), first_name="Cy")


def support_data(**overrides):
    """A support request from an adoptive parent in Maidstone whose son Medway placed two years ago."""
    data = {
        "enquiry_type": "support",
        "first_name": "Pat",
        "last_name": "Okafor",
        "email": "pat@example.com",
        "phone": "",
        "best_time_to_call": "morning",
        "postcode": "me14 1xx",
        "council": "",
        "child_age": "9",
        "order_date": (THIS_MORNING - dt.timedelta(days=730)).isoformat(),
        "placing_council": "medway",
        "placing_council_other": "",
        "support_needs": ["therapy", "education"],
        "message": "Our son is struggling at school since he moved up a year.",
        "contact_consent": "on",
        "form_token": "",
        "submission_key": "1b9e3c1d-4b4e-4d1f-9a0e-2f3e4d5c6b7a",
        "utm_source": "newsletter",
        "utm_campaign": "support-spring",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def html_of(response) -> str:
    return response.content.decode()


def question_form(html: str) -> str:
    return re.search(r'<form method="get"[^>]*data-enquiry-about.*?</form>', html, re.DOTALL).group(0)


# The question


def test_the_question_offers_every_kind_of_help_in_plain_words_and_the_adopting_form_below(
    client, enquiry_page
):
    html = html_of(client.get(URL))

    question = question_form(html)
    assert "What would you like help with?" in question
    for value in EnquiryType.values:
        assert f'name="about" value="{value}"' in question, value
    for label in [
        "Adopting a child",
        "Support for my adoptive family",
        "My own adoption records, or a birth relative who was adopted",
        "Adopting my partner&#x27;s child (step-parent adoption)",
        "Adopting a child from abroad",
        "Advice for a professional",
        "Something else",
    ]:
        assert label in question, label
    assert [value for value, _ in ABOUT_CHOICES] == EnquiryType.values
    assert re.search(r'name="about" value="adopting"[^>]*checked', question)
    assert ">Continue</button>" in question
    # With no answer, the page is the adopting enquiry it has always been.
    assert "<h1>Ask us about adopting</h1>" in html
    assert 'name="household_type"' in html and 'name="enquiry_type"' not in html
    assert "Send my enquiry" in html


def test_asking_for_support_shows_the_support_questions_and_none_of_the_adopting_ones(client, enquiry_page):
    response = client.get(URL, {"about": "support"})
    html = html_of(response)

    assert response.status_code == 200
    assert "<h1>Ask for support for your adoptive family</h1>" in html
    assert "<title>Ask for support for your adoptive family" in html
    assert re.search(r'name="about" value="support"[^>]*checked', question_form(html))
    for label in [
        "First name",
        "Last name",
        "Email address",
        "Phone number",
        "When is the best time to call you?",
        "Postcode",
        "Which council area do you live in? (optional)",
        "How old is your child now?",
        "When was the adoption order made?",
        "Which council placed your child with you?",
        "If another council, which one?",
        "The council agreed financial support for us before the adoption order (optional)",
        "What would help? (optional)",
        "What would you like to tell us? (optional)",
        "I agree that Adoption Partnership south east can contact me",
        "If anyone is in immediate danger, call 999.",
    ]:
        assert escape(label) in html, label
    for adopting in [
        'name="household_type"',
        'name="partner_first_name"',
        'name="interests"',
        'name="heard_about"',
        'name="newsletter_consent"',
        'name="information_pack"',
        "Find an information evening",
        'name="records_who"',
        'name="country"',
    ]:
        assert adopting not in html, adopting
    assert 'type="hidden" name="enquiry_type" value="support"' in html
    assert '<form method="post" action="/enquire/?about=support"' in html
    for hidden in ("website", "form_token", "submission_key", "utm_source", "landing"):
        assert f'name="{hidden}"' in html, hidden
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', html)
    assert "Send my request" in html


@pytest.mark.parametrize(
    ("service", "own", "not_asked"),
    [
        ("records", ["Which describes you?", "What can we help with? (optional)"], ["child_age", "country"]),
        ("step_parent", ["What would you like to tell us? (optional)"], ["child_age", "records_who"]),
        ("inter_country", ["Which country are you thinking of adopting from? (optional)"], ["child_age"]),
        (
            "advice",
            [
                "Your organisation",
                "Your role (optional)",
                "Postcode where you work (optional)",
                "What would you like to tell us?",
            ],
            ["child_age", "household_type"],
        ),
        (
            "other",
            ["Postcode (optional)", "What would you like to tell us?"],
            ["child_age", "household_type"],
        ),
    ],
)
def test_every_service_asks_its_own_questions_under_its_own_heading(
    client, enquiry_page, service, own, not_asked
):
    html = html_of(client.get(URL, {"about": service}))

    assert f"<h1>{escape(SERVICE_WORDS[service].heading)}</h1>" in html
    assert f'type="hidden" name="enquiry_type" value="{service}"' in html
    for label in own:
        assert label in unescape(html), label
    for name in not_asked:
        assert f'name="{name}"' not in html, name


@pytest.mark.parametrize("about", ["nonsense", "ADOPTING", "support ", "<script>", "x" * 500])
def test_an_answer_that_is_not_offered_shows_the_question_again_not_an_error_page(
    client, enquiry_page, about
):
    response = client.get(URL, {"about": about, "utm_source": "radio"})
    html = html_of(response)

    assert response.status_code == 200
    if about == "support ":  # a stray space is forgiven
        assert 'name="enquiry_type" value="support"' in html
        return
    assert "There is a problem" in html
    assert '<a href="#about_about_0">Choose what you would like help with.</a>' in html
    assert "<h1>What would you like help with?</h1>" in html
    assert "<title>Error: What would you like help with?" in html
    assert 'name="first_name"' not in html
    assert "<script>" not in html
    assert 'name="utm_source" value="radio"' in question_form(html)


# Campaign parameters across "Continue"


def test_campaign_parameters_ride_across_continue_and_arrive_with_the_request(client, central, old_token):
    landing = {"utm_source": "radio", "utm_campaign": "winter", "landing": "/adoption-support/"}
    question = question_form(html_of(client.get(URL, landing)))
    carried = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', question))
    # Only what the address gave: an answer's address is the same for everyone who chose it.
    assert carried == landing

    # "Continue" is the form's GET: its answer and the hidden inputs make the next address.
    html = html_of(client.get(URL, {"about": "support", **carried}))
    for name, value in landing.items():
        assert f'name="{name}" value="{value}"' in html, name
    response = client.post(
        URL,
        support_data(
            form_token=old_token, utm_source="radio", utm_campaign="winter", landing="/adoption-support/"
        ),
    )

    assert response.status_code == 302
    assert Enquiry.objects.get().attribution == {**landing, "host": "testserver"}


# A support request through the front door


def test_a_support_request_opens_a_support_case_with_its_details_and_the_thank_you_says_when_we_will_call(
    client, central, old_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, support_data(form_token=old_token))

    assert response.status_code == 302
    assert "/enquire/thank-you/" in response["Location"]
    enquiry = Enquiry.objects.get()
    household = enquiry.household
    assert (enquiry.status, enquiry.source) == ("accepted", Source.WEB)
    assert (household.service, household.stage) == (EnquiryType.SUPPORT, Stage.SUPPORT_REQUEST)
    assert household.service_details == {
        "child_age": 9,
        "order_date": (THIS_MORNING - dt.timedelta(days=730)).isoformat(),
        "placing_council": "medway",
        "needs": ["therapy", "education"],
    }
    assert (household.first_name, household.last_name, household.postcode) == ("Pat", "Okafor", "ME14 1XX")
    assert household.team.is_central and household.assigned_to == central
    assert household.clock.code == "support_first_contact" and household.due_on >= THIS_MORNING
    assert enquiry.attribution == {
        "utm_source": "newsletter",
        "utm_campaign": "support-spring",
        "host": "testserver",
    }

    thanks = client.get(response["Location"])
    html = html_of(thanks)
    assert "<h1>Thank you, we have your request</h1>" in html
    assert "Thank you, Pat. We have sent you an email to confirm." in html
    assert (
        f"Someone from our front-door team will contact you by {household.due_on:%A} "
        f"{household.due_on.day} {household.due_on:%B %Y}." in html
    )
    assert "which council is responsible for your family&#x27;s support" in html
    # Not the adopting thank-you: no information evening, no words the marketing team wrote for adopters.
    assert "Find an information evening" not in html
    assert "We will call you soon." not in html
    assert "two working days" not in html
    assert thanks["Cache-Control"] == "private, no-store"

    [email] = [message for message in mail.outbox if message.to == ["pat@example.com"]]
    assert email.subject == "Thank you for getting in touch: we have your request for adoption support"
    assert email.body.startswith(
        "Dear Pat,\n\nThank you for getting in touch with Adoption Partnership south east."
    )
    assert (
        "We have your request for adoption support, and someone from our front-door team will contact you by "
        f"{household.due_on:%A} {household.due_on.day} {household.due_on:%B %Y}, at the time you asked for if "
        "we can (morning (9am to midday))." in email.body.replace("\n", " ")
    )
    assert f"Your reference is {household.reference}." in email.body
    for adopting in ("information evening", "/events/", "/stories/", "adopted with us"):
        assert adopting not in email.body
    for private in ("Okafor", "ME14", "struggling", "Medway", "pat@example.com"):
        assert private not in email.body


def test_without_a_clock_the_thank_you_promises_five_working_days(client, central, old_token):
    response = client.post(URL, support_data(form_token=old_token))
    Household.objects.update(clock=None, due_on=None)

    html = html_of(client.get(response["Location"]))

    assert "Someone from our front-door team will contact you within five working days." in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter your first name."),
        ({"email": "", "phone": ""}, "email", "Enter an email address or a phone number, so we can reply."),
        ({"phone": "12345"}, "phone", "Enter a UK phone number, like 07700 900 123 or 01622 123 456."),
        ({"postcode": ""}, "postcode", "Enter your postcode."),
        ({"postcode": "ME14"}, "postcode", "Enter a full UK postcode, like ME14 1XX."),
        ({"child_age": ""}, "child_age", "Enter your child's age in years, as a number, like 7."),
        ({"child_age": "seven"}, "child_age", "Enter your child's age in years, as a number, like 7."),
        (
            {"order_date": ""},
            "order_date",
            "Enter the date of the adoption order, like 14/03/2022. An approximate date is fine.",
        ),
        (
            {"order_date": (THIS_MORNING + dt.timedelta(days=10)).isoformat()},
            "order_date",
            "The adoption order's date cannot be in the future.",
        ),
        ({"placing_council": None}, "placing_council", "Tell us which council placed your child with you."),
        ({"placing_council": "other"}, "placing_council_other", "Tell us which council placed the child."),
        (
            {"contact_consent": None},
            "contact_consent",
            "Tick the box to agree that we can contact you, so we can reply.",
        ),
        ({"message": "x" * 2001}, "message", "Your message must be 2,000 characters or fewer (it has 2001)."),
    ],
)
def test_a_support_request_with_a_mistake_says_exactly_what_and_keeps_what_was_typed(
    client, central, overrides, field, message
):
    response = client.post(URL, support_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response["Cache-Control"] == "private, no-store"
    html = html_of(response)
    assert "There is a problem" in html and "<title>Error: Ask for support for your adoptive family" in html
    assert html.count(escape(message)) == 2  # in the summary and beside the field
    assert "<h1>Ask for support for your adoptive family</h1>" in html
    assert re.search(r'name="about" value="support"[^>]*checked', question_form(html))
    assert 'value="Okafor"' in html
    assert escape(support_data(**overrides)["message"]) in html
    assert re.search(r'name="support_needs" value="therapy"\s+id="id_support_needs_0" checked', html)
    if field not in ("placing_council", "placing_council_other"):
        assert re.search(
            r'name="placing_council" value="medway"\s+id="id_placing_council_1"[^>]*checked', html
        )
    # The summary's links go to the field, or the first of a group's choices.
    anchor = f"id_{field}_0" if field in ("placing_council",) else f"id_{field}"
    assert f'<a href="#{anchor}">{escape(message)}</a>' in html
    assert not Enquiry.objects.exists()


def test_the_summary_lists_the_problems_in_the_order_the_form_asks(client, central):
    html = html_of(client.post(URL, {"enquiry_type": "support"}))

    summary = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL).group(0)
    anchors = re.findall(r'href="#id_([a-z_]+?)(?:_0)?"', summary)
    assert anchors == [
        "first_name",
        "last_name",
        "email",
        "best_time_to_call",
        "postcode",
        "child_age",
        "order_date",
        "placing_council",
        "contact_consent",
    ]


def test_a_professional_may_leave_out_the_postcode_but_not_their_question(client, central, old_token):
    data = {
        "enquiry_type": "advice",
        "first_name": "Jo",
        "last_name": "Reid",
        "email": "jo.reid@school.example",
        "best_time_to_call": "any",
        "organisation": "Hilltop Primary School",
        "role": "Designated teacher",
        "contact_consent": "on",
        "form_token": old_token,
    }
    refused = client.post(URL, data)
    assert refused.context["form"].errors == {"message": ["Tell us what you would like advice about."]}

    response = client.post(URL, {**data, "message": "How can we support a child adopted from care in class?"})

    assert response.status_code == 302
    household = Enquiry.objects.get().household
    assert (household.service, household.stage, household.postcode) == ("advice", Stage.ADVICE_REQUEST, "")
    assert household.service_details == {
        "organisation": "Hilltop Primary School",
        "role": "Designated teacher",
    }


def test_someone_asking_about_records_says_who_they_are(client, central, old_token):
    data = {
        "enquiry_type": "records",
        "first_name": "Sam",
        "last_name": "Hale",
        "phone": "07700 900456",
        "best_time_to_call": "evening",
        "postcode": "DA6 7AT",
        "records_needs": ["records"],
        "contact_consent": "on",
        "form_token": old_token,
    }
    refused = client.post(URL, data)
    assert refused.context["form"].errors == {
        "records_who": ["Tell us whether you were adopted or are a birth relative."]
    }

    client.post(URL, {**data, "records_who": "adopted_adult"})

    household = Enquiry.objects.get().household
    assert (household.service, household.stage) == ("records", Stage.RECORDS_REQUEST)
    assert household.service_details == {"who": "adopted_adult", "needs": ["records"]}


# Adopting is as it always was


def test_a_post_without_a_type_is_an_adopting_enquiry(client, enquiry_page, old_token):
    response = client.post(URL, form_data(form_token=old_token))

    assert response.status_code == 302
    household = Enquiry.objects.get().household
    assert (household.service, household.stage) == (EnquiryType.ADOPTING, Stage.ENQUIRY)
    html = html_of(client.get(response["Location"]))
    assert "Thank you, we have your enquiry" in html
    assert "Someone from our Kent team will contact you within two working days." in html
    assert "Find an information evening" in html


def test_an_adopting_post_that_names_its_type_is_adopting_too(client, enquiry_page, old_token):
    client.post(URL, form_data(form_token=old_token, enquiry_type="adopting"))

    assert Enquiry.objects.get().household.service == EnquiryType.ADOPTING


@pytest.mark.parametrize("enquiry_type", ["nonsense", "\x00", "ADVICE"])
def test_a_post_of_a_type_that_is_not_offered_asks_the_question_again(client, enquiry_page, enquiry_type):
    response = client.post(URL, support_data(enquiry_type=enquiry_type))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = html_of(response)
    assert "Choose what you would like help with." in html
    assert 'name="utm_source" value="newsletter"' in question_form(html)
    assert not Enquiry.objects.exists()


def test_the_adopting_confirmation_email_is_word_for_word_what_it_was(enquiry_page):
    enquiry = enquiry_create(source=Source.WEB, details=enquiry_details(best_time_to_call="evening"))
    household = enquiry.household

    message = email_for(SideEffect.objects.get(kind="enquiry_confirmation"))

    assert message.subject == "Thank you for getting in touch about adoption"
    assert message.body == (
        "Dear Alex,\n\n"
        "Thank you for getting in touch with Adoption Partnership south east. We have your enquiry and someone "
        "from our Kent team will call you within two working days, at the time you asked for if we can (early "
        "evening (5pm to 7pm)).\n\n"
        "While you wait, you might like to:\n"
        "- come to a free information evening: http://testserver/events/\n"
        "- read stories from families who adopted with us: http://testserver/stories/\n\n"
        f"Your reference is {household.reference}. If anything changes, reply to this email or call us on "
        "0300 000 0000.\n\n"
        "With best wishes,\n"
        "The enquiries team\n"
        "Adoption Partnership south east\n\n"
    )


def test_a_support_request_from_outside_the_partnership_gets_the_support_reply_not_the_adopting_one(central):
    # A family in Bromley whose child Medway placed last year: Medway, one of ours, is responsible.
    details = enquiry_details(
        postcode="BR1 3AA",
        enquiry_type=EnquiryType.SUPPORT,
        service_details={"order_date": "2025-01-10", "placing_council": "medway"},
    )
    enquiry_create(source=Source.WEB, details=details)

    [effect] = SideEffect.objects.filter(kind__in=["enquiry_confirmation", "out_of_area_reply"])
    message = email_for(effect)

    assert message.subject == "Thank you for getting in touch: we have your request for adoption support"
    assert "youcanadopt" not in message.body and "outside our area" not in message.body
    assert "We have your request for adoption support" in message.body


# The page cache


def test_each_answers_empty_form_is_kept_for_everyone_and_a_post_with_mistakes_never_is(client, central):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made once, which retires every kept page

    first = client.get(URL, {"about": "support"})
    again = client.get(URL, {"about": "support"})
    adopting = client.get(URL)

    assert (first[HEADER], again[HEADER]) == ("miss", "hit")
    assert "Ask for support for your adoptive family" in html_of(again)
    assert adopting[HEADER] == "miss"  # its own address, its own copy
    assert "Ask us about adopting" in html_of(adopting)
    assert "private" not in first.get("Cache-Control", "")
    mistaken = client.post(URL, support_data(first_name=""))
    assert mistaken["Cache-Control"] == "private, no-store"
    assert HEADER not in mistaken
    assert client.get(URL, {"about": "support"})[HEADER] == "hit"


def test_the_forms_share_what_every_public_enquiry_asks():
    adopting, support = EnquiryForm(), ServiceRequestForm(service="support")
    shared = ["first_name", "last_name", "email", "phone", "best_time_to_call", "postcode", "council"]
    for name in [*shared, "contact_consent", "website", "form_token", "submission_key", "utm_source"]:
        assert type(adopting.fields[name]) is type(support.fields[name]), name
        assert adopting.fields[name].error_messages == support.fields[name].error_messages, name
    # The same agreement, in the words of what each is about.
    assert adopting.fields["contact_consent"].label == consent.CONTACT.text
    assert support.fields["contact_consent"].label == consent.SERVICE_CONTACT.text
    assert list(adopting.fields["council"].choices) == list(support.fields["council"].choices)
    with pytest.raises(ValueError, match="not a service"):
        ServiceRequestForm(service="adopting")

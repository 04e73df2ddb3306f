import re

from django.core import mail
from django.utils.html import escape

import pytest

from crm.models import Enquiry, Household
from tests.factories import add_page, staff_member
from website.models import EnquiryPage


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


def form_data(**overrides):
    data = {
        "first_name": "Sam",
        "last_name": "Jones",
        "household_type": "couple",
        "partner_first_name": "Alex",
        "email": "sam@example.com",
        "phone": "07700 900123",
        "best_time_to_call": "evening",
        "postcode": "me14 1xx",
        "council": "",
        "children_at_home": "none",
        "interests": ["siblings", "older_children"],
        "heard_about": "radio",
        "heard_about_detail": "Heart Kent",
        "message": "We'd like to know about adopting brothers and sisters.",
        "contact_consent": "on",
        "form_token": "",
        "submission_key": "7f6c3f0e-7a8e-4f5b-9d3f-0c1d2e3f4a5b",
        "utm_source": "radio",
        "utm_campaign": "winter",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def signed_token_from(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_form_shows_every_field_a_recruitment_team_needs(client, enquiry_page):
    html = client.get(enquiry_page.url).content.decode()
    for label in [
        "First name",
        "Your partner&#x27;s first name",
        "Email address",
        "Phone number",
        "Postcode",
        "Which council area do you live in?",
        "Are you thinking of adopting on your own or as a couple?",
        "Do you have children living at home?",
        "Is there anything you are especially interested in?",
        "How did you hear about Adoption Partnership south east?",
        "When is the best time to call you?",
        "Anything you would like to tell us or ask?",
        "I agree that Adoption Partnership south east can contact me",
        "Send me the Adoption Partnership south east newsletter",
    ]:
        assert label in html, label
    assert 'name="newsletter_consent"' in html
    assert (
        'name="newsletter_consent" class="checkboxinput form-check-input" id="id_newsletter_consent" checked'
        not in html
    )
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', html)


@pytest.mark.django_db
def test_landing_parameters_travel_with_the_form(client, enquiry_page):
    html = client.get(enquiry_page.url, {"utm_source": "radio", "utm_campaign": "winter"}).content.decode()
    assert 'name="utm_source" value="radio"' in html
    assert 'name="utm_campaign" value="winter"' in html


@pytest.mark.django_db
def test_valid_enquiry_is_stored_routed_and_thanked(
    client, enquiry_page, old_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(enquiry_page.url, form_data(form_token=old_token))
    assert response.status_code == 302
    assert "/enquire/thank-you/" in response["Location"]
    enquiry = Enquiry.objects.get()
    assert enquiry.status == "accepted"
    household = enquiry.household
    assert (household.first_name, household.partner_first_name, household.council) == ("Sam", "Alex", "kent")
    assert household.assigned_to.user.username == "kent.worker"
    assert household.interests == ["older_children", "siblings"]
    assert enquiry.attribution == {"utm_source": "radio", "utm_campaign": "winter", "host": "testserver"}
    assert [m.to for m in mail.outbox if m.to == ["sam@example.com"]]
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert "Thank you, Sam." in html
    assert "Someone from our Kent team will contact you within two working days." in html
    assert "We will call you soon." in html
    assert thanks["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_out_of_area_enquiry_gets_the_out_of_area_thanks(client, enquiry_page, old_token):
    response = client.post(enquiry_page.url, form_data(form_token=old_token, postcode="BR1 1AA"), follow=True)
    assert "You live outside our area." in response.content.decode()
    assert Household.objects.get().team is None


@pytest.mark.django_db
def test_double_submit_makes_one_enquiry(client, enquiry_page, old_token):
    client.post(enquiry_page.url, form_data(form_token=old_token))
    client.post(enquiry_page.url, form_data(form_token=old_token))
    assert Enquiry.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter your first name."),
        ({"email": "", "phone": ""}, "email", "Enter an email address or a phone number, so we can reply."),
        ({"email": "sam@"}, "email", "Enter an email address in the right format, like name@example.com."),
        ({"phone": "12345"}, "phone", "Enter a UK phone number, like 07700 900 123 or 01622 123 456."),
        ({"postcode": "ME14"}, "postcode", "Enter a full UK postcode, like ME14 1XX."),
        (
            {"contact_consent": None},
            "contact_consent",
            "Tick the box to agree that we can contact you, so we can reply.",
        ),
        (
            {"partner_first_name": ""},
            "partner_first_name",
            "Enter your partner's first name, or choose 'On my own'.",
        ),
        (
            {"household_type": None},
            "household_type",
            "Tell us if you are thinking of adopting on your own or as a couple.",
        ),
        ({"message": "x" * 2001}, "message", "Your message must be 2,000 characters or fewer (it has 2001)."),
    ],
)
def test_errors_are_specific_summarised_and_keep_what_was_typed(
    client, enquiry_page, overrides, field, message
):
    response = client.post(enquiry_page.url, form_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert html.count(message.replace("'", "&#x27;")) == 2  # in the summary and beside the field
    assert 'value="Jones"' in html
    assert escape(form_data(**overrides)["message"]) in html
    assert re.search(r'name="interests" value="siblings"\s+id="id_interests_0" checked', html)
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"website": "http://spam.example"}, "hidden field"),
        ({"form_token": "forged"}, "timing token"),
    ],
)
def test_suspected_bots_are_quarantined_not_dropped(client, enquiry_page, overrides, reason):
    response = client.post(enquiry_page.url, form_data(**overrides), follow=True)
    assert "Thank you, Sam." in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert enquiry.status == "quarantined"
    assert reason in " ".join(enquiry.spam_reasons)
    assert enquiry.household is None


@pytest.mark.django_db
def test_a_form_sent_too_fast_is_quarantined(client, enquiry_page):
    token = signed_token_from(client, enquiry_page.url)
    client.post(enquiry_page.url, form_data(form_token=token))
    assert "seconds after the form was opened" in Enquiry.objects.get().spam_reasons[0]


@pytest.mark.django_db
def test_many_enquiries_from_one_address_are_quarantined_after_the_limit(client, enquiry_page, old_token):
    for n in range(7):
        client.post(
            enquiry_page.url,
            form_data(
                form_token=old_token,
                email=f"p{n}@example.com",
                phone="",
                submission_key=f"00000000-0000-4000-8000-00000000000{n}",
            ),
        )
    statuses = list(Enquiry.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["accepted"] * 5 + ["quarantined"] * 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile",
    [
        {"interests": ["not-a-choice"]},
        {"council": "atlantis"},
        {"submission_key": "not-a-uuid"},
        {"first_name": "\x00"},
        {"best_time_to_call": "midnight"},
    ],
)
def test_hostile_input_gets_an_error_not_a_500(client, enquiry_page, hostile):
    response = client.post(enquiry_page.url, form_data(**hostile))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.django_db
def test_a_forged_thank_you_link_goes_back_to_the_form(client, enquiry_page):
    response = client.get(f"{enquiry_page.url}thank-you/", {"t": "forged:token"})
    assert response.status_code == 302
    assert response["Location"] == enquiry_page.url


@pytest.mark.django_db
def test_council_suggestion_from_postcode(client, crm_reference):
    assert client.get("/enquire/council/", {"postcode": "da1 4ab"}).json() == {
        "council": "bexley",
        "label": "Bexley",
    }
    assert client.get("/enquire/council/", {"postcode": "nonsense"}).json() == {"council": "", "label": ""}


@pytest.mark.django_db
def test_partner_fields_say_when_they_are_needed_without_javascript(client, enquiry_page):
    html = client.get(enquiry_page.url).content.decode()
    assert re.search(
        r"Your partner&#x27;s first name"
        r'<span class="partner-fields__when"> \(only if applying as a couple\)</span>',
        html,
    )
    assert "Your partner&#x27;s last name (optional)" in html
    assert 'id="partner-fields"' in html and "data-partner-fields" in html


@pytest.mark.django_db
def test_a_partner_named_before_choosing_on_my_own_is_not_kept(client, enquiry_page, old_token):
    client.post(
        enquiry_page.url,
        form_data(
            form_token=old_token, household_type="single", partner_first_name="Alex", partner_last_name="Lee"
        ),
    )
    household = Enquiry.objects.get().household
    assert (household.household_type, household.partner_first_name, household.partner_last_name) == (
        "single",
        "",
        "",
    )


@pytest.mark.django_db
def test_the_message_says_its_limit_and_is_never_cut_by_the_browser(client, enquiry_page):
    html = client.get(enquiry_page.url).content.decode()
    message = re.search(r"<textarea [^>]*>", html).group(0)
    assert "maxlength" not in message
    assert 'data-char-limit="2000"' in message
    assert "You can enter up to 2,000 characters." in html


@pytest.mark.django_db
def test_a_pasted_message_far_over_the_limit_is_refused_whole_and_kept_whole(client, enquiry_page):
    pasted = "I have a lot to say. " * 250  # 5,250 characters
    html = client.post(enquiry_page.url, form_data(message=pasted)).content.decode()
    assert "Your message must be 2,000 characters or fewer (it has 5249)." in html
    assert escape(pasted.strip()) in html
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_line_breaks_count_once_as_the_visitors_browser_counts_them(client, enquiry_page, old_token):
    # Browsers send each line break as CR LF but count it as one character, as the live count does.
    message = "line\r\n" * 400  # 2,400 characters sent; 1,999 once stripped and counted as typed
    response = client.post(enquiry_page.url, form_data(form_token=old_token, message=message))
    assert response.status_code == 302, response.context["form"].errors
    assert Enquiry.objects.get().data["message"] == ("line\n" * 400).strip()

"""No public form cuts what a visitor types: limits are said, counted and checked, never enforced silently."""

import re

import pytest

from campaigns.forms import NewsletterSignupForm
from crm.forms import EnquiryForm
from crm.forms_bookings import BookingForm

PUBLIC_FORMS = [EnquiryForm, BookingForm, NewsletterSignupForm]
HONEYPOT = "website"  # off-screen, and only bots fill it in


@pytest.mark.parametrize("form_class", PUBLIC_FORMS, ids=lambda form_class: form_class.__name__)
def test_no_field_a_person_types_in_carries_a_browser_limit(form_class):
    form = form_class()
    fields = [bound for bound in form.visible_fields() if bound.name != HONEYPOT]
    assert fields
    assert [bound.name for bound in fields if "maxlength" in str(bound)] == []


@pytest.mark.parametrize(
    ("form_class", "field", "message"),
    [
        (
            BookingForm,
            "last_name",
            "Last name must be 100 characters or fewer. You have entered 120 characters.",
        ),
        (
            EnquiryForm,
            "partner_last_name",
            "Your partner's last name must be 100 characters or fewer. You have entered 120 characters.",
        ),
        (
            EnquiryForm,
            "partner_first_name",
            "Your partner's first name must be 100 characters or fewer. You have entered 120 characters.",
        ),
        (NewsletterSignupForm, "first_name", "Your first name must be 100 characters or fewer."),
    ],
)
def test_an_answer_that_is_too_long_is_refused_with_a_plain_reason(form_class, field, message):
    form = form_class(data={field: "x" * 120})
    assert not form.is_valid()
    assert message in form.errors[field]


def test_long_free_text_says_its_limit_and_carries_it_for_the_live_count():
    form = EnquiryForm()
    assert re.search(r'<textarea [^>]*data-char-limit="2000"', str(form["message"]))
    assert form.fields["message"].help_text == "You can enter up to 2,000 characters."
    assert form.fields["heard_about_detail"].help_text == (
        "For example, which radio station. You can enter up to 200 characters."
    )
    # Short answers and email addresses are not counted as they are typed; the server still checks them.
    for name in ("first_name", "email", "postcode"):
        assert "data-char-limit" not in str(form[name]), name

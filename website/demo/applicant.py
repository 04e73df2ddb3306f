"""A demo applicant who can sign in to their own page (/your-adoption/) with the email below.

In development email goes to the console, so the sign-in link appears in the terminal running the site.
"""

import datetime as dt

from django.utils import timezone

from crm.forms_registration import STEP_FORMS
from crm.models import ApplicantMessage, Household, Source, Stage
from crm.services import (
    EnquiryDetails,
    document_request_create,
    enquiry_create,
    household_advance,
    household_log_call,
)
from crm.services.messages import message_from_applicant, message_from_worker
from crm.services.registrations import registration_step_save
from website.demo.forum import demo_forum_load

DEMO_APPLICANT_EMAIL = "sam.applicant@example.com"


def demo_applicant_load() -> int:
    """Sam and Alex Okafor, then the demo forum, in which they are invited to "New to adoption"."""
    made = _applicant_load()
    demo_forum_load(applicant_email=DEMO_APPLICANT_EMAIL)
    return made


def _applicant_load() -> int:
    """Sam and Alex Okafor, after their information evening, with a message each way, a document asked of them
    and their registration of interest half filled in. Once only."""
    if Household.objects.filter(email=DEMO_APPLICANT_EMAIL).exists():
        return 0
    received = timezone.now() - dt.timedelta(days=20)
    details = EnquiryDetails(
        first_name="Sam",
        last_name="Okafor",
        partner_first_name="Alex",
        partner_last_name="Okafor",
        email=DEMO_APPLICANT_EMAIL,
        phone="07700 902001",
        postcode="ME14 1XX",
        household_type="couple",
        children_at_home="none",
        interests=["siblings"],
        contact_consent=True,
    )
    household = enquiry_create(source=Source.WEB, details=details, received_at=received).household
    worker = household.assigned_to.user if household.assigned_to else None
    household_log_call(
        household=household, by=worker, reached=True, summary="First call", at=received + dt.timedelta(days=1)
    )
    for days, stage in ((1, Stage.INITIAL_CONVERSATION), (12, Stage.INFORMATION_EVENT)):
        household_advance(
            household=household,
            to_stage=stage,
            by=worker,
            effective_at=received + dt.timedelta(days=days),
            note="Demo history",
        )
    if worker is not None:
        message_from_worker(
            household=household,
            by=worker,
            body="Lovely to meet you both at the information evening. When you are ready, you can register "
            "your interest on your page. Any questions, just ask here.",
        )
    message_from_applicant(household=household, body="Thank you! Could we talk about sibling groups first?")
    document_request_create(
        household=household,
        kind="proof_of_address",
        by=worker,
        note="A council tax bill or a letter from your bank from the last three months is fine.",
    )
    _registration_started(household)
    return ApplicantMessage.objects.filter(household=household).count() and 1


# The first two steps of their registration of interest, as they would type them.
REGISTRATION_STARTED = {
    "about-you": {
        "full_name": "Samuel Okafor",
        "date_of_birth_day": "3",
        "date_of_birth_month": "9",
        "date_of_birth_year": "1987",
        "address_line_1": "21 Bower Lane",
        "town": "Maidstone",
        "postcode": "ME14 1XX",
        "phone": "07700 902001",
        "email": DEMO_APPLICANT_EMAIL,
    },
    "your-partner": {
        "applying": "together",
        "partner_full_name": "Alex Okafor",
        "partner_date_of_birth_day": "19",
        "partner_date_of_birth_month": "4",
        "partner_date_of_birth_year": "1989",
        "partner_email": "alex.okafor@example.com",
    },
}


def _registration_started(household: Household) -> None:
    for step, typed in REGISTRATION_STARTED.items():
        form = STEP_FORMS[step](data=typed, household=household)
        if not form.is_valid():
            raise ValueError(f"The demo registration's '{step}' no longer passes its checks: {form.errors}")
        registration_step_save(household=household, step=step, answers=form.answers())

"""A demo applicant who can sign in to their own page (/your-adoption/) with the email below.

In development email goes to the console, so the sign-in link appears in the terminal running the site.
"""

import datetime as dt

from django.utils import timezone

from crm.models import ApplicantMessage, Household, Source, Stage
from crm.services import EnquiryDetails, enquiry_create, household_advance, household_log_call
from crm.services.messages import message_from_applicant, message_from_worker

DEMO_APPLICANT_EMAIL = "sam.applicant@example.com"


def demo_applicant_load() -> int:
    """Sam and Alex Okafor, after their information evening, with a message each way. Once only."""
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
    return ApplicantMessage.objects.filter(household=household).count() and 1

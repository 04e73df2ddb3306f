"""Households at the points the surveys follow, and answering a survey the way its page does."""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from crm.models import Source
from crm.services import enquiry_create, household_log_call
from tests.factories import enquiry_details

LINK = re.compile(r"https?://[^\s]+/your-voice/[^\s/]+/")


def contacted(name: str, *, days_ago: float, council_postcode: str = "ME14 1XX", **fields):
    """A household whose first call reached them ``days_ago`` days ago."""
    now = timezone.now()
    household = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(
            first_name=name,
            last_name="Family",
            email=f"{name.lower()}@example.com",
            phone="",
            postcode=council_postcode,
            **fields,
        ),
        received_at=now - dt.timedelta(days=days_ago + 1),
    ).household
    household_log_call(
        household=household, by=None, reached=True, summary="First chat", at=now - dt.timedelta(days=days_ago)
    )
    household.refresh_from_db()
    return household


def survey_link_from_outbox(email: str) -> str:
    """The survey address in the newest email to ``email``."""
    for message in reversed(mail.outbox):
        if email in message.to and (match := LINK.search(message.body)):
            return match.group(0)
    raise AssertionError(f"No survey link was emailed to {email}")


def answer_data(survey, *, point: int = 4, named: bool = False, comment: str = "") -> dict:
    data = {f"q_{key}": str(point) for key in survey.keys}
    data.update(name_choice="named" if named else "anonymous", comment=comment)
    return data

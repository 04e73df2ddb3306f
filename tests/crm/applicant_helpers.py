"""Signing a test client in as a household's applicant, the way the emailed link does."""

import re

from django.core import mail

from crm.services.applicants import sign_in_link_request, sign_in_token
from crm.views.applicant import APPLICANT_COOKIE

LINK = re.compile(r"https?://[^\s]+/your-adoption/sign-in/[^\s/]+/")


def link_from_outbox(email: str) -> str:
    """The sign-in address in the newest email to ``email``."""
    for message in reversed(mail.outbox):
        if email in message.to and (match := LINK.search(message.body)):
            return match.group(0)
    raise AssertionError(f"No sign-in link was emailed to {email}")


def sign_in_as(client, household) -> None:
    """Sign ``client`` in as ``household``'s applicant through a fresh link, as the browser would."""
    link = sign_in_link_request(email=household.email)
    assert link is not None, f"{household.reference} cannot sign in"
    response = client.post(f"/your-adoption/sign-in/{sign_in_token(link)}/")
    assert response.status_code == 302, response.content[:500]
    assert APPLICANT_COOKIE in response.cookies

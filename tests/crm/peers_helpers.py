"""Households at the stages peer connection cares about, and a volunteer approved in one step."""

import datetime as dt

from django.utils import timezone

from crm.journey import RECRUITMENT
from crm.models import Household, PeerSource, Source, Stage
from crm.services import enquiry_create, household_advance
from crm.services.peers import peer_request_create, peer_volunteer_approve, peer_volunteer_offer
from tests.factories import enquiry_details


def household_at(
    stage: str, *, email: str, first_name: str = "Alex", postcode: str = "ME14 1XX", **fields
) -> Household:
    """A household walked along the main road to ``stage``, a day a step."""
    route = RECRUITMENT.route(to=stage)
    start = timezone.now() - dt.timedelta(days=len(route) + 30)
    details = enquiry_details(email=email, phone="", first_name=first_name, postcode=postcode, **fields)
    household = enquiry_create(source=Source.WEB, details=details, received_at=start).household
    for step, to in enumerate(route, start=1):
        household_advance(
            household=household,
            to_stage=to,
            by=None,
            effective_at=start + dt.timedelta(days=step),
            note="Earlier",
        )
    household.refresh_from_db()
    return household


def profile(**fields) -> dict:
    return {"role": "either", "share_consent": True, **fields}


def approved_volunteer(email: str, *, by=None, first_name: str = "Vic", **fields):
    household = household_at(Stage.APPROVED, email=email, first_name=first_name)
    volunteer = peer_volunteer_offer(
        household=household, profile=profile(**fields), source=PeerSource.APPLICANT
    )
    today = timezone.localdate()
    return peer_volunteer_approve(
        volunteer=volunteer,
        training_on=today - dt.timedelta(days=10),
        dbs_checked_on=today - dt.timedelta(days=20),
        by=by,
    )


def waiting_request(email: str, *, stage: str = Stage.STAGE_ONE, first_name: str = "Robin", **fields):
    household = household_at(stage, email=email, first_name=first_name)
    return peer_request_create(household=household, profile=profile(**fields), source=PeerSource.APPLICANT)

"""Asking for the information pack by email: the request, the email (an outbox row), and opening its link.

A request makes the person known to the CRM (``crm.services.information_pack_requester_record``),
records a touch on the information packs channel, and queues one email, with a link to the pack and
the PDF attached, once the request is committed. A second request from the same person within a day
sends nothing new and says so. Opening the emailed link is a touch too, each time.
"""

import datetime as dt
import smtplib
from dataclasses import dataclass

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from anymail.exceptions import AnymailError

from campaigns.models import Touchpoint
from campaigns.services import touchpoint_record_information_pack
from core.mail import send_problem
from core.outbox import (
    FAILED,
    OutboxRetry,
    backoff,
    outbox_claim,
    outbox_finish,
    outbox_give_up,
    outbox_requeue,
    outbox_retry_later,
    outbox_stuck,
    queue_on_commit,
)
from crm.services import information_pack_requester_record
from website.models import InformationPackPage, InformationPackRequest
from website.tasks import information_pack_email_run

ONE_EMAIL_PER = dt.timedelta(days=1)
MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 30
WAIT_FOR_PDF = dt.timedelta(minutes=2)
STUCK_AFTER = dt.timedelta(minutes=10)
LINK_SALT = "website.information-pack-link"
LINK_MAX_AGE = dt.timedelta(days=365)


@dataclass(frozen=True)
class PackRequestResult:
    request: InformationPackRequest | None
    household_id: int

    @property
    def sent_already(self) -> bool:
        """Asked again within a day: nothing new is sent."""
        return self.request is None


@transaction.atomic
def information_pack_request(
    *, first_name: str, email: str, postcode: str, source: str, at: dt.datetime | None = None
) -> PackRequestResult:
    at = at or timezone.now()
    label = InformationPackRequest.Source(source).label
    household = information_pack_requester_record(
        first_name=first_name,
        email=email,
        postcode=postcode,
        source=f"Pack request: {label}",
        at=at,
    )
    recent = InformationPackRequest.objects.filter(household=household, created_at__gt=at - ONE_EMAIL_PER)
    if recent.exists():
        return PackRequestResult(request=None, household_id=household.pk)
    request = InformationPackRequest.objects.create(household=household, source=source, created_at=at)
    touchpoint_record_information_pack(
        household_id=household.pk, kind=Touchpoint.Kind.PACK_REQUEST, key=f"pack-request:{request.pk}", at=at
    )
    queue_on_commit(information_pack_email_run, request)
    return PackRequestResult(request=request, household_id=household.pk)


def pack_link(request: InformationPackRequest, page: InformationPackPage) -> str:
    """The emailed link: this site's address, then a signed note of which request it was sent for."""
    token = signing.dumps(request.pk, salt=LINK_SALT, compress=True)
    site = page.get_site()
    return f"{site.root_url}{reverse('information_pack_open', args=[token])}"


class PackEmailRetry(OutboxRetry):
    """The pack email could not be sent yet (its PDF is being made, or the mail service is away)."""


def information_pack_email_send(*, request_id: int) -> str:
    """Send one request's email, once: 'done', 'failed', 'skipped', or raise to be retried later."""
    with transaction.atomic():
        request = outbox_claim(InformationPackRequest.objects.select_related("household"), pk=request_id)
        if request is None:
            return "skipped"
        request.attempts += 1
        household = request.household
        if not household.email:
            return outbox_give_up(request, "The household has no email address any more.")
        page = InformationPackPage.objects.live().first()
        made = page.pdf_current() if page else None
        if made is None:
            problem = (
                "The information pack's PDF is not made yet." if page else "No information pack is published."
            )
            outcome = outbox_retry_later(request, problem, max_attempts=MAX_ATTEMPTS, retry_in=WAIT_FOR_PDF)
            if outcome == FAILED:
                return outcome
            retry = PackEmailRetry(problem, countdown=WAIT_FOR_PDF.total_seconds())
        else:
            try:
                _email(request, page, made).send()
            except (AnymailError, smtplib.SMTPException, OSError) as error:
                problem, permanent = send_problem(error)
                if permanent:
                    return outbox_give_up(request, problem)
                wait = backoff(base=RETRY_BASE_SECONDS, step=request.attempts - 1)
                outcome = outbox_retry_later(
                    request, problem, max_attempts=MAX_ATTEMPTS, retry_in=dt.timedelta(seconds=wait)
                )
                if outcome == FAILED:
                    return outcome
                retry = PackEmailRetry(problem, countdown=wait)
            else:
                return outbox_finish(request)
    raise retry


def _email(request: InformationPackRequest, page: InformationPackPage, made) -> EmailMultiAlternatives:
    context = {"first_name": request.household.first_name, "page": page, "link": pack_link(request, page)}
    message = EmailMultiAlternatives(
        subject="Your adoption information pack from APSE",
        body=render_to_string("website/emails/information_pack.txt", context),
        to=[request.household.email],
    )
    with made.file.open("rb") as handle:
        message.attach("APSE-information-pack.pdf", handle.read(), "application/pdf")
    return message


def information_pack_emails_requeue() -> int:
    """Queue again every pack email whose task was lost, or whose retry was."""
    stuck = outbox_stuck(
        InformationPackRequest.objects.all(), older_than=STUCK_AFTER, order_by="created_at", limit=500
    )
    return outbox_requeue(information_pack_email_run, stuck)


@transaction.atomic
def information_pack_opened(*, token: str, at: dt.datetime | None = None) -> bool:
    """Someone opened the pack from the link in its email: a touch, each time. False for a bad link."""
    try:
        pk = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return False
    request = InformationPackRequest.objects.select_for_update().filter(pk=pk).first()
    if request is None:
        return False
    at = at or timezone.now()
    request.times_opened += 1
    request.first_opened_at = request.first_opened_at or at
    request.save(update_fields=["times_opened", "first_opened_at"])
    touchpoint_record_information_pack(
        household_id=request.household_id,
        kind=Touchpoint.Kind.PACK_DOWNLOAD,
        key=f"pack-download:{request.pk}:{request.times_opened}",
        at=at,
    )
    return True

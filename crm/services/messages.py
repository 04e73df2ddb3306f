"""Messages between an applicant and their worker: plain text, kept on the timeline, announced by an empty email.

The email that says a message has come holds none of it (it may be read on a shared device or
forwarded): the applicant signs in to their page, the worker opens the household. Each message is a
row, a timeline entry and an outbox email in one transaction.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crm.models import (
    MESSAGE_MAX_LENGTH,
    ApplicantMessage,
    AuditEvent,
    Household,
    SideEffect,
    TimelineEntry,
)

from .cases import PipelineError
from .privacy import audit_record
from .side_effects import side_effect_queue

# An applicant may send no more than this many messages in a day: enough for anyone, too few to flood a worker.
MESSAGES_PER_DAY = 20


class MessageError(PipelineError):
    """The message cannot be sent; the text says why."""


def _clean(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise MessageError("Write your message before sending it.")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise MessageError(
            f"Your message is {len(body) - MESSAGE_MAX_LENGTH} characters too long: "
            f"messages can be {MESSAGE_MAX_LENGTH} characters at most."
        )
    return body


def _first_line(body: str, limit: int = 120) -> str:
    line = body.splitlines()[0]
    return line if len(line) <= limit else f"{line[: limit - 1]}…"


@transaction.atomic
def message_from_applicant(
    *, household: Household, body: str, now: dt.datetime | None = None
) -> ApplicantMessage:
    """The signed-in applicant writes to their worker (or, with none yet, their team)."""
    now = now or timezone.now()
    body = _clean(body)
    household = (
        Household.objects.select_for_update(of=("self",))
        .select_related("assigned_to__user", "team")
        .get(pk=household.pk)
    )
    today = ApplicantMessage.objects.filter(
        household=household, from_applicant=True, sent_at__gt=now - dt.timedelta(days=1)
    )
    if today.count() >= MESSAGES_PER_DAY:
        raise MessageError(
            "You have sent a lot of messages today. Please call us on 0300 000 0000 if it is urgent."
        )
    message = ApplicantMessage.objects.create(
        household=household, from_applicant=True, body=body, sent_at=now
    )
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.MESSAGE,
        at=now,
        summary=f"Message from the applicant: {_first_line(body)}",
        body=body,
    )
    recipient = household.assigned_to.user.email if household.assigned_to else ""
    recipient = recipient or (household.team.email if household.team else "")
    if recipient:
        side_effect_queue(
            kind=SideEffect.Kind.APPLICANT_MESSAGE,
            key=f"applicant-message:{message.pk}",
            household=household,
            payload={"message_id": message.pk, "to": recipient},
        )
    return message


@transaction.atomic
def message_from_worker(*, household: Household, by, body: str) -> ApplicantMessage:
    """A member of staff writes to the applicant; the applicant is emailed that a message has come."""
    body = _clean(body)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not household.is_open:
        raise MessageError("This case is closed. Reopen it before writing to them.")
    if not household.email:
        raise MessageError(
            "They have no email address, so they cannot sign in to read a message. Call them instead."
        )
    message = ApplicantMessage.objects.create(household=household, from_applicant=False, author=by, body=body)
    TimelineEntry.objects.create(
        household=household,
        kind=TimelineEntry.Kind.MESSAGE,
        at=message.sent_at,
        by=by,
        summary=f"Message to the applicant: {_first_line(body)}",
        body=body,
    )
    audit_record(
        action=AuditEvent.Action.CHANGE,
        target=household,
        user=by,
        summary=f"{household.reference}: message sent",
    )
    side_effect_queue(
        kind=SideEffect.Kind.WORKER_MESSAGE,
        key=f"worker-message:{message.pk}",
        household=household,
        payload={"message_id": message.pk},
    )
    return message


def messages_mark_read(*, household: Household, by_applicant: bool, now: dt.datetime | None = None) -> int:
    """Mark the other side's messages read, as the applicant (or staff) opens them."""
    return ApplicantMessage.objects.filter(
        household=household, from_applicant=not by_applicant, read_at__isnull=True
    ).update(read_at=now or timezone.now())

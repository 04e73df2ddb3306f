"""Sending one side-effect row's email, once (``core.outbox`` works the row).

A row is sent at most once: the worker holds the row's lock while it sends, so a task delivered
twice (a redelivery, or the sweep queueing a row whose first task was only slow) finds it done.
A failure that may pass (the mail service down or busy) is retried with backoff up to a cap; one
that will not (the address refused) fails at once. Either way ``last_error`` says what went wrong,
in words a person can act on, and the row stays where staff can see it.
"""

import datetime as dt
import smtplib

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from anymail.exceptions import AnymailError

from core.mail import send_problem
from core.outbox import (
    FAILED,
    OutboxRetry,
    outbox_claim,
    outbox_finish,
    outbox_give_up,
    outbox_retry_later,
)
from crm.emails import email_for
from crm.models import SideEffect


class SideEffectRetry(OutboxRetry):
    """The side effect failed in a way that may pass (a mail server down); try again later."""


def side_effect_perform(
    *, side_effect_id: int, max_attempts: int, retry_in: dt.timedelta | None = None
) -> str:
    """Do one side effect, once: 'done', 'failed', 'skipped' (done already, or gone), or raise to retry.

    The email is sent while the row is locked, so a second task for the same row waits and then
    finds it done. Holding a transaction open for one API call is the price of sending once.
    """
    with transaction.atomic():
        effect = outbox_claim(SideEffect.objects.all(), pk=side_effect_id)
        if effect is None:
            return "skipped"
        effect.attempts += 1
        try:
            message = email_for(effect)
            if message is not None:
                message.send()
        except ObjectDoesNotExist as error:
            return outbox_give_up(effect, f"What this email was about no longer exists ({error}).")
        except (AnymailError, smtplib.SMTPException, OSError) as error:
            problem, permanent = send_problem(error)
            if permanent:
                return outbox_give_up(effect, problem)
            outcome = outbox_retry_later(
                effect, problem, max_attempts=max_attempts, retry_in=retry_in or dt.timedelta(minutes=5)
            )
            if outcome == FAILED:
                return outcome
            retry = SideEffectRetry(problem)
        else:
            return outbox_finish(effect, note="" if message is not None else "Nobody to send it to.")
    raise retry

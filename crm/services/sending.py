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

from anymail.exceptions import AnymailAPIError, AnymailError

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

# HTTP answers that may change if we ask again: a timeout, "slow down", and credentials, which a
# person can fix while the retries run. Any other 4xx means the request itself will never succeed.
RETRY_HTTP_STATUSES = {401, 403, 408, 429}


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
            problem, permanent = _send_problem(error)
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


def _send_problem(error: Exception) -> tuple[str, bool]:
    """What went wrong, in plain words, and whether trying again could ever help."""
    detail = f"{type(error).__name__}: {error}".strip()
    if isinstance(error, AnymailAPIError):
        status = error.status_code
        if status is None:
            return f"Could not reach the mail service. {detail}", False
        if status >= 500 or status in RETRY_HTTP_STATUSES:
            return f"The mail service could not take the email just now (HTTP {status}). {detail}", False
        return f"The mail service refused this email (HTTP {status}); it will not be retried. {detail}", True
    if isinstance(error, AnymailError):
        return f"The email could not be sent as it stands; it will not be retried. {detail}", True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            return f"The mail server refused the address; it will not be retried. {detail}", True
    # A 5xx is the server's final word, except on credentials, which a person can put right.
    refused = (
        isinstance(error, smtplib.SMTPResponseException)
        and not isinstance(error, smtplib.SMTPAuthenticationError)
        and error.smtp_code >= 500
    )
    if refused:
        return f"The mail server refused this email; it will not be retried. {detail}", True
    return f"Could not reach the mail server, or it asked us to wait. {detail}", False

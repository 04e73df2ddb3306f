"""Side effects as rows: created inside the caller's transaction, worked by Celery after commit.

A row is sent at most once: the worker holds the row's lock while it sends, so a task delivered
twice (a redelivery, or the sweep queueing a row whose first task was only slow) finds it done.
A failure that may pass (the mail service down or busy) is retried with backoff up to a cap; one
that will not (the address refused) fails at once. Either way ``last_error`` says what went wrong,
in words a person can act on, and the row stays where staff can see it.
"""

import datetime as dt
import smtplib

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from anymail.exceptions import AnymailAPIError, AnymailError

from crm.models import Household, SideEffect

# HTTP answers that may change if we ask again: a timeout, "slow down", and credentials, which a
# person can fix while the retries run. Any other 4xx means the request itself will never succeed.
RETRY_HTTP_STATUSES = {401, 403, 408, 429}
ERROR_LIMIT = 2000


def side_effect_queue(
    *, kind: str, key: str, household: Household | None = None, payload: dict | None = None
):
    """Record a side effect and queue its task once the surrounding transaction commits.

    Asking for the same ``key`` twice returns the first row and queues nothing more.
    """
    from crm.tasks import enqueue, side_effect_run

    try:
        with transaction.atomic():
            effect = SideEffect.objects.create(kind=kind, key=key, household=household, payload=payload or {})
    except IntegrityError:
        return SideEffect.objects.get(key=key)
    transaction.on_commit(lambda: enqueue(side_effect_run, effect.pk))
    return effect


class SideEffectRetry(Exception):
    """The side effect failed in a way that may pass (a mail server down); try again later."""


def side_effect_perform(
    *, side_effect_id: int, max_attempts: int, retry_in: dt.timedelta | None = None
) -> str:
    """Do one side effect, once: 'done', 'failed', 'skipped' (done already, or gone), or raise to retry.

    The email is sent while the row is locked, so a second task for the same row waits and then
    finds it done. Holding a transaction open for one API call is the price of sending once.
    """
    from crm.emails import email_for

    with transaction.atomic():
        effect = SideEffect.objects.select_for_update().filter(pk=side_effect_id).first()
        if effect is None or effect.status != SideEffect.Status.PENDING:
            return "skipped"
        effect.attempts += 1
        try:
            message = email_for(effect)
            if message is not None:
                message.send()
        except ObjectDoesNotExist as error:
            return _give_up(effect, f"What this email was about no longer exists ({error}).")
        except (AnymailError, smtplib.SMTPException, OSError) as error:
            problem, permanent = _send_problem(error)
            if permanent:
                return _give_up(effect, problem)
            if effect.attempts >= max_attempts:
                return _give_up(effect, f"Gave up after {effect.attempts} attempts. {problem}")
            effect.last_error = problem[:ERROR_LIMIT]
            effect.next_attempt_at = timezone.now() + (retry_in or dt.timedelta(minutes=5))
            effect.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            retry = SideEffectRetry(problem)
        else:
            effect.status = SideEffect.Status.DONE
            effect.done_at = timezone.now()
            effect.next_attempt_at = None
            effect.last_error = "" if message is not None else "Nobody to send it to."
            effect.save(update_fields=["attempts", "status", "done_at", "next_attempt_at", "last_error"])
            return "done"
    raise retry


def _give_up(effect: SideEffect, problem: str) -> str:
    effect.status = SideEffect.Status.FAILED
    effect.last_error = problem[:ERROR_LIMIT]
    effect.next_attempt_at = None
    effect.save(update_fields=["attempts", "status", "last_error", "next_attempt_at"])
    return "failed"


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


def side_effects_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> list[int]:
    """Side effects still waiting after ``older_than``: their task was lost, or its retry was.

    A row whose retry is due in the future, or only just fell due, belongs to a task that is still
    on its way; it is picked up only once that retry is ``older_than`` overdue.
    """
    now = timezone.now()
    return list(
        SideEffect.objects.filter(status=SideEffect.Status.PENDING, created_at__lt=now - older_than)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=now - older_than))
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )

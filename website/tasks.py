"""The website's Celery tasks: thin, taking ids. The PDF's service is imported at the top (it queues
nothing); the pack email's inside its task, as that service queues this module's tasks."""

import logging

from celery import shared_task

from core.outbox import OutboxRetry
from website.information_pack import pack_pdf_make, packs_needing_pdf

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def information_pack_pdf_make_run(page_id: int, revision_id: int) -> int | None:
    made = pack_pdf_make(page_id=page_id, revision_id=revision_id)
    return made.pk if made else None


@shared_task(bind=True, max_retries=None, acks_late=True)
def information_pack_email_run(self, request_id: int) -> str:
    """Send one pack email. Run eagerly (no broker), a retry cannot wait, so the sweep takes it instead."""
    from website.information_pack_requests import information_pack_email_send

    try:
        return information_pack_email_send(request_id=request_id)
    except OutboxRetry as retry:
        if self.request.is_eager:
            logger.info("Information pack email %s will be retried by the sweep: %s", request_id, retry)
            return "retrying"
        raise self.retry(exc=retry, countdown=retry.countdown) from retry


@shared_task
def information_packs_sweep() -> dict:
    """Make any PDF whose task never ran or failed, or that is a day old; queue again any lost email."""
    from website.information_pack_requests import information_pack_emails_requeue

    waiting = packs_needing_pdf()
    for page_id, revision_id in waiting:
        information_pack_pdf_make_run.delay(page_id, revision_id)
    return {"pdfs": len(waiting), "emails": information_pack_emails_requeue()}


@shared_task(bind=True, max_retries=None, acks_late=True)
def story_email_run(self, email_id: int) -> str:
    """Send one story confirmation. Run eagerly (no broker), a retry cannot wait, so the sweep takes it instead."""
    from website.story_emails import story_email_send

    try:
        return story_email_send(email_id=email_id)
    except OutboxRetry as retry:
        if self.request.is_eager:
            logger.info("Story email %s will be retried by the sweep: %s", email_id, retry)
            return "retrying"
        raise self.retry(exc=retry, countdown=retry.countdown) from retry


@shared_task
def story_emails_sweep() -> int:
    """Queue again any story confirmation whose task was lost."""
    from website.story_emails import story_emails_requeue

    return story_emails_requeue()


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def board_pack_make_run(pack_id: int) -> str:
    """Gather one board pack's figures; a failure is recorded on the pack, in words, and not retried."""
    from website.board_pack import board_pack_make

    try:
        pack = board_pack_make(pack_id=pack_id)
    except Exception:
        logger.exception("Board pack %s could not be made", pack_id)
        return "failed"
    return pack.state if pack else "gone"

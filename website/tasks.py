"""The website's Celery tasks: thin, taking ids; the work is in ``website.information_pack``."""

from celery import shared_task

from website.information_pack import pack_pdf_make, packs_needing_pdf


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def information_pack_pdf_make_run(page_id: int, revision_id: int) -> int | None:
    made = pack_pdf_make(page_id=page_id, revision_id=revision_id)
    return made.pk if made else None


@shared_task
def information_packs_sweep() -> int:
    """Queue the PDF of any published pack whose task never ran or failed."""
    waiting = packs_needing_pdf()
    for page_id, revision_id in waiting:
        information_pack_pdf_make_run.delay(page_id, revision_id)
    return len(waiting)

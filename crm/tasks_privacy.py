"""The nightly retention job. Kept apart from ``crm.tasks`` and loaded by the ``CELERY_IMPORTS`` setting."""

from celery import shared_task


@shared_task
def retention_apply_run() -> dict:
    """Each night: apply every active retention rule (``crm.services.privacy.retention_apply``)."""
    from crm.services.privacy import retention_apply

    return retention_apply()

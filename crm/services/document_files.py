"""Removing applicants' documents from private storage once the rows that name them are gone.

Files are not part of the database's transaction: a file removed before a rollback would be lost
for a row that stays. So a file goes only after the commit that deleted its row. Used by the
document services and by erasure and retention (``crm.services.privacy``), so it records nothing
itself: its callers record what they removed.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from crm.models.documents import private_storage

logger = logging.getLogger(__name__)


def _remove(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row is already gone; a file left behind is found by its random name in storage alone.
            logger.exception("Could not remove the stored document %s from private storage", name)


def document_files_remove_on_commit(names: Iterable[str]) -> None:
    """Delete these stored files from private storage once the current transaction commits."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: _remove(names))

"""What the CRM tells the rest of the system, after each change commits.

Other apps (campaigns) listen to record what they need; the CRM never imports them. Each signal
carries primary keys only and is sent with ``send_robust`` after the commit, so a listener's
failure is logged and can never undo or fail the enquiry. Listeners must be idempotent: the
campaigns reconcile job may replay the same event.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

enquiry_accepted = Signal()  # enquiry_id
stage_changed = Signal()  # stage_change_id
booking_changed = Signal()  # booking_id
newsletter_consent_given = Signal()  # household_id, consent_id
households_merged = Signal()  # keep_id, remove_id
printed_pack_posted = Signal()  # printed_pack_id
peer_match_started = Signal()  # peer_match_id
household_closed = Signal()  # household_id: the case closed (the forum ends the household's membership)
# Old records moved in (``crm.services.imports``), sent once per import rather than a signal per row.
households_imported = Signal()  # household_ids


def send_on_commit(signal: Signal, **kwargs) -> None:
    def send():
        for receiver, result in signal.send_robust(sender=None, **kwargs):
            if isinstance(result, Exception):
                logger.error("A listener to %s failed for %s: %r", receiver, kwargs, result, exc_info=result)

    transaction.on_commit(send)

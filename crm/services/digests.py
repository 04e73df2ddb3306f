"""The morning digest: each member of staff hears about their overdue, stalled and due-soon cases.

Workers get their own cases; managers get their team's, or everyone's if they have no team
(``crm.selectors.digest_for`` decides). Nobody is emailed to be told there is nothing to do.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crm.models import SideEffect, StaffMember
from crm.selectors import digest_for

from .side_effects import side_effect_queue


def daily_digests_queue(*, today: dt.date | None = None) -> int:
    """Queue today's digest for everyone with something overdue, stalled or due soon; returns how many.

    The key holds the date, so running this twice in a day sends each person one email. Staff who
    are away are left out: their cases still reach their manager's digest.
    """
    today = today or timezone.localdate()
    staff = (
        StaffMember.objects.filter(is_active=True, is_away=False, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    queued = 0
    with transaction.atomic():
        for member in staff:
            digest = digest_for(staff=member, today=today)
            if not (digest["overdue"] or digest["stalled"] or digest["due_soon"]):
                continue
            side_effect_queue(
                kind=SideEffect.Kind.DAILY_DIGEST,
                key=f"daily_digest:{member.pk}:{today.isoformat()}",
                payload={"staff_id": member.pk},
            )
            queued += 1
    return queued

"""Reading channels at either level of the taxonomy: the business case's key channels, or every channel.

A key channel has no parent; a finer channel (radio, Facebook, the single front door) sits under
one, in the same phase (``campaigns.models.Channel``). Rolled up to key channels, a finer channel's
credit, spend and counts are its key channel's, so the reports read like the business case's table.
"""

from collections.abc import Iterable

from django.db import models

from campaigns.models import Channel


class ChannelLevel(models.TextChoices):
    KEY = "key", "Key channels"
    ALL = "all", "All channels"


def key_channel_of() -> dict[int, int]:
    """Each channel's id → the id of its key channel (itself, for a key channel)."""
    return {pk: parent or pk for pk, parent in Channel.objects.values_list("pk", "parent_id")}


def channel_at_level(level: str) -> dict[int, int]:
    """Each channel's id → the id it is reported under at ``level``."""
    if level == ChannelLevel.KEY:
        return key_channel_of()
    return {pk: pk for pk in Channel.objects.values_list("pk", flat=True)}


def rolled_up(values: dict, level: str, *, mapping: dict[int, int] | None = None) -> dict:
    """Figures keyed by channel id, added up under the channel each is reported under at ``level``.

    Keys that are no channel id (None, say) are kept as they are.
    """
    if level != ChannelLevel.KEY:
        return dict(values)
    mapping = key_channel_of() if mapping is None else mapping
    totals: dict = {}
    for pk, value in values.items():
        key = mapping.get(pk, pk)
        totals[key] = totals[key] + value if key in totals else value
    return totals


def channel_names(pks: Iterable[int]) -> dict[int, str]:
    return dict(Channel.objects.filter(pk__in=list(pks)).values_list("pk", "name"))

"""Reading channels at either level of the taxonomy: the business case's key channels, or every channel.

A key channel has no parent; a finer channel (radio, Facebook, the single front door) sits under
one, in the same phase (``campaigns.models.Channel``). Rolled up to key channels, a finer channel's
credit, spend and counts are its key channel's, so the reports read like the business case's table.
"""

from dataclasses import dataclass

from django.db import models

from campaigns.models import Channel


class ChannelLevel(models.TextChoices):
    KEY = "key", "Key channels"
    ALL = "all", "All channels"


@dataclass(frozen=True)
class ChannelNames:
    """Every channel's name, and the channel each is reported under at one level, from one query."""

    names: dict[int, str]
    reported_as: dict[int, int]

    def rolled_up(self, values: dict) -> dict:
        """Figures keyed by channel id, added up under the channel each is reported under.

        Keys that are no channel id (None, say) are kept as they are.
        """
        totals: dict = {}
        for pk, value in values.items():
            key = self.reported_as.get(pk, pk)
            totals[key] = totals[key] + value if key in totals else value
        return totals


def channels_at(level: str) -> ChannelNames:
    """The channels' names, and at ``level`` each one's key channel (``KEY``) or itself (``ALL``)."""
    rows = Channel.objects.values_list("pk", "parent_id", "name")
    key = level == ChannelLevel.KEY
    return ChannelNames(
        names={pk: name for pk, _, name in rows},
        reported_as={pk: (parent or pk) if key else pk for pk, parent, _ in rows},
    )

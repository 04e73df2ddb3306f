"""System checks for campaigns. Run them with ``manage.py check --database default``."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.database)
def subscribers_have_stored_consent(app_configs=None, databases=None, **kwargs):
    """Every newsletter recipient must have a stored consent: its time, source and wording version (PECR).

    Like Django's own database checks, this runs only when databases are named
    (``check --database default``), and says nothing before the tables exist.
    """
    if not databases:
        return []
    from campaigns.privacy import subscribers_without_consent

    try:
        missing = list(subscribers_without_consent().values_list("pk", flat=True)[:20])
    except DatabaseError:
        return []
    if not missing:
        return []
    return [
        Error(
            "Newsletter subscribers with no stored consent (time, source and wording version): "
            + ", ".join(str(pk) for pk in missing),
            hint="Unsubscribe them under Campaigns → Newsletter until they sign up again, or find the "
            "consent they gave and record it.",
            obj="campaigns.Subscriber",
            id="campaigns.E001",
        )
    ]


@register(Tags.database)
def stage_touches_are_on_channels_of_their_phase(app_configs=None, databases=None, **kwargs):
    """Each stage touch of the journey table (``crm.journey``) is on a channel that exists, in the row's phase.

    A touch is in the phase of its channel, so reports by channel and by phase agree about the same
    touches. The CRM cannot see the channels (it imports nothing from campaigns), so the table is
    checked here, against the channels in the database, when a database is named.
    """
    if not databases:
        return []
    from campaigns.models import Channel
    from crm.journey import RECRUITMENT

    try:
        phases = dict(Channel.objects.values_list("slug", "phase"))
    except DatabaseError:
        return []
    errors = []
    for row in RECRUITMENT.rows:
        if row.touch_channel is None:
            if row.phase is not None:
                errors.append(
                    Error(
                        f"The journey row for {str(row.stage)!r} gives Kindred phase {row.phase} but no "
                        "channel for its touch.",
                        hint="Give the row a touch_channel in that phase, or set its phase to None if "
                        "reaching the stage is an outcome rather than a touch.",
                        obj="crm/journey.py",
                        id="campaigns.E002",
                    )
                )
            continue
        if row.touch_channel not in phases:
            errors.append(
                Error(
                    f"The journey row for {str(row.stage)!r} records its touch on {row.touch_channel!r}, "
                    "which is no channel.",
                    hint="Use the slug of a channel under Campaigns → Channels, or add the channel.",
                    obj="crm/journey.py",
                    id="campaigns.E003",
                )
            )
        elif phases[row.touch_channel] != row.phase:
            errors.append(
                Error(
                    f"The journey row for {str(row.stage)!r} is in Kindred phase {row.phase}, but its "
                    f"channel {row.touch_channel!r} is in phase {phases[row.touch_channel]}.",
                    hint="A touch is in the phase of its channel: choose a channel of the row's phase, "
                    "or correct the phase.",
                    obj="crm/journey.py",
                    id="campaigns.E004",
                )
            )
    return errors

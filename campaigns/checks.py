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

"""Whose figures a person may see, as an ``Audience`` every screen and builder checks.

The rule itself belongs to the app that knows its people (for this project, the CRM's staff
records and roles): ``settings.REPORT_AUDIENCE_FUNCTION`` names it, and ``audience_for`` calls it.
Anyone who may not see a screen gets a 404, never a 403, so its existence is not given away.
"""

import enum
from collections.abc import Iterable

from django.conf import settings
from django.http import Http404
from django.utils.module_loading import import_string


class Audience(enum.StrEnum):
    EVERYONE = "everyone"
    TEAM = "team"
    AGGREGATE = "aggregate"
    NONE = "none"


def audience_for(user) -> Audience:
    """Whose figures this person may see: everyone's, their team's, totals only, or nothing."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Audience.NONE
    return Audience(import_string(settings.REPORT_AUDIENCE_FUNCTION)(user))


def audience_require(user, allowed: Iterable[Audience]) -> Audience:
    audience = audience_for(user)
    if audience not in set(allowed):
        raise Http404("Not found")
    return audience

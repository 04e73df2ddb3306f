"""Production settings for the rehearsal's one beat: the side-effect sweep every 10 seconds instead of every
5 minutes, so that beat is seen to run it (and each run to be worked once) within the rehearsal."""

from website.settings.production import *  # noqa: F403
from website.settings.production import CELERY_BEAT_SCHEDULE

CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "side-effects-sweep": {**CELERY_BEAT_SCHEDULE["side-effects-sweep"], "schedule": 10.0},
}

"""What Celery beat runs, and when. Exactly one beat runs in the whole system (README "Scaling past one machine").

The sweeps queue side-effect rows whose task never ran; the nightly jobs rebuild what the reports read
and apply the retention policy; the morning jobs send digests, reminders and survey invitations.
"""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    "side-effects-sweep": {"task": "crm.tasks.side_effects_sweep", "schedule": 300.0},
    "daily-digests": {
        "task": "crm.tasks.daily_digests_send",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "booking-reminders": {"task": "crm.tasks.booking_reminders_send", "schedule": crontab(hour=10, minute=0)},
    "journeys-rebuild": {"task": "crm.tasks.journeys_rebuild_run", "schedule": crontab(hour=3, minute=45)},
    # After the night's journey dates are rebuilt, in working hours: the surveys are read at a sensible time.
    "survey-invitations": {
        "task": "crm.tasks.survey_invitations_run",
        "schedule": crontab(hour=9, minute=15),
    },
    "mailchimp-syncs-sweep": {
        "task": "campaigns.tasks.mailchimp_syncs_sweep",
        "schedule": 600.0,
    },
    "story-emails-sweep": {"task": "website.tasks.story_emails_sweep", "schedule": 300.0},
    "information-packs-sweep": {
        "task": "website.tasks.information_packs_sweep",
        "schedule": 600.0,
    },
    "mailchimp-reconcile": {
        "task": "campaigns.tasks.mailchimp_reconcile_run",
        "schedule": crontab(hour=2, minute=30),
    },
    "credits-rebuild": {
        "task": "campaigns.tasks.credits_rebuild_run",
        "schedule": crontab(hour=4, minute=15),
    },
    "touchpoints-reconcile": {
        "task": "campaigns.tasks.touchpoints_reconcile_run",
        "schedule": 600.0,
    },
    "retention": {
        "task": "crm.tasks_privacy.retention_apply_run",
        "schedule": crontab(hour=3, minute=15),
    },
}

"""The Celery settings that keep a task from being lost or run twice, as the worker's app reads them.

A task is acknowledged only once it has run (a worker that dies mid-task leaves it with the
broker), rejected back to the queue when its pool process is lost, and each worker takes one task
at a time. Every time limit and retry delay stays below Redis's visibility timeout, after which the
broker hands an unacknowledged task out again, so a task that is still running is never duplicated.
Sweeps on the beat schedule queue any row whose task never ran.
"""

from django.conf import settings

from core import outbox
from core import tasks as core_tasks
from crm import tasks as crm_tasks
from website.celery import app

VISIBILITY_TIMEOUT = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def test_tasks_are_acknowledged_late_and_given_back_when_their_worker_is_lost():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_task_with_a_side_effect_is_acknowledged_late_whatever_the_default():
    app.loader.import_default_modules()
    for name in (
        "crm.tasks.side_effect_run",
        "campaigns.tasks.mailchimp_sync_run",
        "core.tasks.outbox_batch_run",
    ):
        assert app.tasks[name].acks_late is True, name


def test_time_limits_and_retry_delays_stay_below_the_visibility_timeout():
    soft, hard = app.conf.task_soft_time_limit, app.conf.task_time_limit
    assert 0 < soft < hard < VISIBILITY_TIMEOUT
    assert outbox.BACKOFF_CAP_SECONDS < VISIBILITY_TIMEOUT
    # Even the longest retry, with its jitter, is handed out before the broker would redeliver it.
    assert max(crm_tasks.backoff(retries) for retries in range(20)) <= outbox.BACKOFF_CAP_SECONDS

    from core.outbox import BACKOFF_CAP_SECONDS as MAILCHIMP_BACKOFF_CAP

    assert MAILCHIMP_BACKOFF_CAP < VISIBILITY_TIMEOUT
    # Sending mail gives up well inside the task's soft limit.
    assert soft > settings.EMAIL_TIMEOUT
    assert settings.ANYMAIL["REQUESTS_TIMEOUT"] < soft
    # Tasks sent together stop starting new ones in time for the last to finish inside it too.
    slowest_email = max(settings.EMAIL_TIMEOUT, settings.ANYMAIL["REQUESTS_TIMEOUT"])
    assert core_tasks.BATCH_SECONDS + slowest_email < soft


def test_the_nightly_rebuilds_have_time_for_every_household_and_stay_below_the_visibility_timeout():
    # Over a million households they take minutes: the default limit would stop them every night.
    app.loader.import_default_modules()
    for name in ("crm.tasks.journeys_rebuild_run", "campaigns.tasks.credits_rebuild_run"):
        task = app.tasks[name]
        assert task.acks_late is True, name
        assert app.conf.task_time_limit < task.soft_time_limit < task.time_limit < VISIBILITY_TIMEOUT, name


def test_a_broker_outage_never_holds_up_a_request():
    assert app.conf.task_publish_retry is False
    assert app.conf.broker_connection_timeout <= 2
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["max_retries"] == 0
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] <= 2


def test_sweeps_on_the_beat_schedule_queue_rows_whose_task_never_ran():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["crm.tasks.side_effects_sweep"] <= 600
    assert schedule["campaigns.tasks.mailchimp_syncs_sweep"] <= 900
    app.loader.import_default_modules()
    assert {"crm.tasks.side_effects_sweep", "campaigns.tasks.mailchimp_syncs_sweep"} <= set(app.tasks)

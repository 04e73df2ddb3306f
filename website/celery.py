"""Celery application for APSE.

Configuration comes from Django settings under the ``CELERY_`` namespace, so the embedded
defaults (eager tasks, no broker) and the real Redis broker are switched by environment alone.
See https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

app = Celery("website")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

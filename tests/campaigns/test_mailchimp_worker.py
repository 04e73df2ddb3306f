"""Mailchimp syncs worked by a real Celery worker over Redis (a database of its own), with the real client.

Each test starts a worker thread (``celery.contrib.testing.worker.start_worker``) against a
transactional database, so the worker sees only what the test has committed, as in production.
"""

import pytest
import redis

from campaigns.models import MailchimpSync
from campaigns.newsletter.subscribers import subscriber_subscribe
from campaigns.tasks import mailchimp_sync_run  # noqa: F401 - registers the task before a worker finalises the app
from core import consent
from tests.crm.conftest import celery_using, redis_db_url, running_worker, wait_for

pytestmark = [pytest.mark.redis]

# One database below the test cache's (tests.crm.conftest.redis_db_url).
REDIS_DB = 1


@pytest.fixture
def mailchimp_redis(redis_url, settings):
    """A Redis database of its own, emptied, as both the broker and the cache that holds the call slots."""
    url = redis_db_url(redis_url, REDIS_DB)
    redis.Redis.from_url(url).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "apse-test-mailchimp",
        }
    }
    with celery_using(url):
        yield url


def sign_up(email: str):
    return subscriber_subscribe(
        email=email,
        first_name="Sam",
        council="bexley",
        wording=consent.NEWSLETTER.text,
        wording_version=consent.NEWSLETTER.version,
        source="Newsletter page",
    )


def nothing_pending() -> bool:
    return not MailchimpSync.objects.filter(status=MailchimpSync.Status.PENDING).exists()


def test_the_worker_retries_429_until_mailchimp_takes_it(
    mailchimp_redis, transactional_db, mailchimp_stand_in
):
    # Given Mailchimp says "too many requests" twice
    mailchimp_stand_in.fail_next(429, times=2)

    # When someone signs up and the worker sends it
    with running_worker():
        sign_up("sam@example.com")
        assert wait_for(nothing_pending)

    # Then it went on the third attempt
    sync = MailchimpSync.objects.get()
    assert (sync.status, sync.attempts, sync.response_status, sync.last_error) == ("done", 3, 204, "")
    assert [call.method for call in mailchimp_stand_in.calls()] == ["PUT", "PUT", "PUT", "POST"]
    assert mailchimp_stand_in.member("sam@example.com").merge_fields == {"FNAME": "Sam", "COUNCIL": "Bexley"}


def test_the_worker_gives_up_on_a_failing_mailchimp_and_says_why(
    mailchimp_redis, transactional_db, mailchimp_stand_in
):
    mailchimp_stand_in.fail_next(500, times=10)

    with running_worker():
        sign_up("sam@example.com")
        assert wait_for(nothing_pending)

    sync = MailchimpSync.objects.get()
    assert (sync.status, sync.attempts, sync.response_status) == ("failed", 3, 500)
    assert sync.last_error.startswith(
        "Gave up after 3 attempts. Mailchimp could not take the change just now (HTTP 500)."
    )
    assert len(mailchimp_stand_in.calls()) == 3


@pytest.mark.postgres
@pytest.mark.parametrize("limit", [10, 3])
def test_never_more_calls_in_flight_than_the_limit_across_sixteen_worker_threads(
    postgres, mailchimp_redis, transactional_db, mailchimp_stand_in, settings, limit
):
    # Given a slow Mailchimp, the in-flight limit, and thirty sign-ups queued while no worker runs
    mailchimp_stand_in.delay = 0.3
    settings.MAILCHIMP_MAX_IN_FLIGHT = limit
    for n in range(30):
        sign_up(f"person{n}@example.com")
    assert MailchimpSync.objects.filter(status="pending").count() == 30

    # When a worker with sixteen threads works them all
    with running_worker(pool="threads", concurrency=16):
        assert wait_for(nothing_pending, timeout=90)

    # Then every one went, waiting for a slot without using up an attempt
    assert set(MailchimpSync.objects.values_list("status", flat=True)) == {"done"}
    assert set(MailchimpSync.objects.values_list("attempts", flat=True)) == {1}
    assert len(mailchimp_stand_in.members) == 30
    # And Mailchimp never had more calls at once than the limit, which is what held them back
    print(f"Limit {limit}: most calls in flight at once: {mailchimp_stand_in.max_in_flight}")  # noqa: T201 - for the run's log
    assert limit - 2 <= mailchimp_stand_in.max_in_flight <= limit

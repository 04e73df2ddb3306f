"""What one enquiry POST costs the database and the broker: pinned, so neither creeps back up.

Timings belong to the benchmark (``make bench``, ``bench/profile_enquiry.py``); these are the counts
behind them. The POST goes through the enquiry page as a visitor's does, committing for real
(a transactional database), so the statements counted are production's: BEGIN and COMMIT included.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import redis
from celery.signals import before_task_publish

from crm.models import Enquiry, Household, SideEffect
from tests.factories import add_page, staff_member
from website.models import EnquiryPage

pytestmark = [pytest.mark.redis]

# A new person's enquiry (email and phone, a Kent postcode, no central team): the page found (site,
# pages, view restrictions), the postcode looked up once, then one transaction (BEGIN): an advisory
# lock each on their email and their phone, the returning-person look-up, the clocks, the routing
# rule, the team row locked as it is read (the central team first: there is none here), the least
# busy worker, the household written once with its team and worker, its journey row, that worker's
# turn, the enquiry, its consent, then its two timeline entries, two audit entries and two
# side-effect rows a statement each, and the COMMIT; after it, the information-pack listener's look-up.
NEW_PERSON_STATEMENTS = 26


@pytest.fixture
def enquiry_page(home_page, crm_reference):
    staff_member("kent.worker", council="kent")
    return add_page(home_page, EnquiryPage, title="Ask us about adopting", slug="enquire")


def form(token: str, n: int = 0) -> dict:
    return {
        "first_name": "Sam",
        "last_name": f"Jones{n}",
        "household_type": "single",
        "email": f"sam{n}@example.com",
        "phone": f"07700 900{n:03}",
        "postcode": "ME14 1XX",
        "children_at_home": "none",
        "heard_about": "radio",
        "best_time_to_call": "evening",
        "contact_consent": "on",
        "form_token": token,
        "submission_key": f"7f6c3f0e-7a8e-4f5b-9d3f-0c1d2e3f4{n:03}",
    }


def post(client, page, data):
    response = client.post(page.url, data, REMOTE_ADDR=f"10.0.0.{data['last_name'][-1]}")
    assert response.status_code == 302
    return response


@pytest.mark.postgres
def test_a_new_persons_enquiry_takes_a_pinned_number_of_statements_and_no_savepoint(
    postgres, transactional_db, client, enquiry_page, old_token, celery_broker
):
    post(client, enquiry_page, form(old_token, 1))  # anything done once per process happens here

    with CaptureQueriesContext(connection) as captured:
        post(client, enquiry_page, form(old_token, 2))

    statements = [query["sql"] for query in captured.captured_queries]
    listed = "\n".join(statements)
    assert len(statements) == NEW_PERSON_STATEMENTS, listed
    assert (statements.count("BEGIN"), statements.count("COMMIT")) == (1, 1)
    assert not [sql for sql in statements if "SAVEPOINT" in sql], listed
    # Routed before it is written: the household is inserted once, never updated.
    assert not [sql for sql in statements if sql.startswith('UPDATE "crm_household"')], listed
    assert [sql for sql in statements if "pg_advisory_xact_lock" in sql]
    assert [sql for sql in statements if 'FROM "crm_team"' in sql and sql.endswith("FOR UPDATE")]
    household = Household.objects.get(last_name="Jones2")
    assert household.assigned_to.user.username == "kent.worker" and household.team.council == "kent"
    assert SideEffect.objects.filter(household=household).count() == 2


@pytest.mark.postgres
def test_one_enquiry_post_publishes_one_message_to_the_broker(
    postgres, transactional_db, client, enquiry_page, old_token, celery_broker
):
    broker = redis.Redis.from_url(celery_broker)
    published = []

    def count(sender=None, **kwargs):
        published.append(sender)

    before_task_publish.connect(count, weak=False)
    try:
        post(client, enquiry_page, form(old_token, 3))
    finally:
        before_task_publish.disconnect(count)

    # Its two emails and its touches, in one message a worker takes whole.
    assert published == ["core.tasks.outbox_batch_run"]
    assert broker.llen("celery") == 1
    enquiry = Enquiry.objects.get()
    assert SideEffect.objects.filter(household=enquiry.household, status="pending").count() == 2


@pytest.mark.postgres
def test_the_same_form_sent_twice_is_one_enquiry_and_one_message(
    postgres, transactional_db, client, enquiry_page, old_token, celery_broker
):
    broker = redis.Redis.from_url(celery_broker)
    post(client, enquiry_page, form(old_token, 4))
    post(client, enquiry_page, form(old_token, 4))

    assert Enquiry.objects.count() == 1
    assert Household.objects.count() == 1
    assert broker.llen("celery") == 1

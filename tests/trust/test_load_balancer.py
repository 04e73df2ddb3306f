"""Behind the load balancer, every visitor is still themselves: genuine enquiries and sign-ups from
many addresses are all taken; one address sending too many still trips the limit.

gunicorn runs the production settings with ``TRUSTED_PROXY_COUNT=1`` behind the pretend balancer
(``load_balancer``); each visitor connects to it from an address of their own on loopback.
"""

import time

import pytest

from core import consent
from tests.trust import stack
from tests.trust.figures import record
from tests.trust.load_balancer import FromAddress, PretendLoadBalancer

pytestmark = [pytest.mark.trust, pytest.mark.postgres, pytest.mark.redis]

MIN_FILL_SECONDS = 3.2
VISITORS = 12


def visitor_from(base_url: str, address: str) -> stack.Visitor:
    visitor = stack.Visitor(base_url)
    visitor.session.mount("http://", FromAddress(address))
    return visitor


def enquiry_statuses(database: stack.Database, pattern: str) -> dict[str, int]:
    rows = database.rows(
        "SELECT status, count(*) FROM crm_enquiry WHERE data->>'email' LIKE %s GROUP BY status", [pattern]
    )
    return dict(rows)


def test_visitors_from_many_addresses_behind_the_balancer_are_never_one_bucket(
    trust_database, trust_static, own_redis, processes
):
    env = stack.app_environment(
        database_url=trust_database.url,
        static_root=trust_static,
        redis_url=own_redis.url,
        TRUSTED_PROXY_COUNT="1",
    )
    web = stack.Gunicorn(env=env, workers=2)
    processes.append(web)
    web.start()
    with PretendLoadBalancer(upstream_port=web.port) as balancer:
        # Twelve families, each from their own address, open the form, take their time and send it.
        families = [visitor_from(balancer.url, f"127.0.0.{n + 2}") for n in range(VISITORS)]
        forms = [(visitor, visitor.open_form()) for visitor in families]
        time.sleep(MIN_FILL_SECONDS)
        for n, (visitor, form) in enumerate(forms):
            response = visitor.send(form, email=f"family-{n}@example.com")
            assert stack.thanks_path(response), (response.status_code, response.text[:500])

        # One address sending seven is still a script to the spam rule.
        one = visitor_from(balancer.url, "127.0.0.99")
        forms = [one.open_form() for _ in range(7)]
        time.sleep(MIN_FILL_SECONDS)
        for n, form in enumerate(forms):
            one.send(form, email=f"same-address-{n}@example.com")

        # Twelve readers sign up for the newsletter from twelve addresses.
        for n in range(VISITORS):
            reader = visitor_from(balancer.url, f"127.0.1.{n + 2}")
            response = reader.request(
                "POST",
                "/newsletter/",
                data={
                    "email": f"reader-{n}@example.com",
                    "consent": "on",
                    "wording_version": consent.NEWSLETTER.version,
                },
            )
            assert response.status_code == 302, response.text[:500]
        addresses_seen = len(balancer.visitors)

    assert enquiry_statuses(trust_database, "family-%") == {"accepted": VISITORS}
    assert enquiry_statuses(trust_database, "same-address-%") == {"accepted": 5, "quarantined": 2}
    subscribed = trust_database.value(
        "SELECT count(*) FROM campaigns_subscriber WHERE email LIKE 'reader-%%'"
    )
    held = trust_database.value("SELECT count(*) FROM campaigns_heldsignup")
    assert (subscribed, held) == (VISITORS, 0)
    # The audit trail and the lockout see the same addresses: what the site recorded is the visitors'.
    assert addresses_seen == 2 * VISITORS + 1
    record(
        "balancer",
        visitors=VISITORS,
        addresses=addresses_seen,
        genuine_enquiries=VISITORS,
        quarantined=0,
        one_address_sent=7,
        one_address_quarantined=2,
        newsletter_signups=VISITORS,
        newsletter_held=0,
    )

"""Hostile input at the forum's member pages: joining (the forum name), starting a topic, replying and
reporting. Never a server error, never a script given back, never a cross-site post let through; and
whatever was posted is either held or up, never anything a member's page cannot show again."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community.models import Post, Topic
from community.services import topic_create
from crm.services.applicants import sign_in_link_request, sign_in_link_use, sign_in_token
from crm.views.applicant import APPLICANT_COOKIE
from tests.community.helpers import member, seasoned
from tests.trust.test_fuzz import SCRIPT, browser, fields, post, raw_bodies, tally  # noqa: F401

FORUM = "/your-adoption/forum/"
TOPIC = {"title": "Tips for the first week", "body": "What helped you most?"}
REPLY = {"body": "Lots of quiet time at home helped us."}
JOIN = {"display_name": "Quiet Harbour", "accept": "on"}


@pytest.fixture
def writer(crm_reference, settings):
    settings.FORUM_POSTS_PER_HOUR = settings.FORUM_POSTS_PER_DAY = 10_000
    return seasoned(member(who="fuzzer"))


def _signed_in(client, membership):
    """Sign in once per test (sign-in links are limited per hour): the client keeps its cookie between examples."""
    if not (APPLICANT_COOKIE in client.cookies and client.cookies[APPLICANT_COOKIE].value):
        link = sign_in_link_request(email=membership.household.email)
        client.cookies[APPLICANT_COOKIE] = sign_in_link_use(token=sign_in_token(link)).cookie
    assert client.get(FORUM).status_code in (200, 302)
    return client


@pytest.fixture
def signed_in(browser, writer):  # noqa: F811
    return _signed_in(browser, writer)


@pytest.fixture
def topic(writer):
    return topic_create(membership=writer, title="Welcome", body="Say hello").topic


def _with_csrf(client, data: dict) -> dict:
    token = client.cookies.get("csrftoken")
    return {**data, "csrfmiddlewaretoken": token.value} if token else data


@pytest.mark.django_db
@given(data=fields(TOPIC), cross_site=st.booleans())
def test_starting_a_topic(signed_in, tally, data, cross_site):  # noqa: F811
    signed_in.get(f"{FORUM}new/")
    data = data if cross_site else _with_csrf(signed_in, data)
    tally.check(post(signed_in, f"{FORUM}new/", data, cross_site=cross_site), cross_site=cross_site)
    tally.check(signed_in.get(FORUM))
    for made in Topic.objects.all():
        tally.check(signed_in.get(f"{FORUM}topics/{made.pk}/"))


@pytest.mark.django_db
@given(data=fields(REPLY), raw=st.one_of(st.none(), raw_bodies))
def test_replying(signed_in, topic, tally, data, raw):  # noqa: F811
    path = f"{FORUM}topics/{topic.pk}/"
    signed_in.get(path)
    if raw is not None:
        response = signed_in.generic(
            "POST", path, raw[1], content_type=raw[0], HTTP_ORIGIN="http://testserver"
        )
        tally.check(response, cross_site=True)
    else:
        tally.check(post(signed_in, path, _with_csrf(signed_in, data)))
    page = signed_in.get(path)
    tally.check(page)
    assert SCRIPT not in page.content.decode()
    assert set(Post.objects.values_list("status", flat=True)) <= {Post.Status.HELD, Post.Status.PUBLISHED}


@pytest.fixture
def joiner(crm_reference):
    return member(who="joiner", joined=False)


@pytest.mark.django_db
@given(data=fields(JOIN))
def test_joining(browser, joiner, tally, data):  # noqa: F811
    from community.models import Membership

    Membership.objects.filter(pk=joiner.pk).update(display_name="", conduct_version="")
    client = _signed_in(browser, joiner)
    client.get(f"{FORUM}join/")
    tally.check(post(client, f"{FORUM}join/", _with_csrf(client, data)))
    joiner.refresh_from_db()
    assert len(joiner.display_name) <= 30


@pytest.mark.django_db
@given(post_id=st.integers(min_value=-5, max_value=10**12), cross_site=st.booleans())
def test_reporting_any_post(signed_in, topic, tally, post_id, cross_site):  # noqa: F811
    path = f"{FORUM}posts/{post_id}/report/" if post_id >= 0 else f"{FORUM}posts/x{post_id}/report/"
    signed_in.get(f"{FORUM}topics/{topic.pk}/")
    data = {} if cross_site else _with_csrf(signed_in, {})
    response = post(signed_in, path, data, cross_site=cross_site)
    tally.check(response, cross_site=cross_site or response.status_code == 404)

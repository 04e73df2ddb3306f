"""The forum's rules: who may join which space, first posts held, the filter, reports, rate limits,
moderation, and membership ending with the case."""

import datetime as dt

from django.utils import timezone

import pytest

from community.models import Membership, Post, Space
from community.selectors import topic_posts, topics_for
from community.services import (
    APPROVE,
    REJECT,
    ForumError,
    membership_grant,
    membership_join,
    post_moderate,
    post_report,
    reply_create,
    topic_create,
)
from crm.models import AuditEvent
from tests.community.helpers import household_at, member, seasoned, worker
from tests.factories import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference(crm_reference):
    return crm_reference


def test_the_space_offered_follows_the_household_stage():
    assert member(who="enquirer", stage="information_event").space == Space.NEW
    assert member(who="assessed", stage="stage_one").space == Space.MEMBERS
    assert member(who="approved", stage="approved").space == Space.MEMBERS


def test_granting_twice_changes_nothing_and_is_audited_once():
    household = household_at("stage_two", who="twice")
    first = membership_grant(household_id=household.pk, by=worker())
    again = membership_grant(household_id=household.pk, by=worker())
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(household_id=household.pk, object_type="forum_membership").count() == 1


def test_a_worker_cannot_grant_a_household_they_may_not_open():
    household = household_at("stage_two", who="kentish")
    medway = staff_member("medway.worker", council="medway").user
    with pytest.raises(ForumError, match="no household you can open"):
        membership_grant(household_id=household.pk, by=medway)
    assert not Membership.objects.exists()


def test_a_display_name_like_a_real_name_is_refused_and_names_are_unique():
    membership = member(who="namer", joined=False)
    with pytest.raises(ForumError, match="real full name"):
        membership_join(membership=membership, display_name="Jessica Brown", accept_conduct=True)
    member(who="first", name="Quiet Reader")
    with pytest.raises(ForumError, match="already uses"):
        membership_join(membership=membership, display_name="quiet reader", accept_conduct=True)
    joined = membership_join(membership=membership, display_name="Night Owl", accept_conduct=True)
    assert joined.has_joined and joined.conduct_accepted_at is not None


def test_a_new_member_s_first_posts_are_held_then_posts_go_up_at_once(settings):
    settings.FORUM_FIRST_POSTS_HELD = 3
    writer = member(who="writer")
    opening = topic_create(membership=writer, title="Hello all", body="Just joined, stage two here.")
    assert opening.status == Post.Status.HELD
    moderator = staff_member("boss", role="manager").user
    post_moderate(post_id=opening.pk, action=APPROVE, by=moderator)
    statuses = []
    for number in range(3):
        post = reply_create(membership=writer, topic_id=opening.topic_id, body=f"Reply {number}")
        statuses.append(post.status)
        if post.status == Post.Status.HELD:
            post_moderate(post_id=post.pk, action=APPROVE, by=moderator)
    assert statuses == [Post.Status.HELD, Post.Status.HELD, Post.Status.PUBLISHED]


def test_a_post_naming_a_school_is_held_whoever_writes_it_and_shown_only_to_its_author():
    writer = seasoned(member(who="writer"))
    reader = member(who="reader")
    topic = topic_create(membership=writer, title="Settling in", body="Any tips for the first week?").topic
    held = reply_create(membership=writer, topic_id=topic.pk, body="She loves St Mary's Primary already.")
    assert held.status == Post.Status.HELD
    assert any("school" in reason for reason in held.held_reasons)
    assert held in topic_posts(membership=writer, topic=topic)
    assert held not in topic_posts(membership=reader, topic=topic)


def test_a_held_topic_is_not_listed_for_anyone_else():
    writer = member(who="writer")
    reader = member(who="reader")
    topic_create(membership=writer, title="At Oakwood Academy", body="Hello")
    assert topics_for(writer).count() == 1
    assert topics_for(reader).count() == 0


def test_a_new_to_adoption_member_never_sees_the_members_forum():
    writer = seasoned(member(who="writer"))
    newcomer = member(who="newcomer", stage="information_event")
    topic_create(membership=writer, title="Panel next week", body="Nervous!")
    assert topics_for(newcomer).filter(space=Space.MEMBERS).count() == 0
    with pytest.raises(ForumError):
        reply_create(membership=newcomer, topic_id=topics_for(writer).first().pk, body="Good luck")


def test_two_members_reports_hide_a_post_until_a_moderator_looks(settings):
    settings.FORUM_REPORTS_TO_HIDE = 2
    writer = seasoned(member(who="writer"))
    first, second = member(who="first"), member(who="second")
    post = topic_create(membership=writer, title="Views", body="Something unkind")
    post_report(post_id=post.pk, reporter=first)
    post_report(post_id=post.pk, reporter=first)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    post_report(post_id=post.pk, reporter=second)
    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    assert post not in topic_posts(membership=first, topic=post.topic)


def test_a_member_cannot_report_their_own_post():
    writer = seasoned(member(who="writer"))
    post = topic_create(membership=writer, title="Mine", body="My own words")
    with pytest.raises(ForumError, match="own post"):
        post_report(post_id=post.pk, reporter=writer)


def test_rejecting_needs_a_reason_the_author_sees_and_is_audited():
    writer = member(who="writer")
    post = topic_create(membership=writer, title="Hi", body="Call me on 07700 900123")
    moderator = staff_member("boss", role="manager").user
    with pytest.raises(ForumError, match="reason"):
        post_moderate(post_id=post.pk, action=REJECT, by=moderator)
    post_moderate(post_id=post.pk, action=REJECT, reason="Please leave out phone numbers.", by=moderator)
    post.refresh_from_db()
    assert post.status == Post.Status.REJECTED and post.moderator_reason == "Please leave out phone numbers."
    assert AuditEvent.objects.filter(object_type="forum_post", object_id=post.pk, user=moderator).exists()


def test_rate_limits_refuse_with_a_clear_message(settings):
    settings.FORUM_POSTS_PER_HOUR = 2
    settings.FORUM_POSTS_PER_DAY = 3
    writer = seasoned(member(who="writer"))
    now = timezone.now()
    topic = topic_create(membership=writer, title="Busy", body="One", now=now - dt.timedelta(hours=3)).topic
    reply_create(membership=writer, topic_id=topic.pk, body="Two", now=now - dt.timedelta(minutes=5))
    reply_create(membership=writer, topic_id=topic.pk, body="Three", now=now - dt.timedelta(minutes=2))
    with pytest.raises(ForumError, match="in the last hour"):
        reply_create(membership=writer, topic_id=topic.pk, body="Four", now=now)
    with pytest.raises(ForumError, match="today"):
        reply_create(membership=writer, topic_id=topic.pk, body="Four", now=now + dt.timedelta(hours=2))


def test_membership_ends_when_the_case_closes(django_capture_on_commit_callbacks):
    from crm.services import household_close

    writer = member(who="closer")
    with django_capture_on_commit_callbacks(execute=True):
        household_close(household=writer.household, reason="withdrew_circumstances", by=None)
    writer.refresh_from_db()
    assert writer.status == Membership.Status.ENDED

"""Every change to the forum: memberships, posts, reports and moderation.

Each refuses an illegal move with a ``ForumError`` whose text is written for the person who acts on it,
and doing a thing twice is harmless. Staff actions (granting, moderating, suspending) are recorded in
the CRM's audit trail like every other staff action, by reference and never by what a member wrote.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.conduct import CONDUCT_VERSION
from community.filter import display_name_problem, identifying_reasons
from community.models import Membership, Post, Report, Space, Topic
from community.selectors import space_for_stage
from crm.models import AuditEvent, Household
from crm.selectors import households_visible_to
from crm.services.privacy import audit_record

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 4000
REMOVED_TITLE = "(The title was removed by the member who wrote it)"


class ForumError(Exception):
    """The change cannot be made; the text says why, in words for whoever asked."""


# Memberships ------------------------------------------------------------------------------------


@transaction.atomic
def membership_grant(*, household_id: int, by) -> Membership:
    """A worker lets a household they may open into the space its stage fits, after checking who they are.

    Granting again changes nothing; a household whose stage now fits the other space (an enquirer
    who has started assessment) moves there, keeping their name and posts in the space they left.
    """
    household = households_visible_to(by).select_for_update(of=("self",)).filter(pk=household_id).first()
    if household is None:
        raise ForumError("There is no household you can open with that reference.")
    if not household.is_open:
        raise ForumError(f"{household.reference} is closed, so they cannot join the forum.")
    space = space_for_stage(household)
    if space is None:
        raise ForumError(
            f"{household.reference} is not adopting with us at a stage the forum is for: it is for "
            "people enquiring about adoption, in assessment or approved."
        )
    current = Membership.objects.filter(household=household).exclude(status=Membership.Status.ENDED).first()
    if current is not None and current.space == space:
        return current
    if current is not None:
        if current.status == Membership.Status.SUSPENDED:
            raise ForumError(
                f"{household.reference}'s membership is suspended; a moderator must reinstate it."
            )
        current.space = space
        current.save(update_fields=["space"])
        _audit(by=by, membership=current, summary=f"Forum membership moved to {Space(space).label}")
        return current
    membership = Membership.objects.create(household=household, space=space, granted_by=by)
    _audit(by=by, membership=membership, summary=f"Forum membership granted: {Space(space).label}")
    return membership


@transaction.atomic
def membership_join(*, membership: Membership, display_name: str, accept_conduct: bool) -> Membership:
    """The member chooses their forum name and accepts the code of conduct (the version is recorded)."""
    if not accept_conduct:
        raise ForumError("Tick the box to say you accept the code of conduct.")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise ForumError("Your forum membership is not active.")
    name = " ".join(display_name.split())
    if not membership.display_name:
        if problem := display_name_problem(name):
            raise ForumError(problem)
        if Membership.objects.filter(display_name__iexact=name).exclude(pk=membership.pk).exists():
            raise ForumError("Someone already uses that name. Choose another.")
        membership.display_name = name
    membership.conduct_version = CONDUCT_VERSION
    membership.conduct_accepted_at = timezone.now()
    try:
        with transaction.atomic():
            membership.save(update_fields=["display_name", "conduct_version", "conduct_accepted_at"])
    except IntegrityError:
        raise ForumError("Someone already uses that name. Choose another.") from None
    return membership


def _membership_status_set(*, membership_id: int, status: str, reason: str, by, allowed_from: set[str]):
    membership = Membership.objects.select_for_update().get(pk=membership_id)
    if membership.status == status:
        return membership
    if membership.status not in allowed_from:
        raise ForumError(
            f"This membership is {membership.get_status_display().lower()}: it cannot be changed so."
        )
    membership.status = status
    membership.status_reason = reason.strip()[:250]
    membership.status_changed_at = timezone.now()
    membership.save(update_fields=["status", "status_reason", "status_changed_at"])
    if by is not None:
        _audit(
            by=by,
            membership=membership,
            summary=f"Forum membership {membership.get_status_display().lower()}",
        )
    return membership


@transaction.atomic
def membership_suspend(*, membership_id: int, reason: str, by) -> Membership:
    if not reason.strip():
        raise ForumError("Say why the membership is suspended: the member is told.")
    return _membership_status_set(
        membership_id=membership_id,
        status=Membership.Status.SUSPENDED,
        reason=reason,
        by=by,
        allowed_from={Membership.Status.ACTIVE},
    )


@transaction.atomic
def membership_reinstate(*, membership_id: int, by) -> Membership:
    return _membership_status_set(
        membership_id=membership_id,
        status=Membership.Status.ACTIVE,
        reason="",
        by=by,
        allowed_from={Membership.Status.SUSPENDED},
    )


@transaction.atomic
def membership_end(*, membership_id: int, reason: str, by) -> Membership:
    """End a membership for good (a new one must be granted); the member's posts stay under their forum name."""
    if not reason.strip():
        raise ForumError("Say why the membership is ended.")
    return _membership_status_set(
        membership_id=membership_id,
        status=Membership.Status.ENDED,
        reason=reason,
        by=by,
        allowed_from={Membership.Status.ACTIVE, Membership.Status.SUSPENDED},
    )


@transaction.atomic
def memberships_end_for_households(*, household_ids: list[int], reason: str) -> int:
    """The case closed or the record was merged away: the household's membership ends with it."""
    ended = 0
    for membership in Membership.objects.filter(household_id__in=household_ids).exclude(
        status=Membership.Status.ENDED
    ):
        _membership_status_set(
            membership_id=membership.pk,
            status=Membership.Status.ENDED,
            reason=reason,
            by=None,
            allowed_from={Membership.Status.ACTIVE, Membership.Status.SUSPENDED},
        )
        ended += 1
    return ended


def memberships_end_if_closed(*, household_id: int) -> int:
    household = Household.objects.filter(pk=household_id).first()
    if household is None or household.is_open:
        return 0
    return memberships_end_for_households(household_ids=[household_id], reason="The case closed")


# Posts ------------------------------------------------------------------------------------------


def _clean(text: str, *, what: str, limit: int) -> str:
    text = text.replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise ForumError(f"Write the {what} before posting.")
    if len(text) > limit:
        raise ForumError(f"The {what} is {len(text) - limit} characters too long: it can be {limit} at most.")
    return text


def _rate_check(membership: Membership, now: dt.datetime) -> None:
    recent = Post.objects.filter(author=membership, created_at__gt=now - dt.timedelta(days=1))
    if recent.filter(created_at__gt=now - dt.timedelta(hours=1)).count() >= settings.FORUM_POSTS_PER_HOUR:
        raise ForumError(
            f"You have posted {settings.FORUM_POSTS_PER_HOUR} times in the last hour, the most the forum "
            "allows. Your words are kept below: please post them a little later."
        )
    if recent.count() >= settings.FORUM_POSTS_PER_DAY:
        raise ForumError(
            f"You have posted {settings.FORUM_POSTS_PER_DAY} times today, the most the forum allows in a "
            "day. Your words are kept below: please post them tomorrow."
        )


def _status_for(membership: Membership, text: str) -> tuple[str, list[str]]:
    """Held if anything could identify someone, or while the member's first posts are still checked."""
    if reasons := identifying_reasons(text):
        return Post.Status.HELD, reasons
    approved = membership.posts.exclude(status__in=[Post.Status.HELD, Post.Status.REJECTED]).count()
    if approved < settings.FORUM_FIRST_POSTS_HELD:
        return Post.Status.HELD, [
            f"A moderator reads each new member's first {settings.FORUM_FIRST_POSTS_HELD} posts before they go up."
        ]
    return Post.Status.PUBLISHED, []


def _active(membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise ForumError("Your forum membership is not active, so you cannot post.")
    if not membership.has_joined:
        raise ForumError("Choose your forum name and accept the code of conduct first.")
    return membership


@transaction.atomic
def topic_create(*, membership: Membership, title: str, body: str, now: dt.datetime | None = None) -> Post:
    """Start a topic in the member's own space; the title is checked with the post, as both are shown."""
    now = now or timezone.now()
    title = " ".join(_clean(title, what="title", limit=TITLE_MAX_LENGTH).split())
    body = _clean(body, what="post", limit=BODY_MAX_LENGTH)
    membership = _active(membership)
    _rate_check(membership, now)
    status, reasons = _status_for(membership, f"{title}\n{body}")
    topic = Topic.objects.create(
        space=membership.space, title=title, author=membership, created_at=now, last_post_at=now
    )
    return Post.objects.create(
        topic=topic,
        author=membership,
        opens_topic=True,
        body=body,
        status=status,
        held_reasons=reasons,
        created_at=now,
    )


@transaction.atomic
def reply_create(*, membership: Membership, topic_id: int, body: str, now: dt.datetime | None = None) -> Post:
    now = now or timezone.now()
    body = _clean(body, what="reply", limit=BODY_MAX_LENGTH)
    membership = _active(membership)
    topic = Topic.objects.filter(pk=topic_id, space=membership.space).first()
    if topic is None:
        raise ForumError("That topic is no longer there.")
    _rate_check(membership, now)
    status, reasons = _status_for(membership, body)
    post = Post.objects.create(
        topic=topic, author=membership, body=body, status=status, held_reasons=reasons, created_at=now
    )
    if status == Post.Status.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(last_post_at=now)
    return post


@transaction.atomic
def post_report(*, post_id: int, reporter: Membership, reason: str = "") -> Report:
    """A member reports a post they can read; enough members' reports hide it until a moderator looks."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .filter(pk=post_id, topic__space=reporter.space, status=Post.Status.PUBLISHED)
        .first()
    )
    if post is None:
        existing = Report.objects.filter(post_id=post_id, reporter=reporter).first()
        if existing is not None:
            return existing
        raise ForumError("That post is no longer there, or a moderator is already looking at it.")
    if post.author_id == reporter.pk:
        raise ForumError("You cannot report your own post. You can delete it instead.")
    report, _ = Report.objects.get_or_create(
        post=post, reporter=reporter, defaults={"reason": reason.strip()[:250]}
    )
    open_reports = post.reports.filter(reviewed_at__isnull=True).count()
    if open_reports >= settings.FORUM_REPORTS_TO_HIDE:
        post.status = Post.Status.HIDDEN
        post.save(update_fields=["status"])
    return report


@transaction.atomic
def post_delete_own(*, post_id: int, membership: Membership) -> None:
    """A member deletes their own post for good. Deleting a topic's opening post removes its title too,
    and the topic with it if nobody else has replied."""
    post = Post.objects.select_for_update().filter(pk=post_id, author=membership).first()
    if post is None:
        return
    _posts_delete(Post.objects.filter(pk=post.pk))


def _posts_delete(posts) -> int:
    """Delete posts; a topic they opened loses its title, and goes if no one else's post is left in it."""
    posts = list(posts.select_related("topic"))
    topics = {post.topic for post in posts if post.opens_topic}
    count, _ = Post.objects.filter(pk__in=[post.pk for post in posts]).delete()
    for topic in topics:
        if topic.posts.exists():
            Topic.objects.filter(pk=topic.pk).update(title=REMOVED_TITLE, author=None)
        else:
            topic.delete()
    return count


# Moderation -------------------------------------------------------------------------------------

APPROVE, REJECT, REMOVE = "approve", "reject", "remove"


@transaction.atomic
def post_moderate(*, post_id: int, action: str, reason: str = "", by) -> Post:
    """Approve a held or hidden post (it goes up), reject one (the author sees why) or remove a published one.

    Every open report on the post is marked as looked at. Approving a post that is already up, or
    rejecting one already rejected, changes nothing.
    """
    post = Post.objects.select_for_update(of=("self",)).select_related("topic").filter(pk=post_id).first()
    if post is None:
        raise ForumError("That post is no longer there: its author may have deleted it.")
    reason = reason.strip()[:250]
    if action in (REJECT, REMOVE) and not reason:
        raise ForumError("Give a reason: the member who wrote it is shown it.")
    now = timezone.now()
    if action == APPROVE:
        if post.status in (Post.Status.REJECTED, Post.Status.REMOVED):
            raise ForumError("This post was taken down; the member can write it again if they wish.")
        target, summary = Post.Status.PUBLISHED, "Forum post approved"
    elif action == REJECT:
        target, summary = Post.Status.REJECTED, "Forum post not published"
    elif action == REMOVE:
        target, summary = Post.Status.REMOVED, "Forum post removed"
    else:
        raise ForumError("Choose approve, reject or remove.")
    opened = post.reports.filter(reviewed_at__isnull=True).update(reviewed_at=now)
    if post.status == target and not opened:
        return post
    post.status = target
    post.moderator_reason = "" if action == APPROVE else reason
    post.moderated_at = now
    post.moderated_by = by
    post.save(update_fields=["status", "moderator_reason", "moderated_at", "moderated_by"])
    if action == APPROVE:
        Topic.objects.filter(pk=post.topic_id, last_post_at__lt=post.created_at).update(
            last_post_at=post.created_at
        )
    _audit(by=by, membership=post.author, summary=summary, object_type="forum_post", object_id=post.pk)
    return post


def _audit(*, by, membership: Membership, summary: str, object_type: str = "", object_id: int | None = None):
    audit_record(
        action=AuditEvent.Action.CHANGE,
        user=by,
        household_id=membership.household_id,
        object_type=object_type or "forum_membership",
        object_id=object_id or membership.pk,
        summary=summary,
    )


def erase_for_households(household_ids: list[int]) -> dict[str, int]:
    """Erasure: every post the households wrote, their reports and their memberships go for good."""
    memberships = Membership.objects.filter(household_id__in=household_ids)
    posts = _posts_delete(Post.objects.filter(author__in=memberships))
    reports, _ = Report.objects.filter(reporter__in=memberships).delete()
    Topic.objects.filter(author__in=memberships).update(author=None)
    count = memberships.count()
    memberships.delete()
    return {
        "Forum posts deleted": posts,
        "Forum reports deleted": reports,
        "Forum memberships deleted": count,
    }

"""Every read of the forum, narrowed to what the person asking may see.

A member reads their own space only: published posts, and their own posts whatever their state. Staff
see memberships of the households they may open (``crm.selectors.households_visible_to``); moderators
(managers, and staff given the "Can moderate the forum" permission) see the queue.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from community.models import Membership, Post, Report, Space, Topic
from crm.models import STAGE_ORDER, EnquiryType, Household, Stage
from crm.selectors import can_see_people, households_visible_to, sees_everything
from crm.selectors.applicants import ApplicantLink

MODERATE_PERMISSION = "community.moderate_post"
# The members' forum is for people in assessment and approved adopters; before that, "New to adoption".
NEW_FROM, MEMBERS_FROM, MEMBERS_TO = Stage.ENQUIRY, Stage.ROI_ACCEPTED, Stage.ADOPTION_ORDER


def space_for_stage(household: Household) -> str | None:
    """The space a household's stage fits, or None (another service's case, or only a pack asked for)."""
    if household.service != EnquiryType.ADOPTING or household.stage not in STAGE_ORDER:
        return None
    position = STAGE_ORDER[household.stage]
    if STAGE_ORDER[MEMBERS_FROM] <= position <= STAGE_ORDER[MEMBERS_TO]:
        return Space.MEMBERS
    if STAGE_ORDER[NEW_FROM] <= position < STAGE_ORDER[MEMBERS_FROM]:
        return Space.NEW
    return None


def is_moderator(user) -> bool:
    """Managers moderate by default; other staff with a CRM record when given the permission."""
    if not can_see_people(user):
        return False
    return sees_everything(user) or user.has_perm(MODERATE_PERMISSION)


def membership_for(household: Household) -> Membership | None:
    """The household's current membership (active or suspended), if any."""
    return Membership.objects.filter(household=household).exclude(status=Membership.Status.ENDED).first()


def visible_posts_q(membership: Membership, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Post.Status.PUBLISHED}) | Q(**{f"{prefix}author": membership})


def topics_for(membership: Membership) -> QuerySet[Topic]:
    """Topics in the member's space that have gone up, and the member's own, with how many replies each shows."""
    opening_seen = Post.objects.filter(topic=OuterRef("pk"), opens_topic=True).filter(
        visible_posts_q(membership)
    )
    return (
        Topic.objects.filter(space=membership.space)
        .filter(Exists(opening_seen))
        .select_related("author")
        .annotate(
            replies=Count(
                "posts", filter=visible_posts_q(membership, "posts__") & Q(posts__opens_topic=False)
            )
        )
    )


def topic_get(*, membership: Membership, topic_id: int) -> Topic:
    """A topic the member may read, or a 404 that does not say whether it exists elsewhere."""
    topic = topics_for(membership).filter(pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    return topic


def topic_posts(*, membership: Membership, topic: Topic) -> list[Post]:
    """The posts of a topic the member may read, oldest first, each knowing whether this member reported it."""
    mine = Report.objects.filter(post=OuterRef("pk"), reporter=membership)
    return list(
        topic.posts.filter(visible_posts_q(membership))
        .select_related("author")
        .annotate(reported_by_me=Exists(mine))
        .order_by("created_at", "pk")
    )


def own_post_get(*, membership: Membership, post_id: int) -> Post:
    post = Post.objects.select_related("topic").filter(pk=post_id, author=membership).first()
    if post is None:
        raise Http404("No such post")
    return post


def own_posts(membership_ids) -> QuerySet[Post]:
    """Every post these memberships wrote, for the member's own download and for subject access."""
    return (
        Post.objects.filter(author__in=membership_ids)
        .select_related("topic", "author")
        .order_by("created_at")
    )


def memberships_visible_to(user) -> QuerySet[Membership]:
    """Memberships of the households this member of staff may open; every membership for a moderator."""
    memberships = Membership.objects.select_related("household", "granted_by")
    if is_moderator(user):
        return memberships
    return memberships.filter(household__in=households_visible_to(user))


def moderation_queue() -> QuerySet[Post]:
    """Posts waiting for a moderator: held, hidden after reports, or up with a report nobody has looked at."""
    open_reports = Report.objects.filter(post=OuterRef("pk"), reviewed_at__isnull=True)
    return (
        Post.objects.filter(Q(status__in=[Post.Status.HELD, Post.Status.HIDDEN]) | Q(Exists(open_reports)))
        .select_related("topic", "author")
        .annotate(open_reports=Count("reports", filter=Q(reports__reviewed_at__isnull=True)))
        .order_by("created_at", "pk")
    )


def queue_post_get(*, post_id: int) -> Post:
    post = (
        Post.objects.select_related("topic", "author", "moderated_by")
        .prefetch_related(Prefetch("reports", queryset=Report.objects.select_related("reporter")))
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise Http404("No such post")
    return post


def applicant_link(household: Household) -> ApplicantLink | None:
    """The forum's place on the applicant's own page, for members only (``crm.selectors.applicants``)."""
    membership = Membership.objects.filter(household=household, status=Membership.Status.ACTIVE).first()
    if membership is None:
        return None
    return ApplicantLink(
        label=Space(membership.space).label,
        href=reverse("forum:index"),
        description="Talk with other people on the same journey, under a forum name of your own choosing.",
    )

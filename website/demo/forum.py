"""The demo forum: a few members in each space, topics with replies, and one post held for a moderator.

The demo applicant (``website.demo.applicant``, which loads this) is a member of "New to adoption", so signing in as them
shows the forum; ``manager`` and ``forum.moderator`` work the queue (Forum → Moderation queue).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.conduct import CONDUCT_VERSION
from community.filter import identifying_reasons
from community.models import Membership, Post, Space, Topic
from community.selectors import space_for_stage
from crm.models import EnquiryType, Household, StaffMember
from crm.services import staff_member_save
from website.roles import FORUM_MODERATORS

MEMBER_NAMES = {
    Space.MEMBERS: ["Tea and Patience", "Oak Tree Dad", "Kentish Two", "Slow and Steady"],
    Space.NEW: ["Hopeful in Kent", "Curious Couple", "Medway Maybe"],
}
TOPICS = {
    Space.MEMBERS: [
        (
            "Introductions week: where are you up to?",
            [
                "We are halfway through stage two and the home visits are more relaxed than I feared. Anyone else?",
                "Approved last spring and waiting. The waiting is the hardest part, but it helps to read this.",
                "Stage one here. The preparation training days were tiring but so useful.",
            ],
        ),
        (
            "Books that helped before panel",
            [
                "Which books did you find most useful before panel? Ours suggested a few on attachment.",
                "The ones on therapeutic parenting came up again and again in our assessment.",
            ],
        ),
    ],
    Space.NEW: [
        (
            "Just been to an information evening",
            [
                "We went to the online evening last week. Is it normal to feel excited and terrified at once?",
                "Completely normal! We felt the same, and the team were very patient with our questions.",
            ],
        ),
    ],
}
# A reply that names a school: the filter holds it, so the demo queue has one post waiting.
HELD_REPLY = "Our worker said children often keep the same school. Ours would stay at St Mary's Primary."


def _members(space: str, count: int, manager, applicant_email: str) -> list[Membership]:
    households = [
        household
        for household in Household.objects.active()
        .filter(closed_at__isnull=True, service=EnquiryType.ADOPTING, email__endswith="@example.com")
        .exclude(email=applicant_email)
        .order_by("pk")
        if space_for_stage(household) == space
    ][:count]
    now = timezone.now()
    return [
        Membership.objects.create(
            household=household,
            space=space,
            display_name=name,
            conduct_version=CONDUCT_VERSION,
            conduct_accepted_at=now - dt.timedelta(days=30),
            granted_at=now - dt.timedelta(days=31),
            granted_by=manager,
        )
        for household, name in zip(households, MEMBER_NAMES[space], strict=False)
    ]


def _topic(space: str, title: str, bodies: list[str], members: list[Membership], start: dt.datetime) -> Topic:
    topic = Topic.objects.create(
        space=space, title=title, author=members[0], created_at=start, last_post_at=start
    )
    for number, body in enumerate(bodies):
        at = start + dt.timedelta(hours=5 * number)
        Post.objects.create(
            topic=topic,
            author=members[number % len(members)],
            opens_topic=number == 0,
            body=body,
            status=Post.Status.PUBLISHED,
            created_at=at,
        )
        topic.last_post_at = at
    topic.save(update_fields=["last_post_at"])
    return topic


def demo_moderator_load() -> None:
    """``forum.moderator``: a Kent recruitment worker in the "Forum moderators" group, with the manager's
    password (``changeme`` in development, none elsewhere)."""
    from django.contrib.auth.models import Group

    manager = get_user_model().objects.filter(username="manager").first()
    user, created = get_user_model().objects.get_or_create(
        username="forum.moderator",
        defaults={
            "first_name": "Robin",
            "last_name": "Moderator",
            "email": "forum.moderator@adoptionpartnership.example",
            "is_staff": True,
        },
    )
    if created:
        if manager is not None:
            user.password = manager.password
        else:
            user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=FORUM_MODERATORS))
    if not StaffMember.objects.filter(user=user).exists():
        staff_member_save(user=user, role="worker", council="kent")


def demo_forum_load(*, applicant_email: str) -> int:
    """Members, topics, one held post and a moderator. Once only; returns how many members it made."""
    demo_moderator_load()
    if Membership.objects.exists():
        return 0
    manager = get_user_model().objects.filter(username="manager").first()
    now = timezone.now()
    made = 0
    for space in (Space.MEMBERS, Space.NEW):
        count = len(MEMBER_NAMES[space]) - (1 if space == Space.NEW else 0)
        members = _members(space, count, manager, applicant_email)
        if space == Space.NEW:
            applicant = Household.objects.filter(email=applicant_email).first()
            if applicant is not None and space_for_stage(applicant) == Space.NEW:
                members.append(
                    Membership.objects.create(household=applicant, space=space, granted_by=manager)
                )
        made += len(members)
        if len(members) < 2:
            continue
        for number, (title, bodies) in enumerate(TOPICS[space]):
            topic = _topic(space, title, bodies, members, now - dt.timedelta(days=10 - 3 * number))
        if space == Space.MEMBERS:
            Post.objects.create(
                topic=topic,
                author=members[-1],
                body=HELD_REPLY,
                status=Post.Status.HELD,
                held_reasons=identifying_reasons(HELD_REPLY),
                created_at=now - dt.timedelta(hours=2),
            )
    return made

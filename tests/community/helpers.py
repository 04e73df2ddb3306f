"""Forum members for tests: a household at a stage, granted membership by its worker, joined under a name."""

from community.models import Membership
from community.services import membership_grant, membership_join
from crm.journey import RECRUITMENT
from crm.models import Source
from crm.services import enquiry_create, household_advance
from tests.factories import enquiry_details, staff_member


def worker():
    from crm.models import StaffMember

    existing = StaffMember.objects.filter(user__username="kent.worker").first()
    return existing.user if existing else staff_member("kent.worker", council="kent").user


def household_at(stage: str, *, who: str):
    details = enquiry_details(
        first_name=f"{who.capitalize()}", last_name="Familyzq", email=f"{who}@example.com", phone=""
    )
    household = enquiry_create(source=Source.WEB, details=details).household
    if stage != household.stage:
        for step in RECRUITMENT.route(to=stage):
            if RECRUITMENT.position(step) <= RECRUITMENT.position(household.stage):
                continue
            household_advance(household=household, to_stage=step, by=None)
        household.refresh_from_db()
    return household


def member(*, who: str, stage: str = "stage_two", name: str | None = None, joined: bool = True) -> Membership:
    household = household_at(stage, who=who)
    membership = membership_grant(household_id=household.pk, by=worker())
    if joined:
        membership = membership_join(
            membership=membership, display_name=name or f"Forum {who} here", accept_conduct=True
        )
    return membership


def seasoned(membership: Membership) -> Membership:
    """A member whose first posts a moderator has already passed, so their posts go up at once."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from community.models import Post, Topic

    topic = Topic.objects.create(space=membership.space, title="Earlier", author=membership)
    for _ in range(settings.FORUM_FIRST_POSTS_HELD):
        Post.objects.create(
            topic=topic,
            author=membership,
            body="Earlier post",
            status=Post.Status.PUBLISHED,
            created_at=timezone.now() - dt.timedelta(days=2),
        )
    return membership

"""What the forum keeps about people, for the CRM's subject access, erasure and retention.

``CommunityConfig.ready`` registers ``holder`` with ``core.personal_data``. A membership belongs to a
household, so the CRM's own search finds the person; this holder adds what they wrote. Erasure deletes
their posts, reports and memberships for good; retention's anonymised households lose them the same way.
"""

import datetime as dt

from django.utils import timezone

from community.models import Membership, Report
from community.selectors import own_posts
from community.services import erase_for_households
from core.personal_data import Anchor, Person, RetentionPlan, Store


def _value(value):
    return (
        timezone.localtime(value).isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value
    )


def _memberships(person: Person):
    return Membership.objects.filter(household_id__in=person.household_ids).order_by("granted_at", "pk")


class CommunityHolder:
    label = "Forum"
    retention_kinds = frozenset()
    stores = (
        Store(
            "Forum memberships (community.Membership)",
            "Which space the household may use, the forum name they chose, when they accepted which version "
            "of the code of conduct, and who granted, suspended or ended it.",
            "Deleted.",
        ),
        Store(
            "Forum posts and reports (community.Post, community.Report)",
            "Every topic title and post they wrote, whether it was held and why, moderators' decisions, and "
            "the posts they reported.",
            "Deleted; a topic they started keeps other members' replies under a title saying it was removed.",
        ),
    )

    def warnings(self) -> list[str]:
        return []

    def find(self, *, email: str, phone: str) -> list[Anchor]:
        return []

    def anchor_identities(self, *, kind: str, pk: int):
        return None

    def identities(self, person: Person):
        return set(), set(), set()

    def counts(self, person: Person) -> dict[str, int]:
        memberships = _memberships(person)
        return {
            "Forum memberships": memberships.count(),
            "Forum posts": own_posts(memberships).count(),
        }

    def export(self, person: Person) -> dict[str, list[dict]]:
        memberships = list(_memberships(person))
        return {
            "Forum membership": [
                {
                    "Space": membership.get_space_display(),
                    "Forum name": membership.display_name,
                    "Status": membership.get_status_display(),
                    "Why it changed": membership.status_reason,
                    "Granted": _value(membership.granted_at),
                    "Code of conduct version accepted": membership.conduct_version,
                    "Accepted": _value(membership.conduct_accepted_at),
                }
                for membership in memberships
            ],
            "Forum posts": [
                {
                    "Written": _value(post.created_at),
                    "Topic": post.topic.title,
                    "Starts the topic": post.opens_topic,
                    "Post": post.body,
                    "Status": post.get_status_display(),
                    "Why it was held": " ".join(post.held_reasons),
                    "Moderator's reason": post.moderator_reason,
                }
                for post in own_posts(memberships)
            ],
            "Forum posts you reported": [
                {"Reported": _value(report.created_at), "Post": report.post_id, "Reason": report.reason}
                for report in Report.objects.filter(reporter__in=memberships).order_by("created_at")
            ],
        }

    def erase(self, person: Person, *, by) -> dict[str, int]:
        return erase_for_households(list(person.household_ids))

    def anonymise_households(self, household_ids: list[int], *, by) -> dict[str, int]:
        return erase_for_households(list(household_ids))

    def retention_plan(self, *, kind: str, cutoff: dt.datetime, sample: int) -> RetentionPlan:
        return RetentionPlan(count=0)

    def retention_apply(self, *, kind: str, cutoff: dt.datetime, rule, by, batch: int) -> int:
        return 0


holder = CommunityHolder()

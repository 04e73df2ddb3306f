"""What the website keeps about people who shared a story, for subject access and erasure.

``WebsiteConfig.ready`` registers ``holder`` with ``core.personal_data``, as campaigns does. A story is
found by the email address it was sent from. Erasure withdraws consent first (the page comes down, the
photo is deleted), then deletes the story's page with its revisions and removes the name, address and
text from the submission; what stays is that a story was sent and withdrawn, when, under which wording.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from wagtail.models import PageLogEntry

from core.personal_data import Anchor, Person, RetentionPlan, Store
from website.models import StoryPage, StorySubmission
from website.story_submissions import story_consent_withdraw

KIND = "story_submission"
ERASED_DOMAIN = "erased.invalid"


def _when(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _submissions(person: Person) -> QuerySet[StorySubmission]:
    query = Q(pk__in=person.record_ids(KIND))
    if person.emails:
        query |= Q(email__in=[email.lower() for email in person.emails])
    return StorySubmission.objects.filter(query).order_by("pk")


class StoriesHolder:
    label = "Website stories"
    retention_kinds: frozenset[str] = frozenset()
    stores = (
        Store(
            "Stories people sent (website.StorySubmission)",
            "Name, email address, the name to publish, the story's title and text as sent, whether a photo "
            "came, the consent to publish with its wording and version, and when it was sent or withdrawn.",
            "Consent withdrawn first; then the name, address, title and text removed. When it was sent and "
            "withdrawn, and the consent's wording and version, stay as the record of that consent.",
        ),
        Store(
            "Story pages made from them (website.StoryPage, with Wagtail's revisions)",
            "The story as edited by the marketing team, the name it is published under, and the photo "
            "(a Wagtail image in the Story submissions collection).",
            "Unpublished and deleted with every revision; the photo and its smaller copies deleted.",
        ),
        Store(
            "Confirmation emails (website.StoryEmail)",
            "When the email was sent and whether it failed; the address is the submission's.",
            "Kept: they hold nothing of the person's once the submission is cleared.",
        ),
    )

    def warnings(self) -> list[str]:
        return []

    def find(self, *, email: str, phone: str) -> list[Anchor]:
        if not email:
            return []
        return [
            Anchor(KIND, submission.pk, f"Story sent {timezone.localdate(submission.submitted_at):%d %B %Y}")
            for submission in StorySubmission.objects.filter(email=email.strip().lower())
        ]

    def anchor_identities(self, *, kind: str, pk: int):
        if kind != KIND:
            return None
        submission = StorySubmission.objects.filter(pk=pk).first()
        if submission is None:
            return None
        erased = submission.email.endswith("@" + ERASED_DOMAIN)
        return (), frozenset() if erased else frozenset({submission.email})

    def identities(self, person: Person):
        records, emails = set(), set()
        for pk, email in _submissions(person).values_list("pk", "email"):
            records.add((KIND, pk))
            if not email.endswith("@" + ERASED_DOMAIN):
                emails.add(email)
        return set(), emails, records

    def counts(self, person: Person) -> dict[str, int]:
        submissions = _submissions(person)
        return {
            "Stories sent for the website": submissions.count(),
            "Story pages made from them": StoryPage.objects.filter(submissions__in=submissions).count(),
        }

    def export(self, person: Person) -> dict[str, list[dict]]:
        return {
            "Stories you sent for our website": [
                {
                    "Sent": _when(submission.submitted_at),
                    "Your name": submission.name,
                    "Email": submission.email,
                    "Published as": submission.get_name_choice_display(),
                    "Name to publish": submission.published_name,
                    "Title": submission.title,
                    "Your story as you sent it": submission.story,
                    "A photo came with it": submission.photo_given,
                    "Consent wording": submission.consent_wording,
                    "Consent wording version": submission.consent_wording_version,
                    "State": submission.get_state_display(),
                    "Consent withdrawn": _when(submission.withdrawn_at),
                    "Published at": submission.page.url if submission.page and submission.page.live else "",
                }
                for submission in _submissions(person).select_related("page")
            ]
        }

    def erase(self, person: Person, *, by) -> dict[str, int]:
        submissions = list(_submissions(person).exclude(email__endswith="@" + ERASED_DOMAIN))
        pages = 0
        for submission in submissions:
            story_consent_withdraw(submission=submission, by=by)
            page = StoryPage.objects.filter(pk=submission.page_id).first()
            if page is not None:
                page_id = page.pk
                page.delete()
                # The admin's history names a page by its title, which the person wrote.
                PageLogEntry.objects.filter(page_id=page_id).update(
                    label=f"Story {submission.pk} (erased)", data={}
                )
                pages += 1
            StorySubmission.objects.filter(pk=submission.pk).update(
                name="",
                email=f"erased-{submission.pk}@{ERASED_DOMAIN}",
                published_name="",
                title="",
                story="",
                page=None,
            )
        return {"Stories withdrawn and cleared": len(submissions), "Story pages deleted": pages}

    def anonymise_households(self, household_ids: list[int], *, by) -> dict[str, int]:
        """Stories are not linked to households: nothing to do."""
        return {}

    def retention_plan(self, *, kind: str, cutoff: dt.datetime, sample: int) -> RetentionPlan:
        return RetentionPlan(count=0)

    def retention_apply(self, *, kind: str, cutoff: dt.datetime, rule, by, batch: int) -> int:
        return 0


holder = StoriesHolder()

"""The "Share your story" page, and one story an adopter sent, waiting in moderation for the marketing team.

Made through the same service as the form, so the demo shows exactly what a real submission becomes: a
draft story page in "Awaiting your review", and a row under "Story submissions". Once only.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core import consent
from website.models import HomePage, ShareStoryPage, StorySubmission
from website.story_submissions import story_submission_create

DEMO_SENDER_EMAIL = "jo.adopter@example.com"
DEMO_STORY = (
    "When we first met our daughter she hid behind the sofa for most of the afternoon. By tea time she had "
    "lined up every one of our shoes in the hall, biggest to smallest, and looked at us to see if we minded.\n\n"
    "We didn't. Three years on, the shoes are still lined up most evenings. Some days are hard, and the "
    "support group has been a lifeline, but she laughs more than anyone we know.\n\n"
    "If you are wondering whether you could do it: go to an information evening. That is all we did at first."
)


def demo_shared_story_load(report):
    """Add the page and the waiting story to the demo (``report`` is the loader's), and give the report back."""
    with transaction.atomic():
        home = HomePage.objects.first()
        if home is not None and not ShareStoryPage.objects.exists():
            page = ShareStoryPage(
                title="Share your story",
                slug="share-your-story",
                intro=(
                    "Your story could help someone decide to adopt. Tell us what it has been like for your family, "
                    "in your own words."
                ),
                guidance=(
                    "<p>Write as much or as little as you like. Please leave out children's names, schools and "
                    "where you live: we will take out anything that could identify a child.</p>"
                ),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            report.add(True, "page /share-your-story/")
        if StorySubmission.objects.filter(email=DEMO_SENDER_EMAIL).exists():
            report.add(False, "a shared story waiting in moderation")
            return report
        story_submission_create(
            name="Jo Adeyemi",
            email=DEMO_SENDER_EMAIL,
            name_choice=StorySubmission.NameChoice.FIRST_NAMES,
            published_name="Jo and Chris",
            title="The shoes in the hall",
            story=DEMO_STORY,
            photo=None,
            consent_version=consent.STORY_PUBLISH.version,
            at=timezone.now() - dt.timedelta(days=2),
        )
        report.add(True, "a shared story waiting in moderation")
    return report

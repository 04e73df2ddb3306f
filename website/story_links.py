"""The link to withdraw consent to publish a story: signed, so only the person we emailed it to has it.

It never expires, as consent can be withdrawn at any time.
"""

from django.core import signing
from django.urls import reverse

from wagtail.models import Site

from website.models import StorySubmission

WITHDRAW_SALT = "website.story-withdraw"


def withdraw_token(submission: StorySubmission) -> str:
    return signing.dumps(submission.pk, salt=WITHDRAW_SALT, compress=True)


def withdraw_link(submission: StorySubmission) -> str:
    """The link in the confirmation email: this site's address, then a signed note of which story."""
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else ""
    return f"{root}{reverse('story_withdraw', args=[withdraw_token(submission)])}"


def submission_for_token(token: str) -> StorySubmission | None:
    """The submission a withdraw link names, or None for a link that was altered or names nothing.

    The link never expires: consent can be withdrawn at any time.
    """
    try:
        pk = signing.loads(token or "", salt=WITHDRAW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return StorySubmission.objects.filter(pk=pk).first()

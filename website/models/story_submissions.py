"""Adopters sharing their story: the page with the form, each submission, and its confirmation email.

The page is one the marketing team places and words (``ShareStoryPage``); the form on it posts to a
fixed address (``website.views_stories``) so an upload's size limit is known before the body is read.
A submission becomes a draft ``StoryPage`` in Wagtail's moderation workflow; the marketing team edits
and publishes it as any page (``website.story_submissions``).
"""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.outbox import DONE, FAILED, PENDING, OutboxRow
from website.blocks.text import RICH_TEXT_FEATURES
from website.forms_stories import NameChoice, StoryShareForm

from .mixins import BasePage


class ShareStoryPage(BasePage):
    intro = models.TextField(max_length=600, help_text="Why stories matter, in a sentence or two.")
    guidance = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What makes a good story, and what to leave out (children's names, schools, places).",
    )
    thanks_heading = models.CharField(max_length=120, default="Thank you for sharing your story")
    thanks_text = RichTextField(features=RICH_TEXT_FEATURES, blank=True, help_text="What happens next.")

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("guidance"),
        MultiFieldPanel([FieldPanel("thanks_heading"), FieldPanel("thanks_text")], heading="After sending"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "share your story page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", StoryShareForm.blank())
        return context


class StorySubmission(models.Model):
    """One story as the adopter sent it, their consent to publish it, and what became of it.

    The name and email are for APSE only and never published; the page shows ``published_name``.
    The text is kept as sent, so what marketing changed can be seen, and the person can have it back.
    """

    class State(models.TextChoices):
        IN_MODERATION = "moderation", "Waiting for review"
        HELD = "held", "Held: looked automated"
        WITHDRAWN = "withdrawn", "Consent withdrawn"

    NameChoice = NameChoice

    name = models.CharField(max_length=100)
    email = models.EmailField()
    name_choice = models.CharField("published as", max_length=12, choices=NameChoice.choices)
    published_name = models.CharField(max_length=60, blank=True, help_text="Empty when anonymous.")
    title = models.CharField(max_length=120)
    story = models.TextField()
    photo_given = models.BooleanField(default=False)
    photo_scanned = models.BooleanField(default=False, help_text="Checked by the virus checker.")
    consent_wording_version = models.CharField("consent version", max_length=40)
    consent_wording = models.TextField()
    doubts = models.JSONField(default=list, blank=True, help_text="Why the form looked automated, if it did.")
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_MODERATION)
    submitted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    page = models.ForeignKey(
        "website.StoryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        permissions = [("withdraw_storysubmission", "Can withdraw consent to publish a story")]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["state", "-submitted_at"])]

    def __str__(self) -> str:
        return f"Story {self.pk}: {self.title}"

    @property
    def byline(self) -> str:
        """The name the story is published under."""
        return self.published_name or "Anonymous"


class StoryEmail(OutboxRow):
    """The confirmation email to someone who shared a story: a row first, sent once the submission commits.

    It holds no personal data of its own; the address is the submission's, read when the email is sent.
    """

    class Status(models.TextChoices):
        PENDING = PENDING, "Waiting to be sent"
        DONE = DONE, "Sent"
        FAILED = FAILED, "Could not be sent"

    submission = models.ForeignKey(StorySubmission, on_delete=models.CASCADE, related_name="emails")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Story email {self.pk}"

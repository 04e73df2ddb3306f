"""The moderated forum: who may take part (a membership a worker grants), topics, posts and reports.

Members are households of the CRM, signed in with the applicant's own sign-in; nothing here holds a
name, email address or phone number, only the pseudonym each member chooses. A post's ``status`` says
who may read it (``community.selectors.posts_visible_q``): everyone in the space only once it is
published; its author always, with the reason in plain words while it waits or after a refusal.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from crm.models import Household


class Space(models.TextChoices):
    """The two separate spaces: a member belongs to one, and never reads the other."""

    MEMBERS = "members", "Members' forum"
    NEW = "new", "New to adoption"


class Membership(models.Model):
    """One household's place in one space, granted by a member of staff after checking who they are."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        ENDED = "ended", "Ended"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="forum_memberships")
    space = models.CharField(max_length=10, choices=Space.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    display_name = models.CharField(
        max_length=30, blank=True, help_text="The member's own pseudonym, chosen on their first visit."
    )
    conduct_version = models.CharField(max_length=20, blank=True)
    conduct_accepted_at = models.DateTimeField(null=True, blank=True)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=~models.Q(status="ended"),
                name="community_one_current_membership",
            ),
            models.UniqueConstraint(
                models.functions.Lower("display_name"),
                condition=~models.Q(display_name=""),
                name="community_display_name_unique",
            ),
        ]

    def __str__(self):
        return self.display_name or f"Member {self.pk}"

    @property
    def has_joined(self) -> bool:
        """Whether they have chosen a display name and accepted the current code of conduct."""
        from community.conduct import CONDUCT_VERSION

        return bool(self.display_name) and self.conduct_version == CONDUCT_VERSION


class Topic(models.Model):
    space = models.CharField(max_length=10, choices=Space.choices)
    title = models.CharField(max_length=120)
    author = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["space", "-last_post_at"])]

    def __str__(self):
        return self.title


class Post(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "Waiting for a moderator"
        PUBLISHED = "published", "Published"
        HIDDEN = "hidden", "Hidden after reports"
        REJECTED = "rejected", "Not published"
        REMOVED = "removed", "Removed by a moderator"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="posts")
    opens_topic = models.BooleanField(default=False)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices)
    held_reasons = models.JSONField(
        default=list, blank=True, help_text="Why it was held, in plain words the author is shown."
    )
    moderator_reason = models.CharField(
        max_length=250, blank=True, help_text="Why it was not published or was removed; the author sees it."
    )
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["topic", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]
        permissions = [("moderate_post", "Can moderate the forum")]

    def __str__(self):
        return f"Post {self.pk}"


class Report(models.Model):
    """A member's report of another member's post; it is open until a moderator has looked."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="community_one_report_per_member")
        ]

    def __str__(self):
        return f"Report {self.pk}"

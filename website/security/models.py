"""What the security app keeps: invitations to set up two-step sign-in."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TwoFactorInvitation(models.Model):
    """A single-use link an administrator sends so that one person can set up their authenticator app.

    Only a hash of the link's secret is kept, so the table gives nobody a working link. A password
    alone never reaches the set-up page: the person must open this link while signed in as the
    account it was made for (``website.security.invitations``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the link was used (it works once)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Two-step sign-in invitation for user {self.user_id} ({timezone.localtime(self.created_at):%d %b %Y %H:%M})"

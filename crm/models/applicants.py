"""The applicant's own page: sign-in links sent by email and the sessions they open.

People who enquire have no password. They ask for a link at /your-adoption/, we email it to the
address on their record, and the link opens a session for that household only. Neither row keeps a
secret a leak of the database would give away: the link's token is signed with the site's secret key
from the row's id and nonce, and the session's cookie is kept only as its SHA-256. Applicant sessions
are their own cookie and their own table: they never reach the admin, and staff sessions never reach
the applicant's pages.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from .households import Household

SIGN_IN_LINK_LIFETIME = dt.timedelta(minutes=15)


def _nonce() -> str:
    return secrets.token_urlsafe(16)


class SignInLink(models.Model):
    """A link emailed to a household's address: it works once, within 15 minutes, while that is still their address."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="sign_in_links")
    email = models.EmailField(
        help_text="The address the link was sent to: it stops working if the record's changes."
    )
    nonce = models.CharField(max_length=32, default=_nonce, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    # Links refer to no content: Wagtail's reference index would cost queries a row.
    wagtail_reference_index_ignore = True

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"Sign-in link for {self.household.reference}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.created_at + SIGN_IN_LINK_LIFETIME
        super().save(*args, **kwargs)


class ApplicantSession(models.Model):
    """A signed-in applicant: the household their link was for, until they sign out or it lapses."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="applicant_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    def __str__(self) -> str:
        return f"Applicant session for {self.household.reference}"


MESSAGE_MAX_LENGTH = 2000


class ApplicantMessage(models.Model):
    """A plain-text message between an applicant and their worker, on their page and the household's.

    The emails that say a message has come hold none of it: the reader signs in to read it.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="applicant_messages")
    from_applicant = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who wrote it; empty for the applicant's own.",
    )
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the other side first saw it.")

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["household", "sent_at"])]

    def __str__(self) -> str:
        side = "from the applicant" if self.from_applicant else "to the applicant"
        return f"Message {side}, {self.household.reference}"

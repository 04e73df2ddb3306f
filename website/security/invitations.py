"""Invitations to set up two-step sign-in: the only way to a first authenticator app.

Anyone who knows a staff password (phished, guessed, a default) could otherwise set up their own
app at the first sign-in and own the account. So setting up needs an invitation: a single-use link,
valid for ``INVITATION_HOURS``, that an administrator makes from the user's row in *Settings →
Users* (or ``manage.py staff_2fa_reset`` prints) and sends to the person by a way they trust.

Opening the link while signed in as that person marks this session as invited (the link then works
no more); the set-up page is open to that session until the app is confirmed or the invitation
runs out. Only a hash of the link's secret is stored.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from website.security.models import TwoFactorInvitation

INVITATION_HOURS = 72
SESSION_KEY = "security_two_factor_invitation"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: TwoFactorInvitation
    url: str

    @property
    def expires_at(self) -> dt.datetime:
        return self.invitation.expires_at


def invitation_url(token: str) -> str:
    """The whole link, on the admin's own address (``WAGTAILADMIN_BASE_URL``)."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("security_two_factor_invitation", args=[token])


@transaction.atomic
def invitation_issue(*, user, by=None) -> IssuedInvitation:
    """A new link for ``user``; any earlier link of theirs that was not opened stops working."""
    TwoFactorInvitation.objects.filter(user=user, opened_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = TwoFactorInvitation.objects.create(
        user=user,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(hours=INVITATION_HOURS),
        created_by=by,
    )
    return IssuedInvitation(invitation=invitation, url=invitation_url(token))


@transaction.atomic
def invitation_open(*, request: HttpRequest, token: str) -> str:
    """Use the link in this signed-in session: '' if it worked, else why not, in plain words."""
    invitation = TwoFactorInvitation.objects.select_for_update().filter(token_hash=_hash(token or "")).first()
    if invitation is None:
        return "This link is not one we made, or a newer invitation replaced it. Ask an administrator for a new one."
    if invitation.user_id != request.user.pk:
        return (
            "This invitation was made for someone else. Sign out, then open the link again and sign in "
            "with the account it was sent to."
        )
    if invitation.opened_at is not None and request.session.get(SESSION_KEY) != invitation.pk:
        return (
            "This invitation has been used already. Each link works once: ask an administrator for a new one."
        )
    if invitation.expires_at <= timezone.now():
        return f"This invitation ran out {INVITATION_HOURS} hours after it was made. Ask an administrator for a new one."
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        invitation.save(update_fields=["opened_at"])
    request.session[SESSION_KEY] = invitation.pk
    return ""


def is_invited(request: HttpRequest) -> bool:
    """Whether this session opened a valid invitation for the signed-in person."""
    pk = request.session.get(SESSION_KEY)
    if not pk or not request.user.is_authenticated:
        return False
    return TwoFactorInvitation.objects.filter(
        pk=pk, user=request.user, opened_at__isnull=False, expires_at__gt=timezone.now()
    ).exists()


def invitation_spent(*, request: HttpRequest) -> None:
    """The app is set up: the invitation has done its work and is removed."""
    pk = request.session.pop(SESSION_KEY, None)
    if pk:
        TwoFactorInvitation.objects.filter(pk=pk).delete()

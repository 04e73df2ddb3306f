"""Two-step sign-in with an authenticator app (TOTP, django-otp): setting one up, checking a code.

Each person has at most one confirmed app. Setting up the first needs an invitation
(``website.security.invitations``); moving to a new phone needs a code from the old one. Setting
up makes an unconfirmed device whose key is shown as a QR code drawn here (no outside service sees
the key); the first correct code confirms it and verifies the session. django-otp slows repeated wrong codes down and refuses a code that
has already been used. https://django-otp-official.readthedocs.io/en/stable/
"""

import base64
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format

import django_otp
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from website.security.invitations import invitation_spent, is_invited

DEVICE_NAME = "Authenticator app"


@dataclass(frozen=True)
class CodeResult:
    ok: bool
    error: str = ""


def confirmed_device_for(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def can_set_up(request) -> bool:
    """Who may see the set-up page: never someone with only a password.

    Someone with an app already must prove they still have it (a code this session) before moving
    to another; someone with none must have opened an invitation in this session
    (``website.security.invitations``).
    """
    if confirmed_device_for(request.user) is not None:
        return request.user.is_verified()
    return is_invited(request)


def pending_device_for(user) -> TOTPDevice:
    """The unconfirmed device being set up, made once and kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_data_url(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an SVG QR code, ready for an ``<img src>``."""
    svg = io.BytesIO()
    write_qrcode_image(device.config_url, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii")


def readable_key(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def _already_used(device: TOTPDevice, code: str) -> bool:
    """Whether ``code`` is the one that last verified ``device`` (each code works once)."""
    if device.last_t < 0:
        return False
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = device.t0 + (device.last_t - device.drift) * device.step
    return clock.token() == int(code)


def _check(device: TOTPDevice, code: str) -> CodeResult:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == device.digits):
        return CodeResult(False, f"Enter the {device.digits}-digit code your authenticator app shows.")
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        when = f" after {time_format(timezone.localtime(until), 'H:i:s')}" if until else " in a minute"
        return CodeResult(False, f"Too many wrong codes. Try again{when}.")
    if not device.verify_token(code):
        if _already_used(device, code):
            return CodeResult(False, "That code has been used already. Wait for the next code in your app.")
        return CodeResult(
            False,
            "That code did not match. Use the newest code in your app, and check the time on your phone is right.",
        )
    return CodeResult(True)


@transaction.atomic
def two_factor_confirm(*, request, code: str) -> CodeResult:
    """Confirm the device being set up with its first code, replacing any earlier app, and verify the session."""
    if not can_set_up(request):
        return CodeResult(
            False, "Setting up needs an invitation from an administrator, or a code from the app you use now."
        )
    device = TOTPDevice.objects.select_for_update().get(pk=pending_device_for(request.user).pk)
    result = _check(device, code)
    if result.ok:
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        invitation_spent(request=request)
    return result


@transaction.atomic
def two_factor_verify(*, request, code: str) -> CodeResult:
    """Check a code from the person's app and, if right, mark this session as verified."""
    device = confirmed_device_for(request.user)
    if device is None:
        return CodeResult(False, "You have not set up an authenticator app yet.")
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    result = _check(device, code)
    if result.ok:
        django_otp.login(request, device)
    return result


def two_factor_reset(*, user) -> int:
    """Forget every authenticator app of ``user``. They need an invitation to set up another."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted

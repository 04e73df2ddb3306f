"""Fixtures for the security tests: staff who sign in with a real password, and codes from a real key."""

import time

import pytest
from django_otp.oath import TOTP, totp

from tests.factories import UserFactory
from website.roles import MARKETING_EDITORS, roles_sync

PASSWORD = "a-long-staff-password-93"  # noqa: S105


def code_for(device, *, steps_later: int = 0) -> str:
    """The code an authenticator app holding ``device``'s key shows now, or ``steps_later`` codes on."""
    if steps_later == 0:
        token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    else:
        clock = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        clock.time = time.time() + steps_later * device.step
        token = clock.token()
    return str(token).zfill(device.digits)


@pytest.fixture
def editor(db):
    """A marketing editor with a password, who can use the admin."""
    user = UserFactory(username="editor", password=PASSWORD)
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


@pytest.fixture
def two_factor_on(settings):
    settings.OTP_REQUIRED = True
    return settings

"""Two-step sign-in in a real browser: asking for an invitation, setting up the authenticator app from
it, then signing in with the app."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.factories import UserFactory
from website.roles import MARKETING_EDITORS, roles_sync
from website.security.invitations import invitation_issue

pytestmark = [pytest.mark.browser]

PASSWORD = "a-long-staff-password-93"  # noqa: S105


def app_code(key_shown: str, *, steps_later: int = 0) -> str:
    """What an authenticator app given the key shown on the page displays, ``steps_later`` codes from now."""
    key = key_shown.replace(" ", "")
    clock = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    clock.time = time.time() + 30 * steps_later
    return str(clock.token()).zfill(6)


def sign_in(page, base: str):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("staffer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_setting_up_the_app_then_signing_in_with_it(page, live_server, transactional_db, settings):
    settings.OTP_REQUIRED = True
    user = UserFactory(username="staffer", first_name="Sam", last_name="Staff", password=PASSWORD)
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    base = live_server.url

    # A password alone leads only to a page saying to ask for an invitation.
    sign_in(page, base)
    expect(page).to_have_url(re.compile(r"/admin/two-step/ask/"))
    expect(page.get_by_role("heading", name="Ask an administrator for an invitation")).to_be_visible()
    assert axe_violations(page) == []

    # The link an administrator sent opens the set-up page.
    link = invitation_issue(user=user).url.replace("http://testserver", base)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/admin/two-step/set-up/"))
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    assert axe_violations(page) == []

    key_shown = page.locator("main code").inner_text()
    first_code = app_code(key_shown)
    page.get_by_label("Code from your authenticator app").fill(first_code)
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url(base + "/admin/")

    page.locator(".sidebar-footer__account").click()
    page.get_by_text("Log out", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/login/"))

    sign_in(page, base)
    expect(page).to_have_url(re.compile(r"/admin/two-step/verify/"))
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    assert axe_violations(page) == []
    # The code used to set up has been used; the app's next one is accepted.
    page.get_by_label("Code from your authenticator app").fill(first_code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".messages").get_by_text("That code has been used already")).to_be_visible()
    assert axe_violations(page) == []
    time.sleep(1.1)  # django-otp makes the next try wait a second after a wrong code
    page.get_by_label("Code from your authenticator app").fill(app_code(key_shown, steps_later=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/admin/")
    expect(page.get_by_role("heading", name=re.compile("Sam"))).to_be_visible()

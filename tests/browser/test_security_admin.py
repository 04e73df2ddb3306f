"""The new admin screens in a real browser: inviting someone to set up two-step sign-in, and deciding
on newsletter sign-ups held as doubtful. Each is checked with axe and shown at phone and laptop sizes."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import HeldSignup, Subscriber
from tests.browser.conftest import axe_violations, log_in
from tests.factories import UserFactory
from website.roles import MARKETING_EDITORS, roles_sync
from website.security.models import TwoFactorInvitation

pytestmark = [pytest.mark.browser]

SIZES = {"phone": {"width": 375, "height": 812}, "laptop": {"width": 1366, "height": 900}}
SHOTS = "/tmp/security-shots"  # noqa: S108  (screenshots to look at, not test data)


def shoot(page, name: str) -> None:
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{SHOTS}/{name}-{size}.png", full_page=True)


def test_an_administrator_invites_someone_from_the_users_list(page, live_server, transactional_db):
    UserFactory(username="the.admin", first_name="Ada", last_name="Admin", is_superuser=True)
    person = UserFactory(username="sam.staff", first_name="Sam", last_name="Staff")
    log_in(page, live_server.url, "the.admin")

    page.goto(f"{live_server.url}/admin/users/")
    page.get_by_role("button", name="More options for 'sam.staff'").click()
    page.get_by_role("link", name="Invite to set up two-step sign-in").click()
    expect(page.get_by_role("button", name="Make the invitation")).to_be_visible()
    assert axe_violations(page) == []
    shoot(page, "invite-confirm")

    page.get_by_role("button", name="Make the invitation").click()
    expect(page.get_by_role("heading", name="Send this link to Sam Staff")).to_be_visible()
    link = page.get_by_label("Invitation link").input_value()
    assert re.fullmatch(r"http://testserver/admin/two-step/invitation/[\w-]{40,}/", link)
    assert TwoFactorInvitation.objects.get(user=person).opened_at is None
    assert axe_violations(page) == []
    shoot(page, "invite-link")


def test_the_newsletter_team_signs_up_a_held_sign_up_and_deletes_another(page, live_server, transactional_db):
    editor = UserFactory(username="marketing.editor", first_name="Maya", last_name="Marketing")
    editor.groups.add(roles_sync()[MARKETING_EDITORS])
    for email in ("pat@example.com", "bot@example.com"):
        HeldSignup.objects.create(
            email=email,
            first_name="Pat",
            source="Newsletter form in the website footer",
            consent_wording="Yes, send me the newsletter.",
            consent_wording_version="newsletter-2026-01",
            doubts=["Too many sign-ups from the same internet address."],
        )
    log_in(page, live_server.url, "marketing.editor")

    page.goto(f"{live_server.url}/admin/newsletter/held/")
    expect(page.get_by_role("heading", name="Held sign-ups")).to_be_visible()
    expect(page.get_by_text("Too many sign-ups from the same internet address.").first).to_be_visible()
    assert axe_violations(page) == []
    shoot(page, "held-sign-ups")

    page.get_by_role("button", name="Sign up pat@example.com").click()
    expect(page.get_by_text("pat@example.com is signed up")).to_be_visible()
    page.get_by_role("button", name="Delete the sign-up from bot@example.com").click()
    expect(page.get_by_text("No sign-up is waiting for a decision.")).to_be_visible()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["pat@example.com"]
    assert not HeldSignup.objects.exists()
    assert axe_violations(page) == []

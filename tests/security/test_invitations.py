"""Invitations to set up two-step sign-in: single use, 72 hours, one person, kept only as a hash."""

import datetime as dt
import hashlib

from django.test import Client
from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.security.conftest import PASSWORD, code_for
from tests.security.test_two_factor import ASK, SETUP, invitation_path, set_up, sign_in
from website.security.invitations import invitation_issue
from website.security.models import TwoFactorInvitation


def test_a_link_works_once(two_factor_on, editor):
    link = invitation_path(editor)
    first = Client()
    sign_in(first, editor)
    assert first.get(link)["Location"] == SETUP
    # Opening it again in the same session is harmless; from another session it is refused.
    assert first.get(link)["Location"] == SETUP

    second = Client()
    sign_in(second, editor)
    response = second.get(link)
    assert response.status_code == 400
    assert "This invitation has been used already" in response.content.decode()
    assert second.get(SETUP)["Location"].startswith(ASK)


def test_a_link_runs_out_after_72_hours(two_factor_on, editor):
    link = invitation_path(editor)
    TwoFactorInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client = Client()
    sign_in(client, editor)

    response = client.get(link)

    assert response.status_code == 400
    assert "ran out 72 hours after it was made" in response.content.decode()
    assert client.get(SETUP)["Location"].startswith(ASK)
    invitation = TwoFactorInvitation.objects.get()
    assert (
        invitation.expires_at - invitation.created_at == dt.timedelta(hours=72)
        or invitation.expires_at < timezone.now()
    )


def test_an_opened_invitation_that_runs_out_closes_the_set_up_page_again(two_factor_on, editor):
    client = Client()
    sign_in(client, editor)
    client.get(invitation_path(editor))
    TwoFactorInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(SETUP)["Location"].startswith(ASK)


def test_a_link_is_for_the_person_it_was_made_for(two_factor_on, editor):
    someone_else = UserFactory(username="someone.else", password=PASSWORD)
    link = invitation_path(someone_else)
    client = Client()
    sign_in(client, editor)

    response = client.get(link)

    assert response.status_code == 400
    assert "made for someone else" in response.content.decode()
    assert TwoFactorInvitation.objects.get().opened_at is None


def test_a_newer_invitation_replaces_one_not_yet_opened_and_only_a_hash_is_kept(two_factor_on, editor):
    old = invitation_path(editor)
    new = invitation_path(editor)
    token = new.rstrip("/").rsplit("/", 1)[1]
    stored = TwoFactorInvitation.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(TwoFactorInvitation.objects.values()))

    client = Client()
    sign_in(client, editor)
    assert "a newer invitation replaced it" in client.get(old).content.decode()
    assert client.get(new)["Location"] == SETUP


def test_setting_up_uses_the_invitation_up(two_factor_on, editor):
    set_up(Client(), editor)
    assert not TwoFactorInvitation.objects.exists()
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_a_link_opened_before_signing_in_leads_there_after_signing_in(two_factor_on, editor):
    link = invitation_path(editor)
    client = Client()
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    response = client.post(
        response["Location"], {"username": editor.username, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == SETUP
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302


# Making invitations in the admin


@pytest.fixture
def administrator(db):
    return UserFactory(username="the.admin", is_superuser=True, password=PASSWORD)


def test_an_administrator_makes_an_invitation_from_the_users_list(client, administrator, editor):
    client.force_login(administrator)
    listing = client.get("/admin/users/").content.decode()
    assert f"/admin/two-step/invite/{editor.pk}/" in listing
    assert "Invite to set up two-step sign-in" in listing

    page = client.get(f"/admin/two-step/invite/{editor.pk}/")
    assert page.status_code == 200
    assert "Make the invitation" in page.content.decode()

    response = client.post(f"/admin/two-step/invite/{editor.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "It works once, until" in html
    invitation = TwoFactorInvitation.objects.get(user=editor)
    assert invitation.created_by == administrator


def test_inviting_someone_with_an_app_says_so_and_turns_it_off(two_factor_on, client, administrator, editor):
    set_up(Client(), editor)
    two_factor_on.OTP_REQUIRED = False
    client.force_login(administrator)

    assert (
        "Making an invitation turns it off"
        in client.get(f"/admin/two-step/invite/{editor.pk}/").content.decode()
    )
    client.post(f"/admin/two-step/invite/{editor.pk}/")

    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_nobody_but_an_administrator_can_make_one(client, editor):
    client.force_login(editor)
    assert client.get(f"/admin/two-step/invite/{editor.pk}/").status_code == 404
    assert client.post(f"/admin/two-step/invite/{editor.pk}/").status_code == 404
    assert not TwoFactorInvitation.objects.exists()


def test_the_account_menu_offers_a_new_phone_only_to_a_verified_session(two_factor_on, editor):
    client = Client()
    sign_in(client, editor)
    issued = invitation_issue(user=editor)
    assert issued.expires_at > timezone.now()
    # Not verified: the account page is closed anyway, and the set-up page with it.
    assert client.get("/admin/account/")["Location"].startswith(ASK)

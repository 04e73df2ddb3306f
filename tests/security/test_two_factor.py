"""Two-step sign-in: a password alone never opens the admin once ``OTP_REQUIRED`` is on, and never
reaches the page that sets up an authenticator app: that needs an invitation.

Codes are computed from the device's key with django-otp's own TOTP functions, exactly as an
authenticator app would, and posted through the real sign-in, set-up and verify pages.
"""

import base64
import io
import re

from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import PASSWORD, code_for
from website.security.invitations import invitation_issue
from website.security.middleware import TWO_FACTOR_EXEMPT

SETUP = "/admin/two-step/set-up/"
VERIFY = "/admin/two-step/verify/"
ASK = "/admin/two-step/ask/"


def sign_in(client, user):
    return client.post("/admin/login/", {"username": user.username, "password": PASSWORD}, follow=True)


def wrong_code(device) -> str:
    """A well-formed code the app is not showing (nor about to show)."""
    near = {code_for(device, steps_later=step) for step in (-1, 0, 1)}
    return next(code for code in ("123456", "654321", "111111", "999999") if code not in near)


def invitation_path(user) -> str:
    """A new invitation for ``user``, as the path of the link an administrator would send."""
    return invitation_issue(user=user).url.removeprefix("http://testserver")


def invited(client, user):
    """Sign in with the password, then open an invitation: the set-up page is open to this session."""
    sign_in(client, user)
    return client.get(invitation_path(user), follow=True)


def set_up(client, user) -> TOTPDevice:
    """Sign in with the password, open an invitation and turn two-step sign-in on."""
    invited(client, user)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    device.code_used = code_for(device)
    response = client.post(SETUP, {"code": device.code_used, "next": "/admin/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    device.refresh_from_db()
    return device


def test_a_password_alone_never_reaches_the_set_up_page(two_factor_on, editor):
    client = Client()
    response = sign_in(client, editor)
    assert response.redirect_chain[-1][0] == f"{ASK}?next=%2Fadmin%2F"
    page = response.content.decode()
    assert "Ask an administrator for an invitation" in page
    assert "Set up two-step sign-in" not in page

    for attempt in (client.get(SETUP), client.post(SETUP, {"code": "123456"}), client.get("/admin/")):
        assert attempt.status_code == 302
        assert attempt["Location"].startswith(ASK)
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_an_invitation_opens_the_set_up_page_and_a_real_code_verifies_the_session(two_factor_on, editor):
    client = Client()
    response = invited(client, editor)
    assert response.redirect_chain[-1][0] == SETUP
    page = response.content.decode()
    assert "Set up two-step sign-in" in page
    assert 'src="data:image/svg+xml;base64,' in page

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key_shown = page.split("<code>")[1].split("</code>")[0].replace(" ", "")
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == key_shown

    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_is_refused_and_leaves_the_admin_closed(two_factor_on, editor):
    client = Client()
    invited(client, editor)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/")["Location"].startswith(SETUP)

    response = client.post(SETUP, {"code": "12ab"})
    assert "Enter the 6-digit code your authenticator app shows." in response.content.decode()


def test_a_code_already_used_is_refused_at_the_next_sign_in(two_factor_on, editor):
    # After a wrong code django-otp makes the next wait OTP_TOTP_THROTTLE_FACTOR seconds, doubling each time.
    two_factor_on.OTP_TOTP_THROTTLE_FACTOR = 60
    device = set_up(Client(), editor)
    used = device.code_used

    client = Client()
    response = sign_in(client, editor)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    response = client.post(VERIFY, {"code": used})
    assert response.status_code == 200
    assert "That code has been used already" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(VERIFY)

    # Wrong codes slow the next try down.
    response = client.post(VERIFY, {"code": code_for(device, steps_later=1)})
    assert "Too many wrong codes" in response.content.decode()

    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(VERIFY, {"code": code_for(device, steps_later=1), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_someone_with_only_the_password_cannot_replace_the_app(two_factor_on, editor):
    set_up(Client(), editor)
    client = Client()
    sign_in(client, editor)

    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_next_address_must_be_on_this_site(two_factor_on, editor):
    client = Client()
    invited(client, editor)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "next": "https://evil.example/admin/"})
    assert response["Location"] == "/admin/"


def admin_routes(patterns=None, prefix=""):
    """(route, url name) for every address the URL resolver knows under /admin/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith("admin/"):
            yield prefix + str(pattern.pattern), pattern.name


def sample_path(route: str) -> str:
    """A concrete address for a route: each converter or group filled with a made-up value."""

    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    path = path.replace("^", "").replace("$", "").replace(".*", "anything").replace("\\", "")
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(?:str:|slug:|path:)?[^>]+>", "x", path)
    return "/" + path


def test_with_otp_required_no_admin_address_answers_before_a_code(two_factor_on, editor):
    set_up(Client(), editor)
    client = Client()
    sign_in(client, editor)

    routes = [(route, name) for route, name in admin_routes() if name not in TWO_FACTOR_EXEMPT]
    assert len(routes) > 300
    reached = []
    for route, _name in routes:
        path = sample_path(route)
        for response in (client.get(path), client.post(path, {"title": "x"})):
            if response.status_code != 302 or not response["Location"].startswith(VERIFY):
                reached.append((path, response.status_code))
    assert reached == []
    # The pages needed to give a code, or to leave, still answer.
    assert client.get(VERIFY).status_code == 200
    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200


def test_reset_forgets_the_app_and_prints_an_invitation_to_set_up_again(two_factor_on, editor):
    set_up(Client(), editor)
    out = io.StringIO()
    call_command("staff_2fa_reset", editor.username, stdout=out)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    link = re.search(r"http://testserver(/admin/two-step/invitation/\S+/)", out.getvalue()).group(1)
    assert "works once, for 72 hours" in out.getvalue()

    client = Client()
    response = sign_in(client, editor)
    assert response.redirect_chain[-1][0].startswith(ASK)
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == SETUP


def test_reset_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("staff_2fa_reset", "nobody")


def test_with_otp_off_a_password_is_enough(editor):
    client = Client()
    response = sign_in(client, editor)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200


def test_someone_asked_for_a_code_can_sign_out_instead(two_factor_on, editor):
    set_up(Client(), editor)
    client = Client()
    sign_in(client, editor)
    page = client.get(VERIFY).content.decode()
    assert 'action="/admin/logout/"' in page and 'method="post"' in page
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_verified_person_can_move_to_a_new_phone_from_their_account(two_factor_on, editor):
    client = Client()
    old = set_up(client, editor)
    account = client.get("/admin/account/").content.decode()
    assert "Set up two-step sign-in on a new phone" in account

    page = client.get(SETUP).content.decode()
    assert "the app you use now will stop working" in page
    new = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert new.key != old.key
    response = client.post(SETUP, {"code": code_for(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=editor).values_list("pk", flat=True)) == [new.pk]

"""Staff sessions end after a spell without activity, and a fixed time after signing in."""

import time

from django.conf import settings
from django.test import Client

from website.security.middleware import SESSION_SEEN, SESSION_STARTED


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    return client


def set_times(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": SESSION_STARTED, "seen": SESSION_SEEN}[key]] = now - ago
    session.save()


def test_the_settings_are_half_an_hour_idle_and_ten_hours_in_all():
    assert settings.STAFF_SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.STAFF_SESSION_MAX_AGE == 10 * 60 * 60
    assert settings.SESSION_COOKIE_AGE <= settings.STAFF_SESSION_MAX_AGE


def test_a_session_left_idle_too_long_is_signed_out_with_the_reason(editor):
    client = signed_in(editor)
    set_times(client, started=3600, seen=settings.STAFF_SESSION_IDLE_TIMEOUT + 5)

    response = client.get("/admin/pages/", follow=True)

    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "because you had not used it for 30 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_busy_session_still_ends_after_the_absolute_limit(editor):
    client = signed_in(editor)
    set_times(client, started=settings.STAFF_SESSION_MAX_AGE + 5, seen=10)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "because you signed in more than 10 hours ago" in response.content.decode()


def test_activity_keeps_a_session_alive(editor):
    client = signed_in(editor)
    set_times(client, started=3 * 3600, seen=settings.STAFF_SESSION_IDLE_TIMEOUT - 60)
    assert client.get("/admin/").status_code == 200
    # That request counted as activity: the idle clock started again.
    assert int(time.time()) - client.session[SESSION_SEEN] < 5
    assert client.get("/admin/pages/").status_code == 200


def test_an_open_editor_tab_pinging_in_the_background_is_not_activity(editor):
    client = signed_in(editor)
    set_times(client, started=3600, seen=600)
    before = client.session[SESSION_SEEN]
    client.post("/admin/editing-sessions/ping/wagtailcore.page/1/")
    assert client.session[SESSION_SEEN] == before


def test_visitors_get_no_session(home_page):
    response = Client().get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies

"""Lockout (django-axes): 10 failed sign-ins lock the address and the username, and a forged
``X-Forwarded-For`` changes nothing, with no proxy in front and with one.
"""

import datetime as dt

from django.test import Client
from django.utils import timezone

import pytest
from axes.models import AccessAttempt

from tests.security.conftest import PASSWORD

LOGIN = "/admin/login/"


def attempt(client, username, password="wrong-password", *, remote="203.0.113.7", forwarded=None):  # noqa: S107
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def is_locked(response) -> bool:
    return response.status_code == 429 and "Too many attempts to sign in" in response.content.decode()


def test_ten_failures_lock_the_username_and_even_the_right_password_then_waits(editor):
    client = Client()
    for number in range(9):
        response = attempt(client, "editor", remote=f"198.51.100.{number}")
        assert response.status_code == 200, number
    # Nine failures: the right password still works.
    assert attempt(Client(), "editor", PASSWORD, remote="198.51.100.50").status_code == 302

    # The tenth failure locks the username, wherever the next try comes from.
    assert is_locked(attempt(client, "editor", remote="198.51.100.9"))
    response = attempt(Client(), "editor", PASSWORD, remote="192.0.2.99")
    assert is_locked(response)
    page = response.content.decode()
    assert "Wait 5 minutes without trying" in page
    assert "signing in is paused" in page
    assert "axes" not in page.lower()

    # Five minutes after the last failure the lock lifts by itself.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=5, seconds=5))
    assert attempt(Client(), "editor", PASSWORD, remote="192.0.2.99").status_code == 302


def test_ten_failures_from_one_address_lock_that_address_for_every_username(editor):
    client = Client()
    for number in range(9):
        assert attempt(client, f"guess{number}").status_code == 200
    assert is_locked(attempt(client, "guess9"))
    assert is_locked(attempt(Client(), "editor", PASSWORD))
    # Somewhere else, the same person signs in as usual.
    assert attempt(Client(), "editor", PASSWORD, remote="192.0.2.10").status_code == 302


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_a_forged_forwarded_for_does_not_dodge_the_lock(settings, editor, trusted_proxies):
    settings.TRUSTED_PROXY_COUNT = trusted_proxies
    client_address, proxy_address = "203.0.113.7", "10.0.0.2"
    client = Client()
    for number in range(10):
        forged = f"192.0.2.{number}, 198.51.100.{number}"
        if trusted_proxies:
            # The load balancer appends the address it saw; everything before it is the visitor's.
            response = attempt(
                client, f"guess{number}", remote=proxy_address, forwarded=f"{forged}, {client_address}"
            )
        else:
            response = attempt(client, f"guess{number}", remote=client_address, forwarded=forged)
        assert response.status_code == (429 if number == 9 else 200), number

    forged = "192.0.2.200"
    if trusted_proxies:
        locked = attempt(
            Client(), "editor", PASSWORD, remote=proxy_address, forwarded=f"{forged}, {client_address}"
        )
        # Another visitor behind the same load balancer is not locked out with them.
        other = attempt(Client(), "editor", PASSWORD, remote=proxy_address, forwarded="198.51.100.77")
        assert other.status_code == 302
    else:
        locked = attempt(Client(), "editor", PASSWORD, remote=client_address, forwarded=forged)
    assert is_locked(locked)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {client_address}

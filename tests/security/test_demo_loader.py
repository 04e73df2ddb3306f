"""The demo loader never gives a live site a superuser called admin with a password everyone knows."""

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest

from tests.security.test_headers import tiny_jpeg


@pytest.fixture
def small_demo(db, crm_reference, monkeypatch):
    """The demo loader with a few of each thing: what it does with staff accounts is what is tested."""
    from website.demo import content, loader, records

    for name, keep in (("STORIES", 1), ("EVENTS", 1), ("FAQS", 1)):
        monkeypatch.setattr(content, name, getattr(content, name)[:keep])
    monkeypatch.setattr(records, "demo_households_load", lambda: 0)
    monkeypatch.setattr(loader, "touchpoints_reconcile", lambda: None)
    monkeypatch.setattr(loader, "_rendered", lambda key, scene, palette: tiny_jpeg())


def test_with_debug_off_it_refuses_and_loads_nothing(small_demo, settings):
    settings.DEBUG = False
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="DEBUG is off, so this may be a live site"):
        call_command("load_demo_content")

    assert not get_user_model().objects.filter(username="admin").exists()
    assert Page.objects.count() == pages


def test_told_it_is_not_production_it_loads_but_no_demo_password_works(small_demo, settings, capsys):
    settings.DEBUG = False

    call_command("load_demo_content", "--i-know-this-is-not-production")

    staff = get_user_model().objects.filter(username__in=["admin", "marketing", "kent.worker", "manager"])
    assert staff.count() == 4
    assert [user.username for user in staff if user.has_usable_password()] == []
    assert not any(user.check_password("changeme") for user in staff)
    assert "manage.py changepassword USERNAME" in capsys.readouterr().out


def test_in_development_the_demo_users_have_the_password_in_the_readme(small_demo, settings):
    settings.DEBUG = True

    call_command("load_demo_content")

    assert get_user_model().objects.get(username="admin").check_password("changeme")

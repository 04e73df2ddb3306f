"""Where an admin form sends a person back to: a path on this site, never whatever was posted.

Every admin form that carries a ``next`` goes back through ``redirect_back``. Only a path on this
site is accepted: it starts with exactly one ``/`` and holds no backslash, space or control
character, so neither ``//evil.example`` nor ``/\\evil.example`` (which browsers read as another
site) nor ``40`` gets through. The answer is built with ``HttpResponseRedirect``, never
``django.shortcuts.redirect``, which would take ``40`` for the name of a view and fail with a 500.
https://docs.djangoproject.com/en/5.2/topics/http/shortcuts/#redirect
"""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(value: str) -> bool:
    """Whether ``value`` is a path on this site, such as ``/admin/crm/households/?tab=mine``."""
    if not value.startswith("/") or value.startswith("//"):
        return False
    if any(character == "\\" or character.isspace() or ord(character) < 32 for character in value):
        return False
    return url_has_allowed_host_and_scheme(value, allowed_hosts=None)


def next_path(request: HttpRequest, *, default: str) -> str:
    """The ``next`` the form carried (posted, or in the address) if it is a path here, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_local_path(target) else default


def redirect_back(request: HttpRequest, *, default: str) -> HttpResponseRedirect:
    """Back to where the form came from, or to ``default`` (an address, already reversed)."""
    return HttpResponseRedirect(next_path(request, default=default))

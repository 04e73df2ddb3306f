"""The address a request came from, as far as it can be trusted.

``X-Forwarded-For`` is a list anyone can start: only the entries added by our own proxies are
facts. With ``TRUSTED_PROXY_COUNT`` proxies in front of Django, the client is the address the
outermost of them saw, ``count`` places from the right of the chain (the header's entries followed
by ``REMOTE_ADDR``). Whatever a visitor writes further left is ignored, so a forged header cannot
dodge django-axes' lockout. With no proxies (development, tests) the header is ignored entirely.

django-ipware is not used: with a proxy count of 0 it still believes a lone ``X-Forwarded-For``.
https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the one our last trusted proxy was given."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)), 0)
    if count == 0:
        return remote
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    chain = [*forwarded, request.META.get("REMOTE_ADDR", "")]
    if len(chain) <= count:
        # The request did not come through all our proxies: only the connection itself is a fact.
        return remote
    return _address(chain[-(count + 1)]) or remote

"""Who may use the applicant's own pages (/your-adoption/): the signed-in household, and nobody else.

Its own module so every page of the applicant's (their journey, their documents) uses the same
rule without importing one another.
"""

from functools import wraps

from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from crm.services.applicants import applicant_session_household

APPLICANT_COOKIE = "apse_applicant"
APPLICANT_PATH = "/your-adoption/"


def private(response):
    """Nothing here may be kept by a browser's cache, a shared cache or the page cache, nor leak by referrer.

    ``same-origin``, not ``no-referrer``: under ``no-referrer`` a browser sends ``Origin: null`` with
    every form posted from the page (https://fetch.spec.whatwg.org/#append-a-request-origin-header),
    which Django's CSRF check and the public forms' origin check both refuse, so no form here could
    be sent. ``same-origin`` still sends nothing to any other site.
    """
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def applicant_required(view):
    """Run ``view`` for a signed-in applicant, with ``request.applicant_household``; else go to sign in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        household = applicant_session_household(request.COOKIES.get(APPLICANT_COOKIE, ""))
        if household is None:
            response = redirect("applicant:sign_in")
            if APPLICANT_COOKIE in request.COOKIES:
                response.delete_cookie(APPLICANT_COOKIE, path=APPLICANT_PATH)
            return private(response)
        request.applicant_household = household
        return private(view(request, *args, **kwargs))

    return wrapped

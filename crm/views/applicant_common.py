"""What every page of the applicant's own area shares: the session cookie, and the sign-in check.

An applicant's session is its own cookie (``APPLICANT_COOKIE``, sent only to /your-adoption/) and its
own table, apart from staff sessions: it never reaches the admin, and a staff login never reaches these
pages. Every page is the signed-in household's own, so no address here names a household.
"""

from functools import wraps

from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from crm.services.applicants import applicant_session_household

APPLICANT_COOKIE = "apse_applicant"
APPLICANT_PATH = "/your-adoption/"


def private(response):
    """Nothing here may be kept by a browser's cache, a shared cache or the page cache, nor leak by referrer.

    ``same-origin``, not ``no-referrer``: a post from a page with no referrer carries ``Origin: null``,
    and the public forms' check of where a post came from (``website.forms_security``) needs one.
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

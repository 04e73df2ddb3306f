"""Public forms are protected from cross-site posts by where the post came from, not by a CSRF token.

Every public page must be cacheable whole for every anonymous visitor (see ``website.cache``), so
its forms (the enquiry form, the checker, event booking, the newsletter sign-up in every footer,
booking cancellation, the cookie choice) cannot carry a per-visitor token. These forms change
nothing for a signed-in user, and each has its own anti-abuse rules, so the browser's own word on
where a post came from is the right defence: ``Sec-Fetch-Site``, then ``Origin``, then ``Referer``
(``website.attribution.same_origin``). Staff and admin forms keep Django's CSRF token.
https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#fetch-metadata-headers

``@public_form`` only sets ``public_form = True`` on the view (a plain attribute, like Django's
``csrf_exempt``), so the CRM and campaigns apps, which never import the website, set the attribute on
their public views themselves. Marking a view exempts it from nothing by itself: ``PublicFormMiddleware``
(just before Django's ``CsrfViewMiddleware``) checks the origin of a post to a marked view and only
then tells Django's CSRF check it is done. Without the middleware, a marked form keeps Django's
token check, so a forgotten setting fails closed.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
REFUSED = "The form was not sent from a page on this website."
REFUSED_TEMPLATE = "website/form_refused.html"


def public_form(view: Callable) -> Callable:
    """Mark a view, a page's ``serve`` or a routable page route as a public form (see the module doc).

    Works under ``@path(...)`` on a ``RoutablePageMixin`` route, and on function views.
    """
    view.public_form = True
    return view


def is_public_form(request: HttpRequest, view_func: Callable, view_args: tuple) -> bool:
    """Whether this request goes to a view, or a Wagtail page route, marked ``@public_form``.

    Wagtail's route result is cached on the request, so looking here costs the page view nothing.
    """
    from wagtail import views as wagtail_views
    from wagtail.models import Page

    if getattr(view_func, "public_form", False):
        return True
    if view_func is not wagtail_views.serve or not view_args:
        return False
    route = Page.route_for_request(request, view_args[0])
    if route is None:
        return False
    page, args, _ = route
    routed_view = args[0] if args and callable(args[0]) else None
    if routed_view is not None:
        return getattr(routed_view, "public_form", False)
    return getattr(type(page).serve, "public_form", False)


def cross_site_refused(request: HttpRequest) -> HttpResponse:
    """A plain page saying why nothing was sent, never kept by any cache."""
    response = TemplateResponse(request, REFUSED_TEMPLATE, {"reason": REFUSED}, status=403)
    response["Cache-Control"] = "private, no-store"
    return response.render()


class PublicFormMiddleware:
    """Checks the origin of posts to public forms, then tells Django's CSRF check it is done.

    Goes just before ``django.middleware.csrf.CsrfViewMiddleware``. The test client's
    ``enforce_csrf_checks=False`` (the default) turns this check off too, as it does Django's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from website.attribution import same_origin

        if request.method in SAFE_METHODS or not is_public_form(request, view_func, view_args):
            return None
        if not getattr(request, "_dont_enforce_csrf_checks", False) and not same_origin(request):
            return cross_site_refused(request)
        request.csrf_processing_done = True
        return None

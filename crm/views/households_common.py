"""Pieces every CRM staff screen shares: who may open it, and the admin page furniture around it."""

from functools import lru_cache

from django.http import Http404
from django.urls import get_script_prefix, reverse, reverse_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.selectors import can_see_people

QUEUE_CRUMB = {"url": reverse_lazy("crm_households"), "label": "Enquiries"}


class PeopleOnlyMixin:
    """Screens with personal data are a 404 for anyone who may not see people at all.

    A 404 rather than a 403, as everywhere in the CRM, so nobody can tell what exists.
    Wagtail's ``require_admin_access`` has already sent anonymous visitors to the login page.
    """

    def dispatch(self, request, *args, **kwargs):
        if not can_see_people(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class CrmPageView(PeopleOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A CRM screen in the Wagtail admin, with breadcrumbs from the queue.

    https://docs.wagtail.org/en/stable/extending/generic_views.html
    """

    header_icon = "group"
    crumbs: list[dict] = []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            QUEUE_CRUMB,
            *self.crumbs,
            {"url": "", "label": self.get_page_title()},
        ]


def household_url(pk: int) -> str:
    """The household page's address; lists of thousands call this, so the pattern is reversed once."""
    return _household_url_pattern(get_script_prefix()).replace(_PLACEHOLDER, str(int(pk)))


_PLACEHOLDER = "987654321"


@lru_cache(maxsize=8)
def _household_url_pattern(prefix: str) -> str:
    return reverse("crm_household", args=[int(_PLACEHOLDER)])

"""What every page on the site shares: a social sharing image and structured data for search engines."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Abstract base for all site pages.

    ``get_structured_data`` returns the page's own schema.org objects; the Organization object is
    added on every page by the ``structured_data`` template tag.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media. Falls back to the page's main image.",
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True

    og_type = "website"

    def get_meta_description(self) -> str:
        return self.search_description or getattr(self, "summary", "") or getattr(self, "intro", "")

    def get_share_image(self):
        return self.social_image or getattr(self, "image", None) or getattr(self, "hero_image", None)

    def get_structured_data(self, request) -> list[dict]:
        return []

    def organization_reference(self, request=None) -> dict:
        """A pointer to the Organization object every page carries, by its ``@id``."""
        from wagtail.models import Site

        site = (Site.find_for_request(request) if request is not None else None) or self.get_site()
        return {
            "@type": "GovernmentOrganization",
            "@id": f"{site.root_url}/#organization",
            "name": site.site_name or settings.WAGTAIL_SITE_NAME,
            "url": f"{site.root_url}/",
        }


class OneKindOfChildMixin:
    """For an index page whose children are all one kind of page: finds the child the address names
    in one query, with what the child's page shows (``child_queryset``), and its parent already known.
    """

    def child_queryset(self):
        raise NotImplementedError

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        try:
            child = self.child_queryset().child_of(self).get(slug=path_components[0])
        except ObjectDoesNotExist as error:
            raise Http404 from error
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

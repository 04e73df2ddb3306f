"""What every page on the site shares: a social sharing image and structured data for search engines."""

from django.conf import settings
from django.db import models

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

    def organization_reference(self) -> dict:
        """A pointer to the Organization object every page carries, by its ``@id``."""
        site = self.get_site()
        return {
            "@type": "GovernmentOrganization",
            "@id": f"{site.root_url}/#organization",
            "name": site.site_name or settings.WAGTAIL_SITE_NAME,
            "url": f"{site.root_url}/",
        }

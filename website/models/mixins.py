"""What every page on the site shares: a social sharing image and structured data for search engines."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel
from wagtail.blocks.base import get_error_json_data
from wagtail.fields import StreamField
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

    def clean(self):
        """Check every StreamField against its blocks' own rules, as the editor's form does.

        A model's ``full_clean`` does not look inside a StreamField, so content made in code (the demo
        content, an import) could be saved with what an editor could never publish, and the next editor
        to publish the page would meet errors they did not make. Wagtail runs ``full_clean`` whenever a
        live page is saved, so this refuses such content where it is made.
        """
        super().clean()
        errors = {}
        for field in self._meta.get_fields():
            if isinstance(field, StreamField):
                value = getattr(self, field.name)
                try:
                    field.stream_block.clean(value)
                except ValidationError as error:
                    errors[field.name] = stream_error_messages(get_error_json_data(error), field.verbose_name)
        if errors:
            raise ValidationError(errors)

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


def stream_error_messages(data: dict, where: str) -> list[str]:
    """Block errors as readable lines that say where each one is, e.g. "questions, item 5, key: ..."."""
    messages = [f"{where}: {message}" for message in data.get("messages", [])]
    children = data.get("blockErrors") or {}
    items = children.items() if isinstance(children, dict) else enumerate(children)
    for key, child in items:
        if child:
            label = f"item {key + 1}" if isinstance(key, int) else str(key)
            messages += stream_error_messages(child, f"{where}, {label}")
    return messages


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

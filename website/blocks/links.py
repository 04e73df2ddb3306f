"""Links and calls to action: a link points at a page on this site or, failing that, a URL."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks import StructValue


class LinkValue(StructValue):
    def href(self) -> str:
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""

    def text(self) -> str:
        page = self.get("page")
        return self.get("label") or (page.title if page else "")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(required=False, max_length=60, help_text="Leave blank to use the page title.")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        label="URL",
        help_text="A full web address or a path on this site, used when no page is chosen.",
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("page") and not value.get("url"):
            errors["page"] = ValidationError("Choose a page or enter a URL.")
        if value.get("page") and value.get("url"):
            errors["url"] = ValidationError("Choose a page or enter a URL, not both.")
        if not value.get("page") and not value.get("label"):
            errors["label"] = ValidationError("A link to a URL needs a label.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        template = "blocks/link_block.html"
        description = "A link to a page on this site or to a web address."
        preview_value = {"label": "Find an information event", "url": "/events/"}


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=100)
    text = blocks.TextBlock(required=False, max_length=300)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        description = "A highlighted box that asks the reader to take one next step."
        preview_value = {
            "heading": "Ready to find out more?",
            "text": "Come to a free information evening near you, in person or online.",
            "link": {"label": "Find an event", "url": "/events/"},
        }

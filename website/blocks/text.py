"""Text blocks: headings, paragraphs, quotes, callouts and accordions."""

from wagtail import blocks

# Headings inside body content start at h2: the page title is the only h1.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2"), ("h3", "Heading 3")],
        default="h2",
        help_text="Use heading 3 only under a heading 2, so screen reader users can follow the outline.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A section heading."
        preview_value = {"text": "What happens at an information evening", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = "Plain text with bold, italic, links and lists."
        preview_value = (
            "<p>Most people who adopt are ordinary people with room in their lives for a child. "
            "You do not need to own your home or be married.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A quotation, with who said it."
        preview_value = {
            "quote": "The first time she called me Mum, I had to leave the room for a moment.",
            "attribution": "Sam, who adopted in 2023",
        }


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=100)
    text = ParagraphBlock()
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("important", "Important")],
        default="info",
    )

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        description = "A box that draws attention to a short piece of information."
        preview_value = {
            "heading": "You can rent your home",
            "text": "<p>Many of our adopters rent. What matters is a safe, stable home.</p>",
            "tone": "info",
        }


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    content = ParagraphBlock()


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"
        description = "Questions or sections that open and close, built on HTML details and summary."
        preview_value = {
            "heading": "Common questions",
            "items": [
                {"title": "How long does it take?", "content": "<p>About six months from registering.</p>"},
                {"title": "Does it cost anything?", "content": "<p>No. Adopting with us is free.</p>"},
            ],
        }

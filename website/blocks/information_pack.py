"""The information pack's sections: one per topic, each with a heading, words, and a picture or a story."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .text import RICH_TEXT_FEATURES


class PackTopic(blocks.ChoiceBlock):
    """The topics a pack covers, in the order the agency's own pack tells them."""

    TOPICS = [
        ("adoption", "What adoption is"),
        ("who", "Who can adopt"),
        ("children", "The children who wait"),
        ("journey", "The journey and how long each step takes"),
        ("early-permanence", "Early permanence"),
        ("money", "Money and leave"),
        ("support", "Support after adoption"),
        ("next", "Next steps"),
    ]

    def __init__(self, **kwargs):
        super().__init__(choices=self.TOPICS, **kwargs)


class PackSectionBlock(blocks.StructBlock):
    topic = PackTopic(help_text="Each topic once; the pack's contents list follows the order here.")
    heading = blocks.CharBlock(max_length=120, help_text="The section's heading, e.g. 'Who can adopt?'")
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    image = ImageBlock(required=False)
    story = blocks.PageChooserBlock(
        page_type="website.StoryPage",
        required=False,
        help_text="A story from the library: its summary is quoted, with the author's name and a link.",
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/pack_section_block.html"
        description = "One topic of the information pack."


class PackSectionsBlock(blocks.StreamBlock):
    section = PackSectionBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = {}
        for index, child in enumerate(value):
            topic = child.value["topic"]
            if topic in seen:
                label = dict(PackTopic.TOPICS)[topic]
                raise blocks.StreamBlockValidationError(
                    block_errors={
                        index: blocks.StructBlockValidationError(
                            {"topic": ValidationError(f"“{label}” is section {seen[topic] + 1} already.")}
                        )
                    }
                )
            seen[topic] = index
        return value

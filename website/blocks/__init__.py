"""The shared block library: every page body is a ``BaseStreamBlock``."""

from wagtail import blocks

from .journey import MythsFactsBlock, StepsBlock
from .links import CallToActionBlock, LinkBlock
from .media import ImageFigureBlock, VideoBlock, video_embed_url
from .text import AccordionBlock, CalloutBlock, HeadingBlock, ParagraphBlock, QuoteBlock


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageFigureBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    video = VideoBlock()
    steps = StepsBlock()
    myths_facts = MythsFactsBlock()
    accordion = AccordionBlock()
    call_to_action = CallToActionBlock()


__all__ = [
    "AccordionBlock",
    "BaseStreamBlock",
    "CallToActionBlock",
    "CalloutBlock",
    "HeadingBlock",
    "ImageFigureBlock",
    "LinkBlock",
    "MythsFactsBlock",
    "ParagraphBlock",
    "QuoteBlock",
    "StepsBlock",
    "VideoBlock",
    "video_embed_url",
]

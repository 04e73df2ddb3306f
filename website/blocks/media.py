"""Images and video.

Video is shown as a poster with a link and a full transcript. The third-party player is loaded
only when the visitor asks for it, so no page makes a request to a video host on load.
"""

from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .text import ParagraphBlock


class ImageFigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_figure_block.html"
        description = "An image with alt text and an optional caption."


def video_embed_url(url: str) -> str:
    """The privacy-enhanced player address for a YouTube or Vimeo link, or '' if not recognised."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host == "youtu.be":
        video_id = parsed.path.strip("/")
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
        if video_id:
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return ""
    elif host == "vimeo.com":
        video_id = parsed.path.strip("/").split("/")[0]
        if video_id.isdigit():
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
        return ""
    return f"https://www.youtube-nocookie.com/embed/{video_id}" if video_id else ""


class VideoValue(blocks.StructValue):
    def embed_url(self) -> str:
        return video_embed_url(self.get("url") or "")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    url = blocks.URLBlock(label="Video address", help_text="A YouTube or Vimeo link.")
    poster = ImageBlock(required=False)
    caption = blocks.CharBlock(required=False, max_length=250)
    transcript = ParagraphBlock(help_text="A full transcript, so the video works for everyone.")

    def clean(self, value):
        value = super().clean(value)
        if not video_embed_url(value.get("url") or ""):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Enter a YouTube or Vimeo video link.")}
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        value_class = VideoValue
        description = "A YouTube or Vimeo video with a transcript, loaded only when the visitor plays it."
        preview_value = {
            "title": "Our first year as a family",
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "caption": "Alex and Jo talk about their first year.",
            "transcript": "<p>Alex: We were nervous at the first information evening...</p>",
        }

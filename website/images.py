"""Named image sizes, so templates, listings and pre-generation all use the same renditions.

Each size is a Wagtail filter spec (with brace expansion) plus the ``sizes`` attribute the browser
uses to pick a width. https://docs.wagtail.org/en/stable/topics/images.html#responsive-images
"""

from wagtail.images.models import Filter, Picture

FORMATS = "format-{avif,webp,jpeg}"

PICTURE_SIZES = {
    "hero": ("fill-{640x400,1280x800,1920x1200}-c75", "100vw"),
    "card": ("fill-{400x250,800x500}-c75", "(min-width: 62em) 30vw, (min-width: 36em) 45vw, 100vw"),
    "lead": ("fill-{640x360,1040x585,1600x900}-c75", "(min-width: 70em) 1040px, 100vw"),
    "figure": ("max-{640x640,1040x1040}", "(min-width: 70em) 720px, 100vw"),
    "poster": ("fill-{640x360,1040x585}", "(min-width: 70em) 720px, 100vw"),
}
SOCIAL_SPEC = "fill-1200x630|format-jpeg"


def picture_specs(size: str) -> list[str]:
    spec, _ = PICTURE_SIZES[size]
    return Filter.expand_spec(f"{FORMATS}|{spec}")


def picture_html(image, size: str, **attrs) -> str:
    """A ``<picture>`` with AVIF and WebP sources and a JPEG ``<img>`` carrying ``srcset`` and ``sizes``."""
    renditions = image.get_renditions(*picture_specs(size))
    attrs = {"sizes": PICTURE_SIZES[size][1], "decoding": "async", **attrs}
    return Picture(renditions, attrs).__html__()


def renditions_pregenerate(image) -> None:
    """Make every rendition the site can ask for, so first visits do not wait for image encoding."""
    for size in PICTURE_SIZES:
        image.get_renditions(*picture_specs(size))
    image.get_rendition(SOCIAL_SPEC)

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


# Each process keeps the picture markup it has made under the current page cache version
# (``website.cache``): finding an image's renditions costs a cache or database round trip and a few
# milliseconds a picture, and saving an image moves the version on, so markup kept under an older
# version is never used again.
_made: dict = {"version": None, "html": {}}


def picture_html_kept(image, size: str, *, version: str | None, **attrs) -> str:
    """``picture_html``, made once per process for each image, size and version of the site's content."""
    key = (image.pk, image.file.name, size, tuple(sorted(attrs.items())))
    return _kept(version, key, lambda: picture_html(image, size, **attrs))


def rendition_url_kept(image, spec: str, *, version: str | None) -> str:
    """An image's rendition address, kept as ``picture_html_kept`` keeps its markup."""
    return _kept(version, (image.pk, image.file.name, spec), lambda: image.get_rendition(spec).url)


def _kept(version: str | None, key: tuple, make) -> str:
    """What ``make`` returns, kept under ``key`` until the version moves on (made every time without one)."""
    if version is None:
        return make()
    if _made["version"] != version:
        _made.update(version=version, html={})
    found = _made["html"].get(key)
    if found is None:
        found = _made["html"][key] = make()
    return found


def renditions_pregenerate(image) -> None:
    """Make every rendition the site can ask for, so first visits do not wait for image encoding."""
    for size in PICTURE_SIZES:
        image.get_renditions(*picture_specs(size))
    image.get_rendition(SOCIAL_SPEC)

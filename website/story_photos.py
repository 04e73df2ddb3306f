"""The photo sent with a story: judged before anything is kept, then kept as a Wagtail image nobody can find.

Judged as an applicant's document is (``crm.services.documents``): its size, what it is by its content
(a JPEG or PNG only, whatever its name says), and, when ``CLAMD_SOCKET`` is set, ClamAV's verdict
(fail closed if the checker cannot be reached). Then it is decoded and saved again as a new JPEG, which
drops everything but the picture: a phone's photo carries where it was taken (GPS) and when, which
could lead someone to a family, and anything hidden after the picture goes too.

The kept image lives in the "Story submissions" collection, which only the marketing team may use
(``website.roles``), under a random file name. Nothing links to it until the story is published, and no
smaller copy is made until an editor looks at it, so it cannot be found from outside before then.
"""

import io
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

from core import virus_scan
from core.uploads import JPEG, PNG, name_sanitise, size_words, sniff

logger = logging.getLogger(__name__)

COLLECTION_NAME = "Story submissions"
MAX_PIXELS = 50_000_000  # a 50-megapixel photo is larger than any phone's
LONGEST_SIDE = 2400  # plenty for the site's largest picture (1920 wide), and a smaller file to keep
JPEG_QUALITY = 88
SCAN_UNAVAILABLE = (
    "We couldn't check that photo just now. Please try again in a few minutes, or send your story without it."
)
INFECTED = (
    "We can't accept that photo: our virus checker found something harmful in it. It has not been kept. "
    "Please check your computer or phone for viruses, or send your story without a photo."
)


class PhotoRefused(Exception):
    """A photo that was not accepted; the message says why, for the person who sent it. Nothing was kept."""


@dataclass(frozen=True)
class JudgedPhoto:
    content: bytes  # the picture, saved again as a JPEG with no metadata
    scanned: bool  # ClamAV looked at the file as it was sent


def story_photo_judge(uploaded_file) -> JudgedPhoto:
    """Judge a photo sent with a story; ``PhotoRefused`` with the reason if it cannot be used."""
    size, limit = uploaded_file.size or 0, settings.STORY_PHOTO_MAX_BYTES
    if size == 0:
        raise PhotoRefused("That photo is empty. Choose it again, or send your story without a photo.")
    if size > limit:
        shown = size_words(size)
        if shown == size_words(limit):
            shown = f"more than {shown}"
        raise PhotoRefused(
            f"That photo is {shown}. A photo can be {size_words(limit)} at most: "
            "choose a smaller one, or send your story without a photo."
        )
    kind = sniff(uploaded_file)
    if kind is None or kind.code not in (JPEG, PNG):
        name = name_sanitise(getattr(uploaded_file, "name", "") or "", fallback="")
        named = f" ({name})" if name else ""
        raise PhotoRefused(
            f"That file{named} isn't a JPEG or PNG photo. Choose a photo from your phone or camera "
            "(most are JPEGs), or send your story without one."
        )
    try:
        verdict = virus_scan.scan(uploaded_file)
    except virus_scan.ScanUnavailable as error:
        logger.error("A story photo was refused: the virus checker failed. %s", error)
        raise PhotoRefused(SCAN_UNAVAILABLE) from None
    if verdict.infected:
        logger.warning("A story photo was refused: clamd found %s", verdict.signature)
        raise PhotoRefused(INFECTED)
    return JudgedPhoto(content=_picture_only(uploaded_file), scanned=verdict.scanned)


def _picture_only(uploaded_file) -> bytes:
    """The picture, turned the right way up, as a new JPEG: no location, no camera details, nothing hidden."""
    cannot_open = "We could not open that photo. Choose it again, or try a different photo."
    uploaded_file.seek(0)
    try:
        with PillowImage.open(uploaded_file) as picture:
            if picture.width * picture.height > MAX_PIXELS:
                raise PhotoRefused("That photo has too many pixels for us to use. Choose a smaller photo.")
            picture.load()
            upright = ImageOps.exif_transpose(picture)
            upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            if upright.mode != "RGB":
                flat = PillowImage.new("RGB", upright.size, "white")
                rgba = upright.convert("RGBA")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, PillowImage.DecompressionBombError):
        raise PhotoRefused(cannot_open) from None
    return out.getvalue()


def story_collection() -> Collection:
    """The collection story photos are kept in, made under the root collection the first time."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=COLLECTION_NAME).first()
    return found or root.add_child(name=COLLECTION_NAME)


def story_photo_keep(*, photo: JudgedPhoto, submission_id: int):
    """A Wagtail image of the photo, in the story collection, under a random name."""
    image = get_image_model()(
        title=f"Story {submission_id}: photo sent with the story",
        description="",
        collection=story_collection(),
    )
    image.file = ImageFile(io.BytesIO(photo.content), name=f"story-{uuid.uuid4().hex}.jpg")
    image.file_size = len(photo.content)
    image.save()
    return image


def story_photo_delete(image) -> None:
    """Delete the image and, once that has committed, its file and every smaller copy (Wagtail does both)."""
    if image is not None:
        image.delete()

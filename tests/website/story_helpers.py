"""What the story tests share: the pages a story needs, a valid form, a photo with a location in it."""

import io
import time

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

from core import consent
from core.spam import FORM_SALT
from tests.factories import add_page, story_index
from website.models import ShareStoryPage

STORY = (
    "We met our son when he was four. The first weeks were hard and wonderful: bedtime took two hours and "
    "he laughed at everything the dog did.\n\nTwo years on, he tells everyone about his adoption day."
)


def story_pages(home_page):
    """The stories index and the "Share your story" page, published, as the marketing team places them."""
    index = story_index(home_page)
    share = add_page(
        home_page,
        ShareStoryPage,
        title="Share your story",
        slug="share-your-story",
        intro="Your story could help someone decide to adopt.",
    )
    return index, share


def form_data(**fields) -> dict:
    """A valid submission, as the form on the page sends it (its timing token made long enough ago)."""
    return {
        "name": "Priya Shah",
        "email": "Priya@Example.com",
        "name_choice": "first_names",
        "published_name": "Priya and Sam",
        "title": "How we became a family of three",
        "story": STORY,
        "consent": "on",
        "wording_version": consent.STORY_PUBLISH.version,
        "form_token": taken_time_token(),
        **fields,
    }


def taken_time_token(seconds: int = 90) -> str:
    """The form's timing token as if the page was opened ``seconds`` ago (``core.spam``)."""
    return signing.dumps(int(time.time()) - seconds, salt=FORM_SALT)


def photo_bytes(kind: str = "JPEG", *, size=(64, 48), gps: bool = True) -> bytes:
    """A small photo; a JPEG carries the camera's GPS position, as a phone's does."""
    picture = Image.new("RGB", size, (90, 140, 200))
    out = io.BytesIO()
    if kind == "JPEG" and gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 16.0, 12.0), 3: "E", 4: (0.0, 31.0, 5.0)})
        picture.save(out, kind, exif=exif)
    else:
        picture.save(out, kind)
    return out.getvalue()


def photo_upload(name: str = "me.jpg", content: bytes | None = None, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(
        name, content if content is not None else photo_bytes(), content_type=content_type
    )

"""Hostile input at "Share your story": the form (with photos of every wrong kind) and the withdraw link.

Never a server error, never a script given back, never a cross-site post let through; whatever was kept
is a submission whose page the site can show in the admin.
"""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.crm.document_files import eicar, image, pdf
from tests.trust.test_fuzz import SCRIPT, browser, fields, hostile_text, post, raw_bodies, tally  # noqa: F401
from tests.website.story_helpers import form_data, photo_bytes, photo_upload, story_pages
from website.models import StorySubmission
from website.roles import roles_sync

SEND = "/your-story/send/"
SENSIBLE = form_data()


# A photo field: a real photo, an impostor, an empty or broken file, or nothing at all.
def sendable_name(name: str) -> str:
    """A file name a browser could send: no NUL, and something left of it after its last slash."""
    name = name.replace("\x00", "")
    return name if os.path.basename(name.replace("\\", "/")).strip(". ") else "x"


photos = st.one_of(
    st.none(),
    st.sampled_from(
        [
            ("me.jpg", photo_bytes()),
            ("me.png", image("PNG")),
            ("me.jpg", pdf()),
            ("me.jpg", b""),
            ("me.jpg", b"\xff\xd8\xff" + b"\0" * 64),
            ("me.jpg", photo_bytes(gps=False) + eicar()),
            (SCRIPT + ".jpg", photo_bytes()),
            ("../../etc/passwd", b"\x89PNG\r\n\x1a\n" + b"x" * 40),
        ]
    ),
    st.tuples(hostile_text.map(lambda name: sendable_name(name)), st.binary(max_size=2000)),
)


@pytest.fixture
def story_site(home_page):
    roles_sync()
    return story_pages(home_page)


@pytest.mark.django_db
@given(data=fields(SENSIBLE), photo=photos, cross_site=st.booleans())
def test_share_your_story(browser, story_site, tally, data, photo, cross_site):  # noqa: F811
    if photo is not None:
        data = {**data, "photo": photo_upload(photo[0], photo[1])}
    before = StorySubmission.objects.count()
    response = post(browser, SEND, data, cross_site=cross_site)
    tally.check(response, cross_site=cross_site)
    if cross_site:
        assert StorySubmission.objects.count() == before
    for submission in StorySubmission.objects.all():
        assert submission.consent_wording_version and submission.email
    # The page with the form still shows.
    assert browser.get("/share-your-story/").status_code == 200


@pytest.mark.django_db
@given(raw=raw_bodies)
def test_share_your_story_raw_bodies(browser, story_site, tally, raw):  # noqa: F811
    content_type, body = raw
    response = browser.generic("POST", SEND, body, content_type=content_type, HTTP_ORIGIN="http://testserver")
    tally.check(response)


@pytest.mark.django_db
@given(token=hostile_text, cross_site=st.booleans())
def test_withdraw_link(browser, story_site, tally, token, cross_site):  # noqa: F811
    safe = (
        token.replace("/", "").replace("\x00", "").replace("?", "").replace("#", "").replace("%", "") or "x"
    )
    path = f"/your-story/withdraw/{safe}/"
    tally.check(browser.get(path))
    tally.check(post(browser, path, {}, cross_site=cross_site), cross_site=cross_site)

"""Stories people sent are found, exported and erased with everything else about them (``website.story_privacy``)."""

import io
import json
import zipfile

from django.core import mail

from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

import pytest

from crm.selectors import person_for_anchor, privacy_find
from crm.services.privacy import person_erase, subject_access_export
from tests.factories import staff_member
from tests.website.story_helpers import STORY, form_data, photo_upload, story_pages
from website.models import StoryPage, StorySubmission
from website.roles import roles_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(home_page, client, django_capture_on_commit_callbacks):
    roles_sync()
    story_pages(home_page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/your-story/send/", form_data(photo=photo_upload(), photo_only_me="on"))
    return StorySubmission.objects.get()


def test_a_story_is_found_by_the_address_it_came_from(sent):
    anchors = privacy_find(query="PRIYA@example.com")

    assert [anchor.key for anchor in anchors] == [f"story_submission-{sent.pk}"]
    _, person = person_for_anchor(key=anchors[0].key)
    assert person.emails == frozenset({"priya@example.com"})


def test_subject_access_includes_the_story_as_sent(sent):
    manager = staff_member("manager", role="manager", council=None)
    anchor, person = person_for_anchor(key=f"story_submission-{sent.pk}")

    made = subject_access_export(anchor=anchor, person=person, by=manager.user)

    with zipfile.ZipFile(io.BytesIO(made.content)) as archive:
        data = json.loads(
            next(archive.read(name) for name in archive.namelist() if name.endswith("data.json"))
        )
    (row,) = data["sections"]["Stories you sent for our website"]
    assert row["Your name"] == "Priya Shah"
    assert row["Your story as you sent it"] == STORY
    assert row["Consent wording version"] == sent.consent_wording_version


def test_erasure_withdraws_consent_first_then_removes_the_page_photo_and_words(
    sent, django_capture_on_commit_callbacks
):
    manager = staff_member("manager", role="manager", council=None)
    page = sent.page.specific
    page.current_workflow_state.cancel(user=None)
    page.get_latest_revision().publish()
    _, person = person_for_anchor(key=f"story_submission-{sent.pk}")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = person_erase(person=person, by=manager.user, reason="Asked by email")

    assert result.elsewhere["Stories withdrawn and cleared"] == 1
    assert result.elsewhere["Story pages deleted"] == 1
    erased = StorySubmission.objects.get(pk=sent.pk)
    assert erased.state == StorySubmission.State.WITHDRAWN and erased.withdrawn_at
    assert (erased.name, erased.title, erased.story, erased.published_name) == ("", "", "", "")
    assert erased.email.endswith("@erased.invalid")
    assert erased.consent_wording_version == sent.consent_wording_version
    assert not StoryPage.objects.filter(pk=page.pk).exists()
    assert not get_image_model().objects.exists()
    assert not PageLogEntry.objects.filter(label__icontains="family of three").exists()
    assert privacy_find(query="priya@example.com") == []

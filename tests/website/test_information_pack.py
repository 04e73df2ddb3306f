"""The information pack: one page, read on the site and printed to a PDF by a task when published."""

import datetime as dt
import io

from django.utils import timezone

import pytest
from pypdf import PdfReader

from tests.factories import (
    ImageFactory,
    add_page,
    event_index,
    event_page,
    story_index,
    story_page,
)
from website.information_pack import NotOurFile, _local_file, pack_pdf_make, packs_needing_pdf
from website.models import CouncilContact, InformationPackPage, InformationPackPdf

pytestmark = pytest.mark.django_db

TOPICS = [
    ("adoption", "What adoption is"),
    ("who", "Who can adopt?"),
    ("children", "The children who wait"),
    ("journey", "The journey, step by step"),
    ("early-permanence", "Early permanence"),
    ("money", "Money and leave"),
    ("support", "Support after adoption"),
    ("next", "Next steps"),
]


def sections(*, image=None, story=None):
    made = []
    for topic, heading in TOPICS:
        value = {
            "topic": topic,
            "heading": heading,
            "body": f"<p>All about {heading.lower()}.</p>",
            "story": None,
        }
        if topic == "adoption" and image:
            value["image"] = {"image": image.pk, "decorative": False, "alt_text": "A house on a hill"}
        if topic == "who" and story:
            value["story"] = story.pk
        if topic == "next":
            value["body"] = '<p><a href="/enquire/">Tell us you are interested</a>.</p>'
        made.append({"type": "section", "value": value})
    return InformationPackPage.sections.field.stream_block.to_python(made)


@pytest.fixture
def pack(home_page, django_capture_on_commit_callbacks):
    CouncilContact.objects.create(
        council="medway", team_name="APSE in Medway", phone="0300 123 4002", email="medway@apse.example"
    )
    CouncilContact.objects.create(
        council="kent", team_name="APSE in Kent", phone="0300 123 4001", email="kent@apse.example"
    )
    events = event_index(home_page)
    for days, title in [
        (3, "Maidstone evening"),
        (10, "Online evening"),
        (17, "Chatham evening"),
        (24, "Sidcup"),
    ]:
        event_page(events, title=title, days=days)
    event_page(events, title="Preparation training", days=1, event_type="preparation_training")
    story = story_page(
        story_index(home_page), title="Joanne", author="Joanne", summary="I adopted on my own."
    )
    # Publishing queues the PDF's task once the publish is committed.
    with django_capture_on_commit_callbacks(execute=True):
        return add_page(
            home_page,
            InformationPackPage,
            title="Our information pack",
            slug="information-pack",
            intro="Everything you need to decide.",
            sections=sections(image=ImageFactory(), story=story),
        )


def made_pdf(pack) -> bytes:
    made = InformationPackPdf.objects.get(page=pack, revision_id=pack.live_revision_id)
    with made.file.open("rb") as handle:
        return handle.read()


def outline_titles(reader: PdfReader) -> list[tuple[int, str]]:
    titles = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, item.title))

    walk(reader.outline, 0)
    return titles


def test_publishing_the_pack_makes_its_pdf_once_per_revision(pack, django_capture_on_commit_callbacks):
    assert InformationPackPdf.objects.filter(page=pack).count() == 1
    first = InformationPackPdf.objects.get(page=pack)
    assert first.revision_id == pack.live_revision_id and first.size > 0

    # Running the task again for the same revision makes nothing new.
    assert pack_pdf_make(page_id=pack.pk, revision_id=pack.live_revision_id) == first
    assert InformationPackPdf.objects.filter(page=pack).count() == 1

    # A new revision gets its own; an old revision's task, run late, makes nothing.
    old_revision = pack.live_revision_id
    pack.intro = "Changed."
    with django_capture_on_commit_callbacks(execute=True):
        pack.save_revision().publish()
    pack.refresh_from_db()
    assert InformationPackPdf.objects.filter(page=pack).count() == 2
    assert pack_pdf_make(page_id=pack.pk, revision_id=old_revision) is None


def test_the_pdf_is_accessible_text_with_title_language_headings_in_order_and_working_links(pack):
    content = made_pdf(pack)
    reader = PdfReader(io.BytesIO(content))

    assert len(content) < 2 * 1024 * 1024
    assert reader.metadata.title == "Our information pack: Adoption Partnership south east"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged, so read aloud in order

    text = " ".join(page.extract_text() for page in reader.pages)
    for _, heading in TOPICS:
        assert heading in text
    assert "I adopted on my own." in text and "0300 123 4002" in text

    # One h1, then every section's h2 in the order the editor put them, then the filled-in ones.
    outline = outline_titles(reader)
    assert outline[0] == (0, "Our information pack")
    second_level = [title for depth, title in outline if depth == 1]
    assert second_level == [
        "In this pack",
        *(h for _, h in TOPICS),
        "Come to an information event",
        "Talk to us",
    ]
    assert [title for depth, title in outline if depth == 2] == ["APSE in Kent", "APSE in Medway"]

    links = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert "http://localhost/enquire/" in links
    assert "http://localhost/stories/joanne/" in links
    assert "mailto:medway@apse.example" in links
    assert {"http://localhost/events/maidstone-evening/", "http://localhost/events/chatham-evening/"} <= links


def test_a_pdf_made_on_an_earlier_day_is_made_again_so_its_events_are_the_next_ones(pack):
    made = InformationPackPdf.objects.get(page=pack)
    old_file = made.file.name
    InformationPackPdf.objects.filter(pk=made.pk).update(made_at=made.made_at - dt.timedelta(days=1))
    assert packs_needing_pdf() == [(pack.pk, pack.live_revision_id)]

    again = pack_pdf_make(page_id=pack.pk, revision_id=pack.live_revision_id)
    assert again.pk == made.pk and timezone.localdate(again.made_at) == timezone.localdate()
    assert packs_needing_pdf() == []
    assert again.file.name != old_file or again.made_at > made.made_at


def test_the_next_three_information_evenings_fill_themselves_in(pack, client):
    html = client.get("/information-pack/").content.decode()
    assert html.index("Maidstone evening") < html.index("Online evening") < html.index("Chatham evening")
    assert "Sidcup" not in html  # the fourth
    assert "Preparation training" not in html  # not an information evening
    assert "APSE in Kent" in html and "0300 123 4001" in html


def test_the_page_links_its_pdf_and_the_pdf_is_served(pack, client):
    html = client.get("/information-pack/").content.decode()
    assert 'href="/information-pack/pdf/"' in html
    assert "Download the pack as a PDF" in html
    response = client.get("/information-pack/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_before_the_pdf_is_made_the_page_says_so_and_nothing_is_made_in_the_request(pack, client):
    InformationPackPdf.objects.all().delete()
    html = client.get("/information-pack/").content.decode()
    assert "Download the pack as a PDF" not in html
    response = client.get("/information-pack/pdf/")
    assert response.status_code == 404
    assert "being made" in response.content.decode()
    assert not InformationPackPdf.objects.exists()
    assert packs_needing_pdf() == [(pack.pk, pack.live_revision_id)]


@pytest.mark.parametrize(
    "address",
    [
        "https://tracker.example/pixel.png",
        "http://localhost/admin/",
        "file:///etc/passwd",
        "http://localhost/media/../website/settings/base.py",
    ],
)
def test_making_the_pdf_reads_only_the_sites_own_files(address):
    with pytest.raises(NotOurFile):
        _local_file(address)


def test_a_topic_used_twice_is_refused_with_where_it_is(home_page):
    value = sections()
    raw = list(value.raw_data)
    raw.append(raw[1])
    page = InformationPackPage(
        title="Pack",
        slug="pack",
        intro="Hello.",
        sections=InformationPackPage.sections.field.stream_block.to_python(raw),
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        home_page.add_child(instance=page)
    assert "“Who can adopt” is section 2 already." in str(refused.value)


def test_the_pages_sections_events_and_contacts_are_kept_until_the_content_changes(pack, client, settings):
    """Made afresh (no whole-page cache), the page makes its sections, events and contacts once per
    content version: a second render runs fewer queries, and a change to any of them shows at once."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from website.fragments import FRAGMENT_CACHE

    settings.PAGE_CACHE_SECONDS = 0
    client.get(pack.url)  # a first page may save the site settings it reads: a change of content
    caches[FRAGMENT_CACHE].clear()
    with CaptureQueriesContext(connection) as first:
        page = client.get(pack.url).content.decode()
    assert "APSE in Medway" in page and "Maidstone evening" in page and "Who can adopt?" in page
    with CaptureQueriesContext(connection) as second:
        assert client.get(pack.url).content.decode() == page
    read_first = " ".join(query["sql"] for query in first)
    read_second = " ".join(query["sql"] for query in second)
    assert "website_councilcontact" in read_first and "website_eventpage" in read_first
    assert "website_councilcontact" not in read_second and "website_eventpage" not in read_second

    medway = CouncilContact.objects.get(council="medway")
    medway.phone = "0300 123 9999"
    medway.save()
    assert "0300 123 9999" in client.get(pack.url).content.decode()

    edited = InformationPackPage.objects.get(pk=pack.pk)
    raw = [dict(block) for block in edited.sections.raw_data]
    raw[1]["value"] = {**raw[1]["value"], "heading": "Could I adopt?"}
    edited.sections = raw
    edited.save_revision().publish()
    page = client.get(pack.url).content.decode()
    assert "Could I adopt?" in page and "Who can adopt?" not in page

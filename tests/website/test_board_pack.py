"""The board pack: every figure equals its Insight screen's, publishing, who may see it, the task and the PDF."""

import datetime as dt
import io

from django.http import Http404
from django.test import Client
from django.urls import reverse

import pytest
from pypdf import PdfReader

from tests.factories import UserFactory, staff_member
from tests.website.board_pack_helpers import QUARTER, history_with_answers, screens_for
from website import board_pack as service
from website.board_pack import (
    NO_ANSWERS,
    SECTIONS,
    BoardPackError,
    board_pack_commentary_save,
    board_pack_make,
    board_pack_publish,
    board_pack_request,
    period_choices,
    period_dates,
)
from website.board_pack_pdf import board_pack_pdf
from website.models import BoardPack
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db):
    return history_with_answers()


def pack_made(user, django_capture_on_commit_callbacks, *, period=QUARTER, council="") -> BoardPack:
    with django_capture_on_commit_callbacks(execute=True):
        pack = board_pack_request(user=user, period=period, council=council)
    pack.refresh_from_db()
    return pack


def table_of(section: dict) -> list[dict]:
    return [
        {key: table[key] for key in ("caption", "header", "rows", "totals")} for table in section["tables"]
    ]


@pytest.mark.parametrize("council", ["", "kent"])
def test_every_figure_in_the_pack_equals_its_insight_screen(
    history, council, django_capture_on_commit_callbacks
):
    user = history.manager.user
    pack = pack_made(user, django_capture_on_commit_callbacks, council=council)
    screens = screens_for(user, council)

    assert pack.state == BoardPack.State.READY
    assert [section["key"] for section in pack.sections] == list(screens)
    figures = 0
    for section in pack.sections:
        assert table_of(section) == screens[section["key"]], section["key"]
        figures += sum(
            len(row) - 1 for table in section["tables"] for row in [*table["rows"], *table["totals"]]
        )
    assert figures > 200
    # Seven households first enquired from January to March 2025 (Ada to Gus), three of them
    # in Kent (Ada, Ben, Eve): managers see small counts, as on screen.
    funnel = pack.sections[0]["tables"][0]
    assert funnel["caption"] == screens["funnel"][0]["caption"]
    assert funnel["rows"][0][:2] == ["Enquiry", "7" if not council else "3"]


def test_a_quarter_and_a_financial_year_run_april_to_march(history):
    assert period_dates("2025")[1:] == (period_dates("2025-Q1")[1], period_dates("2025-Q4")[2])
    assert [str(day) for day in period_dates("2025-Q4")[1:]] == ["2026-01-01", "2026-03-31"]
    assert [str(day) for day in period_dates("2025-Q3")[1:]] == ["2025-10-01", "2025-12-31"]
    # Only periods that have ended: on 5 December 2026, the quarter to 30 September 2026 is the latest.
    keys = [key for key, _ in period_choices(dt.date(2026, 12, 5))]
    assert keys[:2] == ["2026-Q2", "2026-Q1"] and len(keys) == 15
    assert keys[-3:] == ["2025", "2024", "2023"]
    assert dict(period_choices(dt.date(2026, 12, 5)))["2025"] == "Financial year 2025–26"


def test_the_adopters_voice_is_left_without_figures_where_nobody_answered(
    history, django_capture_on_commit_callbacks
):
    pack = pack_made(history.manager.user, django_capture_on_commit_callbacks, period="2024-Q3")

    voice = pack.sections[-1]
    assert voice["key"] == "voice" and voice["tables"] == [] and voice["note"] == NO_ANSWERS


def test_publishing_needs_every_commentary_and_then_keeps_the_pack(
    history, django_capture_on_commit_callbacks
):
    user = history.manager.user
    pack = pack_made(user, django_capture_on_commit_callbacks)
    board_pack_commentary_save(user=user, pack_id=pack.pk, commentary={"funnel": "Enquiries are up."})

    with pytest.raises(BoardPackError) as refused:
        board_pack_publish(user=user, pack_id=pack.pk)
    assert "Still empty: Timeliness against the clocks;" in refused.value.message
    assert BoardPack.objects.get(pk=pack.pk).state == BoardPack.State.READY

    board_pack_commentary_save(
        user=user, pack_id=pack.pk, commentary={section.key: f"About {section.key}." for section in SECTIONS}
    )
    published = board_pack_publish(user=user, pack_id=pack.pk)
    assert published.state == BoardPack.State.PUBLISHED
    assert published.published_by == user and published.published_at is not None

    with pytest.raises(BoardPackError, match="cannot be changed"):
        board_pack_commentary_save(user=user, pack_id=pack.pk, commentary={"funnel": "Changed."})
    with pytest.raises(BoardPackError, match="cannot be changed"):
        board_pack_publish(user=user, pack_id=pack.pk)
    # Making it again changes nothing either.
    board_pack_make(pack_id=pack.pk)
    kept = BoardPack.objects.get(pk=pack.pk)
    assert kept.commentary["funnel"] == "About funnel." and kept.figures == published.figures


def test_the_publish_button_says_which_commentary_is_missing(history, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(history.manager.user)
    pack = pack_made(history.manager.user, django_capture_on_commit_callbacks)

    response = client.post(
        reverse("board_pack", args=[pack.pk]), {"commentary-funnel": "Up.", "publish": "1"}
    )

    assert response.status_code == 400
    assert "Write a commentary for every section before publishing" in response.content.decode()
    # What was typed is kept.
    assert BoardPack.objects.get(pk=pack.pk).commentary["funnel"] == "Up."
    assert "Up.</textarea>" in response.content.decode()


def test_workers_marketing_and_nobodies_get_a_404(history, django_capture_on_commit_callbacks):
    pack = pack_made(history.manager.user, django_capture_on_commit_callbacks)
    marketing = UserFactory(username="marketing")
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    others = [history.kent_worker.user, marketing, UserFactory(username="nobody")]
    addresses = [
        reverse("board_packs"),
        reverse("board_pack_make"),
        reverse("board_pack", args=[pack.pk]),
        reverse("board_pack_pdf", args=[pack.pk]),
    ]
    for user in others:
        client = Client()
        client.force_login(user)
        for address in addresses:
            response = client.get(address)
            # Someone with no admin access at all is sent to sign in by the admin, before any view.
            if user.username == "nobody":
                assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
            else:
                assert response.status_code == 404, (user, address)
        assert client.post(reverse("board_pack_make"), {"period": QUARTER}).status_code in (302, 404)
        with pytest.raises(Http404):
            board_pack_request(user=user, period=QUARTER)
    assert BoardPack.objects.count() == 1


def test_making_a_pack_in_the_request_shows_its_progress_then_its_figures(
    history, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(history.manager.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("board_pack_make"), {"period": QUARTER, "council": "medway"})
    pack = BoardPack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("board_pack", args=[pack.pk])
    assert pack.state == BoardPack.State.READY and pack.sections_done == pack.sections_total == 6
    assert pack.council == "medway" and pack.made_by == history.manager.user

    page = client.get(reverse("board_pack", args=[pack.pk])).content.decode()
    assert "Ready for commentary" in page and 'http-equiv="refresh"' not in page
    assert page.count("<textarea") == 6

    # While it is being made, the page says how far it has got and refreshes itself.
    BoardPack.objects.filter(pk=pack.pk).update(state=BoardPack.State.MAKING, sections_done=3)
    page = client.get(reverse("board_pack", args=[pack.pk])).content.decode()
    assert "3 of 6 sections gathered" in page and '<meta http-equiv="refresh" content="3">' in page
    assert "<textarea" not in page


def test_a_pack_that_fails_says_so_in_words_and_can_be_made_again(
    history, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(pack):
        raise ValueError("no figures today")

    monkeypatch.setattr(service, "SECTIONS", [*SECTIONS[:2], service.Section("broken", "Broken", broken)])
    pack = pack_made(history.manager.user, django_capture_on_commit_callbacks)

    assert pack.state == BoardPack.State.FAILED and pack.sections_done == 2
    assert "The section “Broken” could not be gathered (ValueError: no figures today)" in pack.failure

    monkeypatch.setattr(service, "SECTIONS", SECTIONS)
    assert board_pack_make(pack_id=pack.pk).state == BoardPack.State.READY
    pack.refresh_from_db()
    assert pack.failure == "" and pack.sections_done == 6


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


def test_the_pdf_is_accessible_text_with_title_language_headings_and_table_headers(
    history, django_capture_on_commit_callbacks
):
    user = history.manager.user
    pack = pack_made(user, django_capture_on_commit_callbacks)
    board_pack_commentary_save(
        user=user,
        pack_id=pack.pk,
        commentary={section.key: f"Commentary on {section.key}." for section in SECTIONS},
    )
    pack = board_pack_publish(user=user, pack_id=pack.pk)

    client = Client()
    client.force_login(user)
    response = client.get(reverse("board_pack_pdf", args=[pack.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content == board_pack_pdf(pack) or content[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(content))

    assert len(content) < 2 * 1024 * 1024
    assert reader.metadata.title == f"Board pack: {pack.period_label}, Regional (all councils)"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Commentary on funnel." in text and "Commentary on voice." in text
    assert "Households reaching each step" in text or pack.sections[0]["tables"][0]["caption"] in text

    outline = outline_titles(reader)
    assert outline[0] == (0, f"Board pack: {pack.period_label}")
    assert [title for depth, title in outline if depth == 1] == [
        "In this pack",
        *(f"{number}. {section.title}" for number, section in enumerate(SECTIONS, start=1)),
    ]
    # The tables' headers are tagged as headers, so a screen reader reads each figure with its heading.
    assert structure_roles(reader) >= {"Table", "TH", "TD", "Caption", "H1", "H2"}


def structure_roles(reader: PdfReader) -> set[str]:
    roles, queue, seen = set(), [reader.trailer["/Root"]["/StructTreeRoot"]], set()
    while queue:
        node = queue.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if "/S" in node:
                roles.add(str(node["/S"]).lstrip("/"))
            kids = node.get("/K")
            if kids is not None:
                queue.extend(kids if isinstance(kids, list) else [kids])
        if len(seen) > 20000:
            break
    return roles


def test_a_pack_not_yet_made_has_no_pdf(history):
    user = staff_member("head", role="manager", council=None).user
    pack = BoardPack.objects.create(
        kind="quarter", date_from=period_dates(QUARTER)[1], date_to=period_dates(QUARTER)[2], made_by=user
    )
    client = Client()
    client.force_login(user)
    assert client.get(reverse("board_pack_pdf", args=[pack.pk])).status_code == 404


def test_a_pack_left_half_made_by_a_worker_that_died_is_made_again_when_the_task_comes_back(history):
    from django.utils import timezone

    kind, date_from, date_to = period_dates(QUARTER)
    pack = BoardPack.objects.create(
        kind=kind,
        date_from=date_from,
        date_to=date_to,
        made_by=history.manager.user,
        state=BoardPack.State.MAKING,
        sections_done=2,
        making_since=timezone.now() - dt.timedelta(minutes=1),
    )
    # Still being made by another worker: the second delivery leaves it alone.
    assert board_pack_make(pack_id=pack.pk).sections_done == 2
    assert BoardPack.objects.get(pk=pack.pk).state == BoardPack.State.MAKING

    BoardPack.objects.filter(pk=pack.pk).update(making_since=timezone.now() - dt.timedelta(minutes=20))
    assert board_pack_make(pack_id=pack.pk).state == BoardPack.State.READY
    assert BoardPack.objects.get(pk=pack.pk).sections_done == 6

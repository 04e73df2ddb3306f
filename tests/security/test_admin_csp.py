"""The admin's Content-Security-Policy: scripts from this site, and inline ones only with this response's nonce.

Every inline script Wagtail's admin writes (inline panels, choosers, date and time pickers) must
carry the nonce, or the editor breaks; and no other inline script may run. The browser half of this,
an injected script that does not run while the admin's own do, is in
``tests/browser/test_admin_csp.py``.
"""

import re

from django.test import Client

import pytest
from bs4 import BeautifulSoup

from tests.factories import event_index, event_page, staff_member
from tests.security.test_headers import directives
from website.security.csp import with_nonce_on_last_script


def nonce_of(response) -> str:
    sources = directives(response["Content-Security-Policy"])["script-src"]
    assert sources[0] == "'self'" and len(sources) == 2, sources
    match = re.fullmatch(r"'nonce-([A-Za-z0-9_-]{20,})'", sources[1])
    assert match, sources
    return match.group(1)


def inline_scripts(html: str) -> list:
    """Scripts the browser would run that have no file: everything but src= and JSON data blocks."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        script
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type", "text/javascript") in ("text/javascript", "module")
    ]


@pytest.fixture
def superuser_client(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="csp.admin", is_superuser=True))
    return client


def test_no_unsafe_inline_and_a_new_nonce_for_every_response(superuser_client):
    first, second = superuser_client.get("/admin/"), superuser_client.get("/admin/")
    assert "'unsafe-inline'" not in directives(first["Content-Security-Policy"])["script-src"]
    assert nonce_of(first) != nonce_of(second)


def admin_pages(home_page, crm_reference) -> list[str]:
    """Admin screens that hold each kind of inline script Wagtail writes, and the CRM's own screens."""
    event = event_page(event_index(home_page), title="Information evening")
    worker = staff_member("csp.worker", council="kent")
    from crm.models import Source
    from crm.services import enquiry_create
    from tests.factories import enquiry_details

    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    return [
        f"/admin/pages/{home_page.pk}/edit/",  # an InlinePanel, an image chooser and a page chooser
        f"/admin/pages/{event.pk}/edit/",  # date and time pickers
        f"/admin/pages/{event.pk}/edit/?tab=settings",
        f"/admin/crm/households/{household.pk}/",
        "/admin/crm/households/",
        "/admin/campaigns/campaigns/new/",  # an InlinePanel of spend lines
        "/admin/users/",
        "/admin/reports/site-history/",  # date filters
    ], worker


def test_every_inline_script_in_the_admin_carries_the_responses_nonce(
    superuser_client, home_page, crm_reference
):
    pages, _worker = admin_pages(home_page, crm_reference)
    seen = 0
    for path in pages:
        response = superuser_client.get(path)
        assert response.status_code == 200, path
        nonce = nonce_of(response)
        for script in inline_scripts(response.content.decode()):
            seen += 1
            assert script.get("nonce") == nonce, (
                f"{path}: an inline script without this response's nonce: {script}"
            )
    # The InlinePanels, choosers and pickers were there to check.
    assert seen >= 5


def test_the_nonce_goes_only_on_the_script_wagtail_appended():
    assert (
        with_nonce_on_last_script("<input><script>x()</script>") == "<input><script>x()</script>"
    )  # no request
    from website.security.csp import fresh_nonce

    with fresh_nonce() as nonce:
        html = with_nonce_on_last_script('<input value="&lt;script&gt;"><script>init()</script>')
    assert html == f'<input value="&lt;script&gt;"><script nonce="{nonce}">init()</script>'

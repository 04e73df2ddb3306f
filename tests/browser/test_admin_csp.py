"""In a real browser: a script slipped into an admin page does not run; the admin's own scripts do.

The page is the real page editor, served by the real server with its real Content-Security-Policy
header; Playwright adds one inline script without the nonce to the HTML on its way to the browser,
as a stored cross-site scripting hole would. A console listener hears what ran and what was refused.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser]

INJECTED = "<script>window.injectedRan = true; console.log('injected script ran');</script>"


def test_an_injected_inline_script_does_not_run_but_the_admins_own_do(
    page, live_server, transactional_db, home_page
):
    UserFactory(username="csp.editor", is_superuser=True)
    console, policies = [], []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    edit = f"{live_server.url}/admin/pages/{home_page.pk}/edit/"

    def inject(route):
        response = route.fetch()
        policies.append(response.headers["content-security-policy"])
        route.fulfill(response=response, body=response.text().replace("</body>", INJECTED + "</body>", 1))

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("csp.editor")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.route(re.compile(rf"{re.escape(edit)}$"), inject)
    page.goto(edit)

    # The admin's own inline script ran: the featured stories panel's "Add" button adds a story.
    expect(page.get_by_role("heading", name=re.compile("Editing Home page"))).to_be_visible()
    forms = page.locator("#id_featured_stories-FORMS > [data-inline-panel-child]")
    before = forms.count()
    page.locator("#id_featured_stories-ADD").click()
    expect(forms).to_have_count(before + 1)

    # A chooser's modal, loaded later from another response, opens and works too.
    # The modal is one more request to a busy server: wait for its answer, not a fixed time.
    chooser = page.get_by_role("button", name="Choose an image")
    expect(chooser).to_be_enabled()
    with page.expect_response(re.compile(r"/admin/images/chooser/"), timeout=60_000) as answer:
        chooser.click()
    assert answer.value.ok, (answer.value.status, console)
    modal = page.get_by_role("dialog")
    expect(modal.get_by_role("heading", name="Choose an image")).to_be_visible(timeout=30_000)
    expect(modal.get_by_role("textbox", name=re.compile("Search"))).to_be_visible()

    # The injected one did not, and the browser said why.
    assert page.evaluate("window.injectedRan === undefined")
    assert "'unsafe-inline'" not in policies[0].split("script-src")[1].split(";")[0]
    assert not [line for line in console if "injected script ran" in line]
    refusals = [line for line in console if "Content Security Policy" in line]
    assert len(refusals) == 1, console
    assert "inline script" in refusals[0]

"""A fresh nonce for every admin response, so the admin's policy allows no inline script but its own.

The admin's Content-Security-Policy has no ``'unsafe-inline'`` for scripts: a script that an attacker
slips into an admin page (the pages that show people's details) does not run. What Wagtail 8's
admin itself writes inline is few and known, and each gets this response's nonce:

- the InlinePanel and MultipleChooserPanel set-up (``wagtailadmin/panels/inline_panel.html`` and
  ``multiple_chooser_panel.html``): overridden in ``templates/wagtailadmin/panels/`` to add the nonce;
- the date, time and date-time inputs, whose templates end in ``<script>init...Chooser(...)</script>``:
  widgets are drawn without the request (and a date range filter draws them inside another
  widget), so ``nonce_wagtail_widgets`` points them at copies of Wagtail's templates in
  ``website/security/templates/website_security/widgets/`` that add the nonce;
- the chooser widgets (page, image, document, snippet, task), whose ``render()`` in Python ends in
  ``<script>new ...Chooser(...)</script>`` with no template to change: ``nonce_wagtail_widgets``
  wraps that ``render`` to put the nonce on the script it appended.

Everything else in Wagtail 8's admin is a script file or a ``json_script`` data block, which the
policy does not apply to. Inline *styles* are still allowed: Wagtail sets them in places (the
rich text editor, image focal points, progress bars) and a style cannot run code.
The nonce lives in a context variable for the length of the request, so a template tag
(``{% csp_nonce %}``) and the widgets can read it without being handed the request.
https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/script-src#nonce
"""

import contextlib
import contextvars
import functools
import secrets
from collections.abc import Iterator

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_nonce: contextvars.ContextVar[str] = contextvars.ContextVar("security_csp_nonce", default="")


def csp_nonce() -> str:
    """This response's nonce, or '' outside an admin request (a page cached for everyone has none)."""
    return _nonce.get()


@contextlib.contextmanager
def fresh_nonce() -> Iterator[str]:
    """A new nonce, readable through ``csp_nonce()`` until the block ends."""
    token = _nonce.set(secrets.token_urlsafe(18))
    try:
        yield _nonce.get()
    finally:
        _nonce.reset(token)


def with_nonce_on_last_script(html: str) -> str:
    """``html`` with this response's nonce on its final ``<script>`` tag: the one Wagtail appended."""
    nonce = csp_nonce()
    head, found, tail = str(html).rpartition("<script>")
    if not nonce or not found:
        return html
    joined = f'{head}<script nonce="{escape(nonce)}">{tail}'
    # Wagtail's own output, already safe; only an attribute was added to its last tag.
    return mark_safe(joined) if isinstance(html, SafeString) else joined  # noqa: S308  # nosec B308


def _render_with_nonce(render):
    @functools.wraps(render)
    def render_with_nonce(self, *args, **kwargs):
        return with_nonce_on_last_script(render(self, *args, **kwargs))

    render_with_nonce.adds_csp_nonce = True
    return render_with_nonce


def nonce_wagtail_widgets() -> None:
    """Put the nonce on the inline script Wagtail's chooser and date/time widgets end with."""
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.admin.widgets.datetime import AdminDateInput, AdminDateTimeInput, AdminTimeInput

    AdminDateInput.template_name = "website_security/widgets/date_input.html"
    AdminTimeInput.template_name = "website_security/widgets/time_input.html"
    AdminDateTimeInput.template_name = "website_security/widgets/datetime_input.html"
    if not getattr(BaseChooser.render, "adds_csp_nonce", False):
        BaseChooser.render = _render_with_nonce(BaseChooser.render)

"""Rich text cleaned with nh3 wherever it is shown.

Wagtail stores rich text as trusted HTML and ``expand_db_html`` passes it through untouched.
Its editor only ever produces safe markup, but rich text also arrives from demo content, data
migrations, the shell, imports and revisions, and none of those pass through the editor. So every
rich text value is cleaned as it is shown: ``templates/wagtailcore/shared/richtext.html``, which
both the ``richtext`` filter and ``RichText`` render through, applies ``clean_html``. Only the
elements Wagtail's features produce survive; scripts, event handlers, ``style`` attributes (which
the Content-Security-Policy would refuse anyway) and ``javascript:`` links do not.
https://nh3.readthedocs.io/ https://docs.wagtail.org/en/stable/extending/rich_text_internals.html
"""

import nh3

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "s",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    clean_content_tags={"script", "style"},
    # Internal links stay as they are; nothing here opens a new window.
    link_rel=None,
)


def clean_html(html: str) -> str:
    """``html`` with everything but plain rich text markup removed."""
    return _cleaner.clean(html or "")

"""Read the forms on a page and fill them in as a curious member of staff would: for the access matrix.

A small HTML reader (the standard library's, no browser) finds every form, its method and address
and its fields, including boxes tied to a form by ``form="..."``. ``fill`` answers every field with
plausible values, except that wherever someone could type who they are looking for (an email
address, a search, a reference, the ticked rows) it names a family in another council.
"""

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    tag: str
    name: str
    kind: str = "text"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    method: str
    action: str
    ident: str = ""
    fields: list[Field] = field(default_factory=list)


class FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.loose: list[tuple[str, Field]] = []
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.current = Form(
                method=attributes.get("method", "get").lower(),
                action=attributes.get("action", ""),
                ident=attributes.get("id", ""),
            )
            self.forms.append(self.current)
            return
        name = attributes.get("name")
        if tag not in ("input", "select", "textarea", "option") or (tag != "option" and not name):
            return
        if tag == "option":
            if self.select is not None:
                self.select.options.append(attributes.get("value", ""))
            return
        item = Field(
            tag=tag,
            name=name,
            kind=attributes.get("type", "text").lower() if tag == "input" else tag,
            value=attributes.get("value", ""),
            checked="checked" in attributes,
        )
        if tag == "select":
            self.select = item
        elif tag == "textarea":
            self.textarea = item
        if item.kind in ("submit", "button", "reset", "image", "file"):
            return
        if owner := attributes.get("form"):
            self.loose.append((owner, item))
        elif self.current is not None:
            self.current.fields.append(item)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_on(html: str, *, page: str) -> list[Form]:
    """Every form on the page, with its address made absolute (a path on this site)."""
    reader = FormReader()
    reader.feed(html)
    for owner, item in reader.loose:
        for form in reader.forms:
            if form.ident == owner:
                form.fields.append(item)
    for form in reader.forms:
        form.action = urlsplit(urljoin(page, form.action or page))._replace(scheme="", netloc="").geturl()
    return reader.forms


@dataclass(frozen=True)
class Probe:
    """Who to ask about: a family of another council, as the member of staff might know them."""

    email: str
    phone: str
    reference: str
    household_ids: tuple[int, ...]
    postcode: str


def fill(form: Form, probe: Probe) -> dict[str, list[str]]:
    """Answers for every field of ``form``; where a person is looked up, ``probe`` is whom."""
    data: dict[str, list[str]] = {}
    radios_done: set[str] = set()
    for item in form.fields:
        name, lowered = item.name, item.name.lower()
        if item.kind == "hidden":
            value = item.value
        elif item.kind == "checkbox":
            value = item.value or "on"
        elif item.kind == "radio":
            if name in radios_done:
                continue
            radios_done.add(name)
            value = item.value
        elif item.tag == "select":
            chosen = [option for option in item.options if option] or [""]
            value = chosen[0]
        elif "email" in lowered:
            value = probe.email
        elif "phone" in lowered:
            value = probe.phone
        elif lowered.endswith("other") or "reference" in lowered:
            value = probe.reference
        elif lowered in ("q", "query", "search") or lowered.endswith("-q"):
            value = probe.email
        elif "postcode" in lowered:
            value = probe.postcode
        elif "first_name" in lowered:
            value = "Probe"
        elif "last_name" in lowered:
            value = "Person"
        elif item.kind == "date" or lowered.endswith(("_on", "_from", "_to")):
            value = (dt.date.today() + dt.timedelta(days=400)).isoformat()
        elif item.kind == "datetime-local":
            value = ""
        elif item.kind == "number":
            value = "1"
        else:
            value = item.value or "Checking what this screen says"
        data.setdefault(name, []).append(value)
    for name in list(data):
        if "households" in name.lower():
            data[name] = sorted(set(data[name]) | {str(pk) for pk in probe.household_ids})
    return data

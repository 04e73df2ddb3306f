"""The subject access summary: what we hold about a person, written for that person to read.

``data.json`` keeps the machine form (ISO times, the codes the system stores) for other programs;
``summary.html`` is for a member of the public, so here every value is put into plain English:
dates like "4 December 2026, 3:04pm", the words behind each code ("A couple", not "couple"), a
label for every field a form or a link stored, blanks as "Nothing recorded", and nothing internal
(our server's address, Mailchimp's hash of an email address, row numbers). Each section opens with
a line saying what it is.
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format

from crm.models import Council, Enquiry, Household, Interest, Stage

NOTHING = "Nothing recorded"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

# Fields a form, a link or our systems stored under their own names, in words.
KEY_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "partner_first_name": "Partner's first name",
    "partner_last_name": "Partner's last name",
    "email": "Email",
    "email_address": "Email",
    "phone": "Phone",
    "postcode": "Postcode",
    "council": "Council",
    "message": "Message",
    "household_type": "Adopting",
    "children_at_home": "Children at home",
    "interests": "Interested in",
    "best_time_to_call": "Best time to call",
    "enquiry_type": "What you asked about",
    "service_details": "What you told us about it",
    "heard_about": "How you heard about us",
    "heard_about_detail": "More about how you heard",
    "contact_consent": "Agreed to be contacted",
    "newsletter_consent": "Asked for the newsletter",
    "utm_source": "Link source",
    "utm_medium": "Link type",
    "utm_campaign": "Campaign",
    "utm_content": "Link content",
    "utm_term": "Search words",
    "vanity": "Short web address you used",
    "ref": "Website you came from",
    "referrer": "Website you came from",
    "landing": "Page you arrived on",
    "answer": "Your answer",
    "source": "Where",
    "detail": "Details",
    "stage": "Stage",
    "status": "Status",
    "merge_fields": "Details sent",
    "member": "Your entry on the list",
    "tags": "Labels",
    "FNAME": "First name",
    "COUNCIL": "Council",
}
# Internal details that mean nothing to the person and say nothing about them.
LEFT_OUT = {"host", "subscriber_hash", "status_if_new", "enquiry_id", "subscriber_id", "consent_id", "id"}


def _choices(model, name: str) -> dict:
    return {str(value): str(label) for value, label in model._meta.get_field(name).choices or ()}


def value_labels() -> dict[str, dict[str, str]]:
    """The words behind each stored code, by the field that holds it."""
    return {
        "household_type": _choices(Household, "household_type"),
        "children_at_home": _choices(Household, "children_at_home"),
        "best_time_to_call": _choices(Household, "best_time_to_call"),
        "enquiry_type": _choices(Household, "service"),
        "interests": {str(value): str(label) for value, label in Interest.choices},
        "heard_about": _choices(Enquiry, "heard_about"),
        "council": {str(value): str(label) for value, label in Council.choices},
        "Council": {str(value): str(label) for value, label in Council.choices},
        "stage": {str(value): str(label) for value, label in Stage.choices},
        "answer": _choices(Enquiry, "heard_about"),
    }


def when(value: str | dt.date | dt.datetime) -> str | None:
    """A date or time as people write it: "4 December 2026", "4 December 2026, 3:04pm"."""
    if isinstance(value, str):
        if ISO_TIME.match(value):
            value = parse_datetime(value)
        elif ISO_DATE.match(value):
            value = parse_date(value)
        else:
            return None
        if value is None:
            return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return (
            f"{date_format(value, 'j F Y')}, {date_format(value, 'g:i')}{'am' if value.hour < 12 else 'pm'}"
        )
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    return None


def label_for(key: str) -> str:
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    if key in Stage.values:
        return Stage(key).label
    return key.replace("_", " ").strip().capitalize()


def plain(value, *, key: str = "", labels: dict | None = None) -> str:
    """One value in plain English. ``key`` is the field it was stored under, which decides its words."""
    labels = labels if labels is not None else value_labels()
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        if key == "tags" or "tags" in value and len(value) == 1:
            return plain(value.get("tags"), key="tags", labels=labels)
        parts = [
            f"{label_for(name)}: {plain(item, key=name, labels=labels)}"
            for name, item in value.items()
            if name not in LEFT_OUT and item not in (None, "", [], {})
        ]
        return "; ".join(parts) or NOTHING
    if isinstance(value, list | tuple | set | frozenset):
        if key == "tags":
            active = [
                item.get("name", "")
                for item in value
                if isinstance(item, dict) and item.get("status") == "active"
            ]
            return ", ".join(active) or "No labels"
        return ", ".join(plain(item, key=key, labels=labels) for item in value)
    written = when(value)
    if written:
        return written
    if key in labels and str(value) in labels[key]:
        return labels[key][str(value)]
    return str(value)


def summary_rows(rows: list[dict], labels: dict) -> list[list[tuple[str, str]]]:
    return [[(label, plain(value, key=label, labels=labels)) for label, value in row.items()] for row in rows]


# What each section holds, in a line, for the person reading it. A section without one gets none.
SECTION_NOTES = {
    "Your details": "Who you are, how to reach you, and how far your enquiry about adopting has gone.",
    "Enquiries": "Each time you got in touch with us, exactly as you told us, and how it reached us.",
    "Consents": "What you agreed to (or withdrew), in the words you were shown, and when.",
    "Stage history": "Each step your case has taken, when it happened and who recorded it.",
    "Records moved from a council's old system": (
        "Your record in a council's system from before the partnership, which we moved here, and its reference there."
    ),
    "Timescale extensions": "Times we gave a step longer than usual, and why.",
    "Timeline": "Calls, notes and other things recorded on your case, in order.",
    "Event bookings": "Information events and other events you booked, and whether you came.",
    "Printed information packs": "Information packs we posted to you, or were asked to, and the address.",
    "What you hope for": "Once you were approved: the children you told us you hope to adopt.",
    "Links with a child": (
        "Each child you were linked with, matched with or who was placed with you, and the dates; the child's own "
        "reference is the child's information and is left out."
    ),
    "Documents we asked you for": "Documents we asked you to send us, what we said about each, and when you sent it.",
    "Documents you sent us": (
        "Each document you sent us (or we added for you) and when. A copy of each file is in this download, "
        "in the documents folder."
    ),
    "Emails we sent": "Emails our system sent you, or was asked to send you.",
    "Surveys we invited you to": "Short surveys we sent you about how we did, and whether you answered.",
    "Survey answers you put your name to": (
        "Your answers to the surveys you chose to answer with your name. Answers you gave anonymously are not "
        "linked to you, so they cannot be found or included."
    ),
    "Your registration of interest": (
        "The registration of interest you filled in on your own page: each answer as you gave it, and when."
    ),
    "Peer mentors and buddies": (
        "Offering to volunteer as a peer, asking for one, and your matches: the other person is named only by "
        "their role, as their details are theirs."
    ),
    "Your answers to our equality questions": (
        "The optional questions about you (and your partner) that you chose to answer, kept apart from your "
        "case and counted only with everyone else's."
    ),
    "Touches: how you found us and what you did": (
        "The adverts, links and website visits we know led you to us, and the steps you took."
    ),
    "Newsletter": "Your place on our newsletter list and the consent you gave for it.",
    "Mailchimp: what we sent to our email service": (
        "Every change we sent to Mailchimp, the company that sends our newsletter, and what it said."
    ),
    "Audit trail: who viewed, changed or exported your record": (
        "Each time a member of staff (or our system) looked at, changed or exported your record."
    ),
}


def section_note(title: str) -> str:
    return next((note for start, note in SECTION_NOTES.items() if title.startswith(start)), "")


def summary_context(*, about: dict, sections: dict[str, list[dict]]) -> dict:
    """What ``crm/privacy/subject_access.html`` draws: every label and value in plain English."""
    labels = value_labels()
    return {
        "about": [(label, plain(value, key=label, labels=labels)) for label, value in about.items()],
        "sections": [
            {"title": title, "note": section_note(title), "rows": summary_rows(rows, labels)}
            for title, rows in sections.items()
        ],
    }

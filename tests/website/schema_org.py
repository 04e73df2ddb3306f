"""A small schema.org checker for the JSON-LD this site emits.

It knows the types the site uses, the properties schema.org defines for them (including those
inherited from Thing, CreativeWork and Organization), the properties Google's rich results
require, and the expected value types. Anything else is an error.
"""

import json
import re
from datetime import date, datetime

THING = {"@context", "@type", "@id", "name", "description", "url", "image", "sameAs", "identifier"}
CREATIVE_WORK = THING | {
    "headline",
    "author",
    "publisher",
    "datePublished",
    "dateModified",
    "mainEntityOfPage",
    "mainEntity",
    "about",
    "keywords",
    "inLanguage",
    "isAccessibleForFree",
}
ORGANIZATION = THING | {
    "logo",
    "email",
    "telephone",
    "address",
    "areaServed",
    "parentOrganization",
    "subOrganization",
    "contactPoint",
}

TYPES = {
    "Organization": ORGANIZATION,
    "GovernmentOrganization": ORGANIZATION,
    "Article": CREATIVE_WORK,
    "BlogPosting": CREATIVE_WORK,
    "FAQPage": CREATIVE_WORK,
    "Question": CREATIVE_WORK | {"acceptedAnswer", "answerCount"},
    "Answer": CREATIVE_WORK | {"text"},
    "Person": THING,
    "Event": THING
    | {
        "startDate",
        "endDate",
        "eventAttendanceMode",
        "eventStatus",
        "location",
        "organizer",
        "isAccessibleForFree",
        "maximumAttendeeCapacity",
        "offers",
        "performer",
    },
    "Place": THING | {"address", "geo"},
    "VirtualLocation": THING,
    "PostalAddress": THING
    | {
        "streetAddress",
        "addressLocality",
        "addressRegion",
        "postalCode",
        "addressCountry",
    },
}

REQUIRED = {
    "Organization": {"name", "url"},
    "GovernmentOrganization": {"name"},
    "Article": {"headline", "datePublished", "author"},
    "BlogPosting": {"headline", "datePublished", "author"},
    "FAQPage": {"mainEntity"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
    "Event": {"name", "startDate", "location", "eventAttendanceMode", "eventStatus"},
    "Place": {"address"},
    "VirtualLocation": {"url"},
    "Person": {"name"},
}

ENUMERATIONS = {
    "eventAttendanceMode": {
        "https://schema.org/OfflineEventAttendanceMode",
        "https://schema.org/OnlineEventAttendanceMode",
        "https://schema.org/MixedEventAttendanceMode",
    },
    "eventStatus": {
        "https://schema.org/EventScheduled",
        "https://schema.org/EventCancelled",
        "https://schema.org/EventPostponed",
        "https://schema.org/EventRescheduled",
        "https://schema.org/EventMovedOnline",
    },
}
DATE_PROPERTIES = {"startDate", "endDate", "datePublished", "dateModified"}
URL_PROPERTIES = {"url", "logo", "image", "mainEntityOfPage"}


def json_ld_objects(html: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return [json.loads(script) for script in scripts]


def _check_date(value: str) -> bool:
    try:
        (datetime if "T" in value else date).fromisoformat(value)
    except ValueError:
        return False
    return True


def validate(item, path: str = "$") -> list[str]:
    """Every problem with ``item``, as readable strings; empty when it is valid."""
    if isinstance(item, list):
        return [error for index, child in enumerate(item) for error in validate(child, f"{path}[{index}]")]
    if not isinstance(item, dict):
        return []
    errors = []
    kind = item.get("@type")
    if kind not in TYPES:
        if set(item) == {"@id"}:
            return []
        return [f"{path}: unknown or missing @type {kind!r}"]
    if path == "$" and item.get("@context") != "https://schema.org":
        errors.append(f"{path}: @context must be https://schema.org")
    for prop in sorted(set(item) - TYPES[kind]):
        errors.append(f"{path}: {kind} has no property {prop!r}")
    for prop in sorted(REQUIRED.get(kind, set()) - set(item)):
        errors.append(f"{path}: {kind} needs {prop!r}")
    for prop, value in item.items():
        if prop in ENUMERATIONS and value not in ENUMERATIONS[prop]:
            errors.append(f"{path}.{prop}: {value!r} is not a schema.org enumeration member")
        if prop in DATE_PROPERTIES and not (isinstance(value, str) and _check_date(value)):
            errors.append(f"{path}.{prop}: {value!r} is not an ISO 8601 date")
        if (
            prop in URL_PROPERTIES
            and isinstance(value, str)
            and not value.startswith(("http://", "https://"))
        ):
            errors.append(f"{path}.{prop}: {value!r} is not an absolute URL")
        if isinstance(value, (dict, list)):
            errors.extend(validate(value, f"{path}.{prop}"))
        elif isinstance(value, str) and not value.strip():
            errors.append(f"{path}.{prop}: empty")
    return errors

"""The safeguarding filter: what in a post could identify a child or a family, in words the author reads.

Any post that matches is held for a moderator whoever writes it, however long they have been a
member. It errs on the side of holding: a moderator releases a false alarm in a moment, and a school's
name published even for an hour cannot be taken back. It is a net, not a guarantee: moderators and
members' reports catch what it misses.
"""

import re
from functools import lru_cache
from pathlib import Path

NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"

SCHOOL_WORDS = (
    r"Primary|Infants?|Juniors?|School|Academy|Nursery|Pre-?school|College|Grammar|High|"
    r"C of E|CofE|CE|RC|Montessori"
)
# A proper name before a school word: "St Mary's Primary", "Oakwood Academy", "Little Acorns Nursery".
SCHOOL = re.compile(
    rf"\b(?:(?:St\.?|Saint)\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|and|the|&))*\s+(?:{SCHOOL_WORDS})\b"
)
# "St Mary's" alone, "Saint Joseph's": most often a school or a church close to home.
SAINT = re.compile(r"\b(?:St\.?|Saint)\s+[A-Z][a-z]+(?:'|’)s\b")
TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'’-]+")
PHONE = re.compile(r"(?<![\d])(?:\+?44[\s.-]*\(?0?\)?|0)(?:[\s.()-]*\d){9,10}(?![\d])")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
STREET_WORDS = (
    r"Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Gardens|Place|Court|Terrace|Grove|"
    r"Hill|Rise|Mews|Walk|Square|Row|Parade|View|Green|Park"
)
HOUSE_AND_STREET = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z'’-]+\s+){{1,3}}(?i:{STREET_WORDS})\b\.?",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_.]{2,}")
SOCIAL = re.compile(
    r"\b(?:facebook|fb\.com|fb\.me|instagram|instagr\.am|tiktok|twitter|x\.com|snapchat|snap\.com|linkedin|"
    r"youtube|youtu\.be|threads\.net|whatsapp|wa\.me|t\.me|telegram|discord|reddit|pinterest|bsky|mastodon)\b",
    re.IGNORECASE,
)
WEB_ADDRESS = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|co\.uk|org|net|uk|io|me|ly)\b/?\S*"
)
# Links a member may share without a moderator: public guidance, not people.
SAFE_SITES = re.compile(
    r"(?:^|[/.])(?:gov\.uk|nhs\.uk|apse\.org\.uk|adoptionuk\.org|corambaaf\.org\.uk)(?:/|$)"
)

REASONS = {
    "school": "It seems to name a school or nursery. A school can identify a child, so a moderator checks first.",
    "name": "It seems to include someone's full name. Use first names or forum names only.",
    "phone": "It seems to include a phone number. Please do not share contact details on the forum.",
    "address": "It seems to include an address or a postcode. Please do not share where anyone lives.",
    "contact": "It seems to include an email address, a social media account or a link to one.",
}


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    words = []
    for line in NAMES_FILE.read_text().splitlines():
        if not line.startswith("#"):
            words.extend(line.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def _full_name() -> re.Pattern:
    names = "|".join(sorted(first_names(), key=len, reverse=True))
    # A given name then a capitalised word that is not a sentence's next start: "Jess Smith", not "Jess. Then".
    return re.compile(rf"\b(?:{names})\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'’-]+(?:-[A-Z][a-z]+)?\b")


def _links(text: str) -> bool:
    return any(not SAFE_SITES.search(match.group(0).lower()) for match in WEB_ADDRESS.finditer(text))


def identifying_reasons(text: str) -> list[str]:
    """What in ``text`` could identify someone, as plain-English reasons in a fixed order (empty if nothing)."""
    found = []
    if SCHOOL.search(text) or SAINT.search(text):
        found.append("school")
    if _full_name().search(text) or TITLE_NAME.search(text):
        found.append("name")
    if PHONE.search(text):
        found.append("phone")
    if POSTCODE.search(text) or HOUSE_AND_STREET.search(text):
        found.append("address")
    if EMAIL.search(text) or HANDLE.search(text) or SOCIAL.search(text) or _links(text):
        found.append("contact")
    return [REASONS[key] for key in found]


def display_name_problem(name: str) -> str | None:
    """Why a chosen display name cannot be used (it looks like a real name, an email or a handle), or None."""
    cleaned = " ".join(name.split())
    if len(cleaned) < 3:
        return "Choose a name of at least 3 characters."
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 '’_-]*", cleaned):
        return "Use letters, numbers, spaces, hyphens and apostrophes only."
    if "@" in name or EMAIL.search(name) or SOCIAL.search(name) or WEB_ADDRESS.search(name):
        return "That looks like an email address, a web address or a social media account. Choose a made-up name."
    if sum(char.isdigit() for char in cleaned) >= 6:
        return "That looks like a phone number. Choose a made-up name."
    words = re.split(r"[\s_-]+", cleaned)
    names = {word.lower() for word in first_names()}
    if len(words) >= 2 and words[0].lower() in names and words[1][:1].isalpha():
        return (
            "That looks like a real full name. Choose a made-up name that does not identify you, "
            "such as “Hopeful in Kent” or “Tea and Patience”."
        )
    return None

"""UK postcodes: tidying what people type, checking the shape, and finding the council."""

import re

# The shape of a full UK postcode (outward code, space, inward code), after tidying.
POSTCODE_RE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$")
OUTWARD_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def postcode_normalise(value: str) -> str:
    """'me4 4aa' and 'ME44AA' both become 'ME4 4AA'. Anything else comes back upper-cased and trimmed."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) >= 5:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def postcode_is_valid(value: str) -> bool:
    return bool(POSTCODE_RE.match(postcode_normalise(value)))


def postcode_prefixes(value: str) -> list[str]:
    """The keys to look up, most specific first: the sector ('DA1 4') then the district ('DA1').

    A part postcode ('DA1' or 'DA1 4') works too, so people who only give the first half still route.
    """
    postcode = postcode_normalise(value)
    outward, _, inward = postcode.partition(" ")
    if not OUTWARD_RE.match(outward):
        return []
    prefixes = [f"{outward} {inward[0]}"] if inward[:1].isdigit() else []
    return [*prefixes, outward]


def phone_normalise(value: str) -> str:
    """Digits only, with +44 written as a leading 0, so the same number always matches."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def phone_is_valid(value: str) -> bool:
    digits = phone_normalise(value)
    return digits.startswith("0") and 10 <= len(digits) <= 11

"""The forum's code of conduct, every version kept: a member's acceptance names the version they saw.

Changing the wording means adding a version and making it current; members are asked to accept it
again on their next visit (``Membership.has_joined``).
"""

CONDUCTS: dict[str, tuple[str, ...]] = {
    "2026-12": (
        "Keep children safe: never name a child, a school, a nursery, a town or street where a child lives, "
        "and never post a photo or describe a child so they could be recognised. This includes children "
        "who are placed with you and children you hope to adopt.",
        "Keep yourself safe: use your forum name only. Do not share your full name, phone number, address, "
        "email address or social media accounts, and do not ask others for theirs.",
        "Be kind. Everyone here is at a different point in their journey. Disagree with ideas, not people.",
        "This is not the place for complaints about a worker or a case: speak to your worker or their manager.",
        "Moderators from APSE read the forum. They may hold, hide or remove a post, and suspend or end a "
        "membership, if this code is not kept. If someone is at risk of harm, we will act on it.",
        "If you see a post that breaks these rules, press “Report”. If you are worried about a child's "
        "safety now, call 999.",
    ),
}
CONDUCT_VERSION = "2026-12"


def conduct_text(version: str = CONDUCT_VERSION) -> tuple[str, ...]:
    return CONDUCTS[version]

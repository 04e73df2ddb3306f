"""The exact words people agree to. Change the words, change the version: old consents keep theirs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    version: str
    text: str


CONTACT = Wording(
    version="contact-2026-11",
    text=(
        "I agree that Adoption Partnership south east can contact me about adopting, by phone or email, "
        "and share my details with the council recruitment team for my area."
    ),
)
# The same agreement for a request to one of the agency's other services (support, records, advice...).
SERVICE_CONTACT = Wording(
    version="service-contact-2026-12",
    text=(
        "I agree that Adoption Partnership south east can contact me about my request, by phone or email, "
        "and share my details with the council team that can help."
    ),
)
NEWSLETTER = Wording(
    version="newsletter-2026-11",
    text="Send me the Adoption Partnership south east newsletter by email. I can unsubscribe at any time.",
)
INFORMATION_PACK = Wording(
    version="information-pack-2026-12",
    text=(
        "Email me the Adoption Partnership south east information pack. I agree that APSE can keep my name, "
        "email address and postcode to send it, and contact me once to ask if I have any questions."
    ),
)
FAMILY_EVENT = Wording(
    version="family-event-2026-12",
    text=(
        "I agree that Adoption Partnership south east can contact me about this booking and about events "
        "and support for adoptive families, by phone or email."
    ),
)

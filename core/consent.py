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
# Sharing a story for the website. Withdrawing it later is promised in the words, and is a link in the
# confirmation email (``website.story_submissions``).
STORY_PUBLISH = Wording(
    version="story-publish-2026-12",
    text=(
        "I agree that Adoption Partnership south east may edit my story and publish it on its website, "
        "with the photo if I sent one, under the name I chose above. I can withdraw this at any time with the "
        "link in the email we send me, and the story will be taken down."
    ),
)

# The registration of interest's checks: one box each, every box needed, one version for the set. The
# record keeps the words and this version as they were when the box was ticked.
ROI_CHECKS_VERSION = "roi-checks-2026-12"
ROI_CHECKS: dict[str, Wording] = {
    key: Wording(version=ROI_CHECKS_VERSION, text=text)
    for key, text in (
        (
            "dbs",
            "I agree to an enhanced DBS (Disclosure and Barring Service) check. I understand that every adult "
            "who lives in my home will be asked to agree to one too.",
        ),
        (
            "local_authority",
            "I agree that Adoption Partnership south east may check the records of the councils where I have "
            "lived, including their children's services records.",
        ),
        (
            "health",
            "I agree to an adoption medical with my GP, and that my GP may send Adoption Partnership south "
            "east a report about my health.",
        ),
        (
            "references",
            "I agree that Adoption Partnership south east may contact the referees I have named and ask "
            "them about me.",
        ),
        (
            "previous_partners",
            "I agree that Adoption Partnership south east may contact anyone I have been in a relationship "
            "with where children were involved (we had a child together, or lived with children together). "
            "They will talk to me first.",
        ),
    )
}
# The registration of interest's closing declaration.
ROI_DECLARATION = Wording(
    version="roi-declaration-2026-12",
    text=(
        "The information I have given is true and complete, as far as I know. I understand that giving false "
        "information, or leaving something out on purpose, may mean my application cannot go ahead."
    ),
)

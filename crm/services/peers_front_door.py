"""An experienced adopter who is not signed in volunteers as a peer through the website's form.

The offer comes in through the single front door (``enquiry_create``), as every request to the agency
does: it joins the household we already know by their email address or phone number (an adopter's own
record, whatever stage it is at), or opens a case for a worker to call them if we do not know them
(adopters who adopted elsewhere, say), and it is quarantined like any other when it looks like spam. The
offer itself is then recorded on that household, to be checked by a worker like any other.

A suspect submission stays in quarantine with the offer written into its message; a worker who releases
it records the offer from the household's peer page.
"""

from django.db import transaction

from crm.models import Enquiry, EnquiryType, PeerRoleWanted, PeerSource, PeerVolunteer, Source

from .enquiries import EnquiryDetails, enquiry_create, household_find_match
from .peers import SHARE_REFUSED, PeerError, peer_volunteer_offer


def _offer_words(profile: dict, about: str) -> str:
    from crm.models.peers import PeerProfile

    role = PeerRoleWanted(profile["role"]).label.lower()
    facts = [words.lower() for name, words in PeerProfile.SHARED if profile.get(name)]
    said = f" Their experience: {', '.join(facts)}." if facts else ""
    return f"Offered to volunteer as a peer ({role}) through the website.{said} {about}".strip()


@transaction.atomic
def peer_volunteer_offer_public(
    *,
    details: EnquiryDetails,
    profile: dict,
    about: str = "",
    submission_key=None,
    spam_reasons: list[str] | None = None,
) -> tuple[Enquiry, PeerVolunteer | None]:
    """Take a volunteer's offer from the public form: an enquiry through the front door, then the offer.

    The enquiry is of the service their known record belongs to (an adopter's is adopting), so it joins
    that record; someone we do not know, or whose record is closed, opens an "other" request for a worker
    to call, which never counts as a recruitment enquiry. Returns the enquiry and the offer (None while
    the enquiry is held in quarantine).
    """
    if profile.get("role") not in PeerRoleWanted.values:
        raise PeerError("Choose a mentor, a buddy or either.")
    if not profile.get("share_consent"):
        raise PeerError(SHARE_REFUSED)
    known = household_find_match(email=details.email, phone=details.phone, service=None)
    service = known.service if known is not None and known.is_open else EnquiryType.OTHER
    details.enquiry_type = service
    details.message = _offer_words(profile, about)
    enquiry = enquiry_create(
        source=Source.WEB, details=details, submission_key=submission_key, spam_reasons=spam_reasons
    )
    if enquiry.household_id is None:
        return enquiry, None
    volunteer = peer_volunteer_offer(
        household=enquiry.household, profile=profile, about=about, source=PeerSource.WEBSITE
    )
    return enquiry, volunteer

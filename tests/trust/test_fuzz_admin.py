"""Hostile input at every admin form that changes something, as ``test_fuzz`` does for the public ones.

A signed-in team manager (who may use every CRM and newsletter action) posts each form with its
fields a mix of sensible answers and attack strings, unknown extra fields and a hostile ``next``.
Every answer must be below 500, no script sent in comes back unescaped, and every redirect stays
on this site (a ``next`` of ``40`` was once a 500: ``redirect()`` took it for a view's name).
"""

from django.test import Client
from django.utils import timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.models import HeldSignup, MailchimpSync, Subscriber
from core.redirects import is_local_path
from crm.journey import RECRUITMENT
from crm.models import Source, Stage
from crm.services import enquiry_create, household_advance
from crm.services.bookings import booking_create
from tests.factories import enquiry_details, event_index, event_page, staff_member
from tests.trust.test_fuzz import ATTACKS, encodable, fields, hostile_text, tally  # noqa: F401  (a fixture)

HOSTILE_NEXT = st.one_of(
    st.sampled_from(
        ["40", "crm_households", "//evil.example/", "/\\evil.example", "https://evil.example/", ""]
    ),
    st.sampled_from(ATTACKS),
    hostile_text,
)
# Each admin action: its address (filled from the records below) and the answers a person would give.
ADMIN_FORMS = {
    "bulk assign": (
        "/admin/crm/households/assign/",
        {"bulk-households": "{household}", "bulk-assign_to": "team"},
    ),
    "I'm away": ("/admin/crm/availability/", {"away": "1"}),
    "log an enquiry": (
        "/admin/crm/enquiries/new/",
        {
            "source": "phone",
            "first_name": "Sam",
            "last_name": "Jones",
            "email": "sam@example.com",
            "phone": "07700 900123",
            "postcode": "ME14 1XX",
            "contact_consent": "on",
            "message": "Called about adopting.",
        },
    ),
    "log a call": (
        "/admin/crm/households/{household}/call/",
        {"reached": "yes", "summary": "Talked it through"},
    ),
    "add a note": ("/admin/crm/households/{household}/note/", {"text": "A note"}),
    "move on": ("/admin/crm/households/{household}/advance/", {"to_stage": "initial_conversation"}),
    "assign": ("/admin/crm/households/{household}/assign/", {"assign_to": "team"}),
    "take it": ("/admin/crm/households/{household}/claim/", {}),
    "close": ("/admin/crm/households/{household}/close/", {"reason": "withdrew_circumstances"}),
    "reopen": ("/admin/crm/households/{household}/reopen/", {"note": "They came back"}),
    "flags": ("/admin/crm/households/{household}/flags/", {"fast_track": "on"}),
    "extend the clock": (
        "/admin/crm/households/{household}/extend/",
        {"due_on": "2030-01-01", "reason": "Illness"},
    ),
    "merge": ("/admin/crm/households/{household}/merge/", {"other": "{other}"}),
    # Family finding, on a family approved and waiting: the profile, a link, and each step after it.
    "matching profile": (
        "/admin/crm/households/{approved}/profile/",
        {"profile-age_bands": "1_2", "profile-siblings": "yes", "profile-disability": "maybe"},
    ),
    "record a link": (
        "/admin/crm/households/{approved}/link/",
        {
            "link-child_reference": "CS-004512",
            "link-child_council": "kent",
            "link-age_band": "1_2",
            "link-siblings": "0",
            "link-linked_on": "{today}",
            "link-note": "Link meeting",
        },
    ),
    "record the match": ("/admin/crm/households/{approved}/match/", {"match-matched_on": "{today}"}),
    "record the placement": ("/admin/crm/households/{approved}/place/", {"place-placed_on": "{today}"}),
    "record the order": ("/admin/crm/households/{approved}/order/", {"order-order_on": "{today}"}),
    "early permanence dates": (
        "/admin/crm/households/{approved}/fostering/",
        {"fostering-placed_for_fostering_on": "{today}"},
    ),
    "end the link": (
        "/admin/crm/households/{approved}/endlink/",
        {"endlink-reason": "not_proceeded", "endlink-ended_on": "{today}"},
    ),
    "ask for a document": (
        "/admin/crm/households/{household}/document/",
        {"document-kind": "other", "document-label": "Payslip", "document-note": "The last three, please."},
    ),
    "delete a document": ("/admin/crm/documents/{document}/delete/", {}),
    "release from quarantine": ("/admin/crm/quarantine/{quarantined}/release/", {}),
    "confirm as spam": ("/admin/crm/quarantine/{quarantined}/spam/", {}),
    "attendance": ("/admin/crm/events/{event}/bookings/{booking}/attendance/", {"attended": "yes"}),
    "unsubscribe": ("/admin/newsletter/subscribers/{subscriber}/unsubscribe/", {}),
    "retry a sync": ("/admin/newsletter/syncs/{sync}/retry/", {}),
    "sign up a held sign-up": ("/admin/newsletter/held/{held}/sign-up/", {}),
    "delete a held sign-up": ("/admin/newsletter/held/{held}/delete/", {}),
}


@pytest.fixture
def admin_site(home_page, crm_reference):
    """A team manager signed in, and one of each record the actions work on."""
    manager = staff_member("fuzz.manager", role="manager", council=None)
    client = Client(raise_request_exception=True)
    client.force_login(manager.user)
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    other = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="other@example.com", phone="")
    ).household
    quarantined = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(email="bot@example.com", phone=""),
        spam_reasons=["Too fast"],
    )
    event = event_page(event_index(home_page), title="Information evening")
    booking = booking_create(
        event_id=event.pk, capacity=30, details=enquiry_details(email="booker@example.com")
    )
    subscriber = Subscriber.objects.create(
        email="reader@example.com", consent_wording_version="v1", consent_wording="Yes"
    )
    sync = MailchimpSync.objects.create(subscriber=subscriber, action="upsert", status="failed")
    approved = enquiry_create(
        source=Source.WEB, details=enquiry_details(email="approved@example.com", phone="")
    ).household
    for stage in [*RECRUITMENT.route(to=Stage.APPROVED), Stage.FAMILY_FINDING]:
        household_advance(household=approved, to_stage=stage, by=None)
    held = HeldSignup.objects.create(
        email="held@example.com", consent_wording_version="v1", consent_wording="Yes"
    )
    from crm.services import APPLICANT, document_upload
    from tests.crm.document_files import pdf, upload

    document = document_upload(household=household, uploaded_file=upload("id.pdf", pdf()), by=APPLICANT)
    ids = {
        "document": document.pk,
        "household": household.pk,
        "approved": approved.pk,
        "today": timezone.localdate().isoformat(),
        "other": other.reference,
        "quarantined": quarantined.pk,
        "event": event.pk,
        "booking": booking.pk,
        "subscriber": subscriber.pk,
        "sync": sync.pk,
        "held": held.pk,
    }
    return client, ids


@pytest.mark.django_db
@given(action=st.sampled_from(sorted(ADMIN_FORMS)), draw=st.data(), next_value=HOSTILE_NEXT)
def test_admin_actions(admin_site, tally, action, draw, next_value):  # noqa: F811
    client, ids = admin_site
    address, sensible = ADMIN_FORMS[action]
    data = draw.draw(fields({name: value.format(**ids) for name, value in sensible.items()}))
    data["next"] = next_value
    response = client.post(address.format(**ids), encodable(data))
    tally.check(response)
    if response.status_code in (301, 302, 303):
        assert is_local_path(response["Location"]), (action, response["Location"])

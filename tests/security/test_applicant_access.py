"""The applicant's own pages (/your-adoption/) × who is asking, with 0 forbidden successes.

Every address comes from the URL resolver, so one added later is covered without editing this file
(and one with an id it cannot fill fails ``test_every_applicant_address_can_be_tried`` by name).
Rules:

- signing in (asking for a link, using one) is open to anyone;
- the forum's pages (/your-adoption/forum/) are for members only: a signed-in household that is not a
  member gets a 404 on every one;
- every other page is the signed-in household's own: anyone not signed in as an applicant (a visitor,
  any member of staff, a superuser) goes to the sign-in page, and a page or action that names a
  record (a document, a message...) answers 404 to any household but the record's own;
- no page one household is shown holds another household's name, email or reference.
"""

import re

from django.test import Client
from django.urls import get_resolver

import pytest

from crm.models import Source
from crm.services import enquiry_create
from tests.crm.applicant_helpers import sign_in_as
from tests.factories import UserFactory, enquiry_details, staff_member
from tests.security.test_access_matrix import walk

OPEN = {"applicant:sign_in", "applicant:sign_in_link"}
SIGN_IN = "/your-adoption/sign-in/"

# How to fill each id in an address with household A's own record: {converter name: fixture key}.
# A feature that adds an address with an id adds its record to ``world`` and its name here.
RECORD_IDS: dict[str, str] = {
    "request_id": "document_request",
    "document_id": "document",
    "topic_id": "forum_topic",
    "post_id": "forum_post",
}


def applicant_addresses():
    """The applicant's own pages and the forum's members' pages (which use the same sign-in)."""
    return [
        address
        for address in walk(get_resolver().url_patterns)
        if address.name.startswith(("applicant:", "forum:"))
    ]


def test_every_applicant_address_can_be_tried():
    addresses = applicant_addresses()
    assert {"applicant:journey", "applicant:sign_in", "applicant:sign_out"} <= {a.name for a in addresses}
    unfilled = [
        f"{address.route} ({name})"
        for address in addresses
        if address.name not in OPEN
        for _, name in re.findall(r"<(?:(\w+):)?(\w+)>", address.route)
        if name not in RECORD_IDS
    ]
    assert unfilled == [], f"Teach RECORD_IDS in {__file__} which record these addresses name: {unfilled}"


@pytest.fixture
def world(crm_reference):
    worker = staff_member("kent.worker", council="kent")
    households = {}
    for who in ("a", "b"):
        details = enquiry_details(
            first_name=f"Applicant{who.upper()}zq",
            last_name=f"Family{who.upper()}zq",
            email=f"{who}@example.com",
            phone="",
        )
        households[who] = enquiry_create(source=Source.WEB, details=details).household
    assert households["a"] != households["b"]
    # Household A was asked for a document and sent one.
    from crm.services import APPLICANT, document_request_create, document_upload
    from tests.crm.document_files import pdf, upload

    wanted = document_request_create(household=households["a"], kind="photo_id", by=None)
    sent = document_upload(
        household=households["a"], uploaded_file=upload("a-passport.pdf", pdf()), request=wanted, by=APPLICANT
    )
    # Household A is a member of the forum (household B is not), with a topic of its own.
    from community.services import membership_grant, membership_join, topic_create

    membership = membership_grant(household_id=households["a"].pk, by=worker.user)
    membership = membership_join(membership=membership, display_name="Forum A", accept_conduct=True)
    opening = topic_create(membership=membership, title="Hello from A", body="Our first post")
    return {
        "households": households,
        "document_request": wanted.pk,
        "document": sent.pk,
        "forum_topic": opening.topic_id,
        "forum_post": opening.pk,
    }


def path_for(address, world) -> str:
    path = "/" + address.route
    for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", address.route):
        path = re.sub(rf"<(?:{kind}:)?{name}>", str(world[RECORD_IDS[name]]), path)
    return path


def secrets_of(household) -> list[str]:
    return [household.first_name, household.last_name, household.email, household.reference]


def test_nobody_but_the_household_reaches_its_pages(world):
    a, b = world["households"]["a"], world["households"]["b"]
    as_a, as_b = Client(), Client()
    sign_in_as(as_a, a)
    sign_in_as(as_b, b)
    visitor = Client()
    staff = Client()
    staff.force_login(staff_member("medway.worker", council="medway").user)
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    forbidden, tried = [], 0
    for address in applicant_addresses():
        if address.name in OPEN or address.name == "applicant:sign_out":
            continue
        path = path_for(address, world)
        for who, client in (("visitor", visitor), ("staff", staff), ("superuser", superuser)):
            for method in ("get", "post"):
                response = getattr(client, method)(path, {})
                tried += 1
                if not (response.status_code in (302, 405) and response.get("Location", SIGN_IN) == SIGN_IN):
                    forbidden.append(f"{who} {method.upper()} {path}: {response.status_code}")
        has_record = bool(re.search(r"<(?:\w+:)?\w+>", address.route))
        get_b = as_b.get(path)
        tried += 1
        if has_record and get_b.status_code != 404 and get_b.status_code != 405:
            forbidden.append(f"household B GET {path} (A's record): {get_b.status_code}")
        elif address.name.startswith("forum:") and get_b.status_code not in (404, 405):
            forbidden.append(f"household B (not a forum member) GET {path}: {get_b.status_code}")
        leaked = [s for s in secrets_of(a) if s in get_b.content.decode(errors="replace")]
        if leaked:
            forbidden.append(f"household B GET {path} shows A's {leaked}")
        if has_record:
            post_b = as_b.post(path, {})
            tried += 1
            if post_b.status_code not in (404, 405):
                forbidden.append(f"household B POST {path} (A's record): {post_b.status_code}")
        own = as_a.get(path)
        tried += 1
        assert own.status_code in (200, 302, 405), f"household A GET {path}: {own.status_code}"
    assert tried > 10
    assert forbidden == [], "\n".join(forbidden)


def test_signing_in_gives_no_admin_access_and_staff_sessions_are_apart(world):
    client = Client()
    sign_in_as(client, world["households"]["a"])
    for path in (
        "/admin/",
        "/admin/crm/households/",
        f"/admin/crm/households/{world['households']['a'].pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
    assert "sessionid" not in client.cookies


def test_a_household_cannot_end_or_see_another_households_peer_match(world):
    """The peer pages name no record in their addresses; ending a match posts its id, which is looked for
    among the signed-in household's own open matches only."""
    from crm.models import Household, PeerMatch, Stage
    from crm.services.peers import (
        peer_match_create,
        peer_request_create,
        peer_volunteer_approve,
        peer_volunteer_offer,
    )

    a, b = world["households"]["a"], world["households"]["b"]
    Household.objects.filter(pk=a.pk).update(stage=Stage.STAGE_ONE)
    a.refresh_from_db()
    helper = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Helperzq", email="helper@example.com", phone=""),
    ).household
    volunteer = peer_volunteer_offer(
        household=helper, profile={"role": "buddy", "share_consent": True}, source="worker"
    )
    volunteer = peer_volunteer_approve(
        volunteer=volunteer,
        training_on=volunteer.offered_at.date(),
        dbs_checked_on=volunteer.offered_at.date(),
        by=None,
    )
    request = peer_request_create(
        household=a, profile={"role": "buddy", "share_consent": True}, source="applicant"
    )
    match = peer_match_create(request=request, volunteer=volunteer, role="buddy", by=None)
    as_b = Client()
    sign_in_as(as_b, b)

    page = as_b.get("/your-adoption/peers/").content.decode()
    response = as_b.post(
        "/your-adoption/peers/end/", {"match": match.pk, f"end-{match.pk}-reason": "no_time"}
    )

    assert "Helperzq" not in page and a.first_name not in page
    assert response.status_code == 302
    assert PeerMatch.objects.get(pk=match.pk).is_open

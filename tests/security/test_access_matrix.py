"""The cross-council access matrix: every CRM, campaigns, insight, newsletter, forum and privacy admin
address × every role × every council, with 0 forbidden successes.

The addresses come from Django's URL resolver, so one added later is covered without editing this
file; one that no rule below describes fails ``test_every_address_has_a_rule`` by name. The rules
say who may use what (from ``crm.selectors``, ``crm.reports`` and the roles in ``website.roles``):

- a household, and anything under its address: managers (team managers and the head of service
  see all three councils) and the recruitment workers of the household's own council;
- a document a household sent: the same people as its household;
- a household the central front-door team holds: managers and the central team's workers;
- the families waiting to be matched (each one's matching profile): anyone with a CRM staff record, the
  family finder included, who sees every waiting family's profile but no name or contact details of a
  family not theirs (the page is searched for them like any other);
- a peer volunteer, a request for a peer and a peer match: the same people as the household (either side's,
  for a match); the peer matching screen and the volunteers list: anyone with a CRM staff record, who sees
  approved volunteers' profiles across the councils but names only of the households they may open;
- a quarantined enquiry: managers, the workers of its council and the central team (who see every
  new enquiry);
- the CRM's set-up tables (postcode areas, teams, staff, clocks, stuck side effects): managers;
- the rest of the CRM (queue, logging an enquiry, availability, quarantine list, event bookings):
  anyone with a CRM staff record (a family finder's show only what is assigned to them: nothing here);
- Insight screens: managers; workers and family finders see their own and their team's figures;
  marketing editors see totals only; nobody else; Equality of access: managers only;
- campaign results and the newsletter: marketing editors and managers;
- campaign, channel and budget set-up: marketing editors (managers may look);
- privacy (audit trail, subject access, erasure, retention): managers and the head of service only;
- the forum's moderation queue, a post in it and a membership's page (suspend, end): moderators, who are
  managers by default (staff in the "Forum moderators" group too, a role not in this matrix);
- the forum's members list and granting membership: anyone with a CRM staff record, each seeing and
  granting only the households they may open;
- moving the councils' old records in (upload, dry run, import): managers only;
- stories people sent from the website: marketing editors and managers see them and may withdraw
  consent; nobody adds, changes or deletes one.

"Denied" means a 404, a 403, a 405 or a redirect to the sign-in page (or, for Wagtail's own
permission refusals, to the dashboard): never a page and never an action done. On top of the
status, every page any role is given is searched for the names and email addresses of the people
that role may not see, so a screen that answers 200 but shows another council's family fails too.
"""

import re
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from crm.models import Clock, Enquiry, PostcodeArea, RoutingRule, SideEffect, Source, Team
from crm.services import enquiry_create
from tests.factories import UserFactory, central_team, enquiry_details, family_finding_team, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

COUNCILS = ("kent", "medway", "bexley")
POSTCODES = {"kent": "ME14 1XX", "medway": "ME4 4AA", "bexley": "DA7 4AA"}
MANAGERS = ("team_manager", "head_of_service")
CRM_STAFF = ("worker", "family_finder", *MANAGERS)

# Admin addresses in scope: these prefixes, and any view from the crm or campaigns apps wherever it is.
SCOPE_PREFIXES = (
    "admin/crm/",
    "admin/campaigns/",
    "admin/insight/",
    "admin/newsletter/",
    "admin/privacy/",
    "admin/community/",
    "admin/story-submissions/",
)
SCOPE_MODULES = ("crm.", "campaigns.", "community.")
PRIVACY_WORDS = ("privacy", "subject-access", "subject_access", "erasure", "erase", "audit", "retention")


@dataclass(frozen=True)
class Role:
    name: str
    kind: str  # anonymous, no_group, marketing, worker, family_finder, team_manager, head_of_service
    council: str | None = None


ROLES = [
    Role("anonymous", "anonymous"),
    Role("no group", "no_group"),
    Role("marketing editor", "marketing"),
    *(Role(f"{council} worker", "worker", council) for council in COUNCILS),
    # The central front-door team holds new enquiries until the hand-over: its own "council" here.
    Role("central worker", "worker", "central"),
    # The family-finding team works across the three councils; no household is assigned to them here.
    Role("family finder", "family_finder"),
    *(Role(f"{council} team manager", "team_manager", council) for council in COUNCILS),
    Role("head of service", "head_of_service"),
]

ALLOW, DENY, EITHER = "allow", "deny", "either"
HELD = "held:"
# A support request (another service's case) with the team of whose it is: the same rule as households.
SUPPORT = "support:"


# The rules: (name, does it cover this address?, who may use it). First match wins. -----------------


def is_privacy(route, name):
    return any(word in f"{route} {name}" for word in PRIVACY_WORDS)


def managers_only(role, council):
    return ALLOW if role.kind in MANAGERS else DENY


def own_council(role, council):
    """Managers, and the workers of the team that holds it (a support request's team as any household's)."""
    if role.kind in MANAGERS:
        return ALLOW
    return (
        ALLOW if role.kind == "worker" and council and role.council == council.removeprefix(SUPPORT) else DENY
    )


def held_enquiry(role, council):
    """A quarantined enquiry: managers, its council's workers and the central team."""
    return (
        ALLOW
        if role.kind in MANAGERS or (role.kind == "worker" and role.council in ("central", council))
        else DENY
    )


def crm_staff(role, council):
    return ALLOW if role.kind in CRM_STAFF else DENY


def insight(role, council):
    if role.kind in MANAGERS:
        return ALLOW
    # Workers and family finders (their team's figures) and marketing editors (totals) may or may not
    # have a given screen; what they are shown is checked for other people's names either way.
    return EITHER if role.kind in ("worker", "family_finder", "marketing") else DENY


def marketing_and_managers(role, council):
    return ALLOW if role.kind in ("marketing", *MANAGERS) else DENY


def nobody(role, council):
    return DENY


def campaign_setup(role, council):
    if role.kind == "marketing":
        return ALLOW
    return EITHER if role.kind in MANAGERS else DENY


RULES = [
    ("privacy", is_privacy, managers_only),
    ("a household", lambda route, name: route.startswith("admin/crm/households/<int:pk>/"), own_council),
    # A document is reached only through its household: the same people.
    (
        "a household's document",
        lambda route, name: route.startswith("admin/crm/documents/<int:pk>/"),
        own_council,
    ),
    (
        "a quarantined enquiry",
        lambda route, name: route.startswith("admin/crm/quarantine/<int:pk>/"),
        held_enquiry,
    ),
    (
        "CRM set-up",
        lambda route, name: re.match(
            r"admin/crm/(postcode-areas|teams|routing-rules|staff|clocks|side-effects)/", route
        ),
        managers_only,
    ),
    (
        "forum moderation",
        lambda route, name: re.match(r"admin/community/(queue/|posts/|members/<int:pk>/)", route),
        managers_only,
    ),
    ("forum members", lambda route, name: route.startswith("admin/community/members/"), crm_staff),
    ("families waiting", lambda route, name: route.startswith("admin/crm/families-waiting/"), crm_staff),
    # A peer volunteer, a request for a peer and a match belong to their households (a match to either side):
    # the same people as the household. A request is only posted to (matching it).
    (
        "a peer volunteer, request or match",
        lambda route, name: re.match(r"admin/crm/peers/(volunteers|requests|matches)/<int:pk>/", route),
        own_council,
    ),
    # The peer matching screen and the volunteers list: anyone with a CRM staff record, who sees approved
    # volunteers' profiles from every council and the names only of the households they may open.
    ("peer matching", lambda route, name: route.startswith("admin/crm/peers/"), crm_staff),
    # Moving a council's old records in: whole files of people, so managers only.
    ("old records", lambda route, name: route.startswith("admin/crm/imports/"), managers_only),
    ("CRM casework", lambda route, name: route.startswith("admin/crm/"), crm_staff),
    # Equality of access: special category data in aggregate, for managers alone (a worker gets a 404).
    ("Equality of access", lambda route, name: route.startswith("admin/insight/equality/"), managers_only),
    # The board pack: the Head of Service's and managers' report to the Partnership Board.
    ("Board pack", lambda route, name: route.startswith("admin/insight/board-pack/"), managers_only),
    ("Insight", lambda route, name: route.startswith("admin/insight/"), insight),
    (
        "campaign results",
        lambda route, name: route.startswith("admin/campaigns/results/"),
        marketing_and_managers,
    ),
    ("newsletter", lambda route, name: route.startswith("admin/newsletter/"), marketing_and_managers),
    (
        "changing a story submission",
        lambda route, name: re.match(r"admin/story-submissions/(new|edit|delete)/", route),
        nobody,
    ),
    (
        "story submissions",
        lambda route, name: route.startswith("admin/story-submissions/"),
        marketing_and_managers,
    ),
    (
        "campaign set-up",
        lambda route, name: re.match(r"admin/campaigns/(campaigns|channels|budgets)/", route),
        campaign_setup,
    ),
]


# The addresses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    route: str
    name: str
    callback: object

    @property
    def view_module(self) -> str:
        view_class = getattr(self.callback, "view_class", None)
        return (view_class or self.callback).__module__


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            yield Address(prefix + str(pattern.pattern), name, pattern.callback)


def addresses_in_scope() -> list[Address]:
    found = []
    for address in walk(get_resolver().url_patterns):
        if not address.route.startswith("admin/"):
            continue
        if address.route.startswith(SCOPE_PREFIXES) or address.view_module.startswith(SCOPE_MODULES):
            found.append(address)
        elif is_privacy(address.route, address.name) and not address.view_module.startswith("wagtail."):
            # Wagtail's own page and collection privacy settings are not people's data.
            found.append(address)
    return found


def rule_for(address: Address):
    for label, covers, expectation in RULES:
        if covers(address.route, address.name):
            return label, expectation
    return None, None


def test_every_address_has_a_rule():
    addresses = addresses_in_scope()
    assert len(addresses) > 90
    unruled = [f"{address.route} ({address.name})" for address in addresses if rule_for(address)[0] is None]
    assert unruled == [], (
        "These admin addresses have no access rule in tests/security/test_access_matrix.py; "
        f"add one saying who may use them: {unruled}"
    )


# The people and records ------------------------------------------------------------------------


def person_name(council: str, kind: str) -> tuple[str, str]:
    """A surname and email address that appear nowhere else, so a page showing them is a leak."""
    surname = f"{kind.capitalize()}{council.capitalize()}zq"
    return surname, f"{surname.lower()}@example.com"


@pytest.fixture
def world(crm_reference):
    import datetime as dt

    from campaigns.models import Campaign, Channel, ChannelBudget, HeldSignup, MailchimpSync, Subscriber

    groups = roles_sync()
    users = {}
    for role in ROLES:
        username = role.name.replace(" ", ".")
        if role.kind == "worker" and role.council == "central":
            users[role] = staff_member(username, council=None, team=central_team()).user
        elif role.kind == "family_finder":
            users[role] = staff_member(username, council=None, team=family_finding_team()).user
        elif role.kind == "worker":
            users[role] = staff_member(username, council=role.council).user
        elif role.kind == "team_manager":
            users[role] = staff_member(username, role="manager", council=role.council).user
        elif role.kind == "head_of_service":
            users[role] = staff_member(username, role="manager", council=None).user
        elif role.kind == "marketing":
            users[role] = UserFactory(username=username)
            users[role].groups.add(groups[MARKETING_EDITORS])
        elif role.kind == "no_group":
            users[role] = UserFactory(username=username)

    households, quarantined, secrets = {}, {}, {}
    # The three councils' families went straight to their council teams; a fourth, new, is still
    # with the central team (its postcode is Kent's: Kent's workers must not see it yet).
    RoutingRule.objects.update_or_create(enquiry_type="adopting", defaults={"first_to": "locality"})
    for council in COUNCILS:
        surname, email = person_name(council, "family")
        details = enquiry_details(last_name=surname, email=email, postcode=POSTCODES[council], phone="")
        households[council] = enquiry_create(source=Source.WEB, details=details).household
        assert households[council].team.council == council
        secrets[surname] = secrets[email] = council
        surname, email = person_name(council, "bot")
        details = enquiry_details(last_name=surname, email=email, postcode=POSTCODES[council], phone="")
        quarantined[council] = enquiry_create(source=Source.WEB, details=details, spam_reasons=["Too fast"])
        assert quarantined[council].status == Enquiry.Status.QUARANTINED
        secrets[surname] = secrets[email] = f"{HELD}{council}"

    # Bexley's family was approved and waits for family finding, with a matching profile: the family
    # finder sees that profile in the families waiting, and nothing else of them.
    from crm.journey import RECRUITMENT
    from crm.services import household_advance, matching_profile_save

    bexley = households["bexley"]
    for stage in [*RECRUITMENT.route(to="approved"), "family_finding"]:
        household_advance(household=bexley, to_stage=stage, by=None)
    matching_profile_save(
        household=bexley,
        by=None,
        age_bands=["1_2"],
        siblings="yes",
        disability="maybe",
        early_permanence=True,
    )
    households["bexley"].refresh_from_db()
    # Bexley's family is a member of the forum, with a post held for a moderator.
    from community.models import Membership, Post, Topic

    membership = Membership.objects.create(household=bexley, space="members", display_name="Bexley Member")
    topic = Topic.objects.create(space="members", title="Hello", author=membership)
    Post.objects.create(topic=topic, author=membership, opens_topic=True, body="Hello all", status="held")

    RoutingRule.objects.filter(enquiry_type="adopting").update(first_to="central")
    surname, email = person_name("central", "family")
    details = enquiry_details(last_name=surname, email=email, postcode=POSTCODES["kent"], phone="")
    households["central"] = enquiry_create(source=Source.WEB, details=details).household
    assert households["central"].team.is_central
    secrets[surname] = secrets[email] = "central"
    # Everyone who books later in these tests goes straight to their council team again.
    RoutingRule.objects.filter(enquiry_type="adopting").update(first_to="locality")
    # In each council, an approved adopter volunteering as a peer and someone in stage one matched with them:
    # every CRM worker sees approved volunteers' profiles on the peer screens, names only of their own council.
    from crm.services.peers import (
        peer_match_create,
        peer_request_create,
        peer_volunteer_approve,
        peer_volunteer_offer,
    )

    peers = {"volunteers": {}, "requests": {}, "matches": {}}
    for council in COUNCILS:
        people = {}
        for kind, to in (("volunteer", "approved"), ("asker", "stage_one")):
            surname, email = person_name(council, kind)
            details = enquiry_details(last_name=surname, email=email, postcode=POSTCODES[council], phone="")
            people[kind] = enquiry_create(source=Source.WEB, details=details).household
            for stage in RECRUITMENT.route(to=to):
                household_advance(household=people[kind], to_stage=stage, by=None)
            secrets[surname] = secrets[email] = council
        volunteer = peer_volunteer_offer(
            household=people["volunteer"], profile={"role": "either", "share_consent": True}, source="worker"
        )
        today = dt.date.today()
        peers["volunteers"][council] = peer_volunteer_approve(
            volunteer=volunteer, training_on=today, dbs_checked_on=today, by=None
        )
        peers["requests"][council] = peer_request_create(
            household=people["asker"], profile={"role": "buddy", "share_consent": True}, source="worker"
        )
        peers["matches"][council] = peer_match_create(
            request=peers["requests"][council], volunteer=peers["volunteers"][council], role="buddy", by=None
        )
    # Support requests land with the central team (the default rule), until the assessment of need,
    # when the household goes to its council's team: one still held, one handed to Medway.
    for whose, postcode in (("central", POSTCODES["kent"]), ("medway", POSTCODES["medway"])):
        surname, email = person_name(f"support{whose}", "family")
        details = enquiry_details(
            last_name=surname, email=email, postcode=postcode, phone="", enquiry_type="support"
        )
        household = enquiry_create(source=Source.WEB, details=details).household
        if whose != "central":
            household_advance(household=household, to_stage="support_assessment", by=None)
            household.refresh_from_db()
        assert household.service == "support" and (household.team.council or "central") == whose
        households[f"{SUPPORT}{whose}"] = household
        secrets[surname] = secrets[email] = f"{SUPPORT}{whose}"

    campaign = Campaign.objects.create(name="Winter social", code="WINTER26", starts_on=dt.date(2026, 11, 1))
    subscriber = Subscriber.objects.create(
        email="reader@example.com", first_name="Reader", consent_wording_version="v1", consent_wording="Yes"
    )
    objects = {
        PostcodeArea: PostcodeArea.objects.get(prefix="ME4"),
        Team: Team.objects.get(kind="locality", council="kent"),
        Clock: Clock.objects.get(code="first_contact"),
        SideEffect: SideEffect.objects.create(kind="daily_digest", key="failed", status="failed"),
        Campaign: campaign,
        Channel: Channel.objects.first(),
        ChannelBudget: ChannelBudget.objects.create(channel=Channel.objects.first(), year=2026, amount=1200),
        Subscriber: subscriber,
        MailchimpSync: MailchimpSync.objects.create(
            subscriber=subscriber, action="subscribe", status="failed"
        ),
        HeldSignup: HeldSignup.objects.create(
            email="held@example.com", consent_wording_version="v1", consent_wording="Yes", doubts=["Too fast"]
        ),
    }
    from crm.models import StaffMember
    from website.models import StorySubmission

    objects[StorySubmission] = StorySubmission.objects.create(
        name="Story Sender",
        email="sender@example.com",
        name_choice="anonymous",
        title="Our story",
        story="A story.",
        consent_wording_version="story-publish-2026-12",
        consent_wording="Yes",
    )
    objects[StaffMember] = StaffMember.objects.filter(team__council="kent").first()
    from website.models import BoardPack

    objects[BoardPack] = BoardPack.objects.create(
        kind="quarter",
        date_from=dt.date(2026, 4, 1),
        date_to=dt.date(2026, 6, 30),
        state="ready",
        made_by=next(user for role, user in users.items() if role.kind == "head_of_service"),
        figures={"sections": [{"key": "funnel", "title": "Funnel", "note": "", "tables": []}]},
    )
    # A document each family sent, for a request; the file's name is a secret like their name.
    from crm.services import APPLICANT, document_request_create, document_upload
    from tests.crm.document_files import pdf, upload

    documents = {}
    for whose, household in households.items():
        wanted = document_request_create(household=household, kind="photo_id", by=None)
        file_name = f"{person_name(whose.replace(':', ''), 'passport')[0]}.pdf"
        documents[whose] = document_upload(
            household=household, uploaded_file=upload(file_name, pdf()), request=wanted, by=APPLICANT
        )
        secrets[file_name] = whose
    return {
        "users": users,
        "households": households,
        "documents": documents,
        "quarantined": quarantined,
        "objects": objects,
        "secrets": secrets,
        "peers": peers,
    }


def model_for(address: Address, objects):
    model = getattr(address.callback, "view_initkwargs", {}).get("model")
    view_class = getattr(address.callback, "view_class", None)
    model = model or getattr(view_class, "model", None)
    if model is not None:
        return model
    words = f"{address.route} {address.name}".lower()
    for candidate in objects:
        if candidate.__name__.lower() in words.replace("-", "").replace("_", ""):
            return candidate
    by_word = {
        "sync": "MailchimpSync",
        "subscriber": "Subscriber",
        "campaign": "Campaign",
        "held": "HeldSignup",
    }
    for word, model_name in by_word.items():
        if word in words:
            return next(candidate for candidate in objects if candidate.__name__ == model_name)
    return None


def samples(address: Address, world) -> list[tuple[str, str | None]]:
    """(path, council of the record it shows or None) for each concrete address to try."""
    route = address.route
    converters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not converters:
        return [("/" + route, None)]
    if converters == [("str", "key")] and is_privacy(route, address.name):
        # A person is named by an anchor such as household-12 (crm.selectors.person_for_anchor).
        return [
            ("/" + route.replace("<str:key>", f"household-{record.pk}"), council)
            for council, record in world["households"].items()
        ]
    per_council = None
    if peers_kind := re.match(r"admin/crm/peers/(volunteers|requests|matches)/<int:pk>/", route):
        per_council = world["peers"][peers_kind.group(1)]
    elif "quarantine/<int:pk>" in route:
        per_council = world["quarantined"]
    elif "documents/<int:pk>" in route:
        per_council = world["documents"]
    elif re.search(r"household|person|enquir", route + address.name):
        per_council = world["households"]
    if per_council is not None and converters == [("int", "pk")]:
        return [
            ("/" + route.replace("<int:pk>", str(record.pk)), council)
            for council, record in per_council.items()
        ]
    values = {}
    for kind, name in converters:
        if name == "page_id":
            values[name] = world["event"].pk
        elif name == "booking_id":
            values[name] = world["booking"].pk
        elif name == "pk":
            model = model_for(address, world["objects"])
            if model is not None and model not in world["objects"]:
                # A table added later: any row of it will do.
                world["objects"][model] = model._default_manager.order_by("pk").first()
            if model is None or world["objects"][model] is None:
                pytest.fail(
                    f"No sample record for {route} ({address.name}): teach samples() which model it shows"
                )
            values[name] = world["objects"][model].pk
        else:
            pytest.fail(f"No sample value for <{kind}:{name}> in {route}: teach samples() about it")
    path = route
    for kind, name in converters:
        path = re.sub(rf"<(?:{kind}:)?{name}>", str(values[name]), path)
    return [("/" + path, None)]


def denied(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return location.startswith("/admin/login/") or location == "/admin/"
    return False


def may_see(role: Role, whose: str) -> bool:
    """Whether this role may see a person of ``whose`` (a council, "central", or "held:" and a council)."""
    if role.kind in MANAGERS:
        return True
    if role.kind != "worker":
        return False
    whose = whose.removeprefix(SUPPORT)
    if whose.startswith(HELD):
        # Held enquiries: their council's workers, and the central team, who see every new enquiry.
        return role.council in ("central", whose.removeprefix(HELD))
    return whose == role.council


def leaks(role: Role, html: str, secrets: dict[str, str]) -> list[str]:
    """Names and addresses on the page of people this role may not see."""
    return [secret for secret, whose in secrets.items() if not may_see(role, whose) and secret in html]


@pytest.fixture
def event(home_page):
    from tests.factories import event_index, event_page

    return event_page(event_index(home_page), title="Information evening")


def test_no_role_reaches_what_it_must_not(world, event, settings):
    from crm.services.bookings import booking_create

    world["event"] = event
    # Someone from each council booked on the event: the bookings list shows each only to who may see them.
    for council in COUNCILS:
        surname, email = person_name(council, "booker")
        details = enquiry_details(last_name=surname, email=email, postcode=POSTCODES[council], phone="")
        world["booking"] = booking_create(event_id=event.pk, capacity=30, details=details)
        world["secrets"][surname] = world["secrets"][email] = council
    settings.PAGE_CACHE_SECONDS = 0
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role in world["users"]:
            clients[role].force_login(world["users"][role])

    forbidden, refused_but_allowed, leaked = [], [], []
    tried = allowed_pages = 0
    for address in addresses_in_scope():
        label, expectation = rule_for(address)
        for path, council in samples(address, world):
            for role in ROLES:
                expected = expectation(role, council)
                client = clients[role]
                response = client.get(path)
                tried += 1
                if expected == DENY:
                    if not denied(response):
                        forbidden.append(f"{role.name} GET {path} ({label}): {response.status_code}")
                    # Addresses that only take a post (the actions) are posted to as well: refused just the same.
                    if response.status_code == 405:
                        response = client.post(path, {})
                        tried += 1
                        if not denied(response):
                            forbidden.append(f"{role.name} POST {path} ({label}): {response.status_code}")
                    continue
                if response.status_code == 200:
                    allowed_pages += 1
                    if found := leaks(role, response.getvalue().decode(errors="replace"), world["secrets"]):
                        leaked.append(f"{role.name} GET {path} ({label}) shows {found}")
                elif expected == ALLOW and response.status_code == 404:
                    refused_but_allowed.append(f"{role.name} GET {path} ({label})")

    print(
        f"access matrix: {tried} requests, {allowed_pages} pages shown, {len(forbidden)} forbidden successes"
    )
    assert forbidden == []
    assert leaked == []
    assert refused_but_allowed == []
    # The matrix is not empty: every role that should see pages saw some.
    assert allowed_pages > 200

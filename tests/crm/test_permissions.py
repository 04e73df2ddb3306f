"""Every CRM admin address, for every role: who gets the page, who gets a 404, who must log in first.

What each role may see (enforced by ``crm.selectors``, not by menus):
- anonymous: every address redirects to the admin login page (Wagtail's ``require_admin_access``);
- marketing editor (admin access, no CRM staff record): 404 everywhere, as if nothing existed;
- recruitment worker: their council team's households and any assigned to them; 404 for the rest;
  404 for the reference tables, which are for managers only;
- manager: everything.

Expected statuses in the table: 200 a page, 302 a redirect after an action, 405 wrong method,
404 not found, and "login" a redirect to the login page. Actions are posted with empty forms,
so a person who may act gets the page back with the form's errors (200) or, for actions with
nothing to fill in, a redirect (302), and nothing changes either way.
"""

import pytest

from crm.models import Clock, Enquiry, Household, PostcodeArea, SideEffect, Source, Team
from crm.services import enquiry_create
from tests.factories import enquiry_details, staff_member

ROLES = ["anonymous", "marketing", "kent", "medway", "bexley", "manager"]
RECORDS = ["kent", "kent_for_medway", "medway", "bexley"]
VISIBLE = {
    "anonymous": set(),
    "marketing": set(),
    "kent": {"kent", "kent_for_medway"},
    "medway": {"medway", "kent_for_medway"},
    "bexley": {"bexley"},
    "manager": set(RECORDS),
}

# (method, address under a household, status for someone who can see it)
HOUSEHOLD_ADDRESSES = [
    ("get", "", 200),
    ("get", "merge/", 200),
    ("post", "call/", 200),
    ("post", "note/", 200),
    ("post", "advance/", 200),
    ("post", "assign/", 200),
    ("post", "claim/", 302),
    ("post", "close/", 200),
    ("post", "reopen/", 200),
    ("post", "flags/", 302),
    ("post", "extend/", 200),
    ("post", "merge/", 302),
    ("get", "call/", 405),
]

# (method, address, status for anyone with a CRM staff record)
STAFF_ADDRESSES = [
    ("get", "/admin/crm/households/", 200),
    ("get", "/admin/crm/households/?tab=all&q=morgan&sort=-stage", 200),
    ("post", "/admin/crm/households/assign/", 302),
    ("get", "/admin/crm/enquiries/new/", 200),
    ("post", "/admin/crm/enquiries/new/", 200),
    ("get", "/admin/crm/quarantine/", 200),
    ("get", "/admin/crm/quarantine/?status=spam", 200),
    ("post", "/admin/crm/availability/", 302),
]

# (method, address, status for a manager). Everyone else: 404 (anonymous: login).
# Teams and clocks cannot be added to, and teams, staff and clocks not deleted (routing and the
# timescales depend on them): for those, Wagtail itself answers a manager with a redirect to the
# dashboard and a "no permission" message.
MANAGER_ADDRESSES = [
    ("get", "/admin/crm/postcode-areas/", 200),
    ("get", "/admin/crm/postcode-areas/?council=bexley&q=DA", 200),
    ("get", "/admin/crm/postcode-areas/new/", 200),
    ("get", "/admin/crm/postcode-areas/edit/{postcode}/", 200),
    ("get", "/admin/crm/postcode-areas/delete/{postcode}/", 200),
    ("get", "/admin/crm/postcode-areas/history/{postcode}/", 200),
    ("get", "/admin/crm/teams/", 200),
    ("get", "/admin/crm/teams/edit/{team}/", 200),
    ("get", "/admin/crm/teams/new/", 302),
    ("get", "/admin/crm/staff/", 200),
    ("get", "/admin/crm/staff/new/", 200),
    ("get", "/admin/crm/staff/edit/{staff}/", 200),
    ("get", "/admin/crm/staff/delete/{staff}/", 302),
    ("get", "/admin/crm/clocks/", 200),
    ("get", "/admin/crm/clocks/edit/{clock}/", 200),
    ("get", "/admin/crm/clocks/new/", 302),
    ("get", "/admin/crm/side-effects/", 200),
    ("get", "/admin/crm/side-effects/inspect/{side_effect}/", 200),
]


def expected_for_household(role, record, ok):
    if role == "anonymous":
        return "login"
    if role == "marketing":
        return 404
    if ok == 405:
        return 405
    return ok if record in VISIBLE[role] else 404


def cases():
    for method, suffix, ok in HOUSEHOLD_ADDRESSES:
        for record in RECORDS:
            for role in ROLES:
                url = f"/admin/crm/households/{{{record}}}/{suffix}"
                expected = expected_for_household(role, record, ok)
                yield pytest.param(method, url, role, expected, id=f"{role}-{method}-{record}-{suffix}")
    for method, url, ok in STAFF_ADDRESSES:
        for role in ROLES:
            expected = {"anonymous": "login", "marketing": 404}.get(role, ok)
            yield pytest.param(method, url, role, expected, id=f"{role}-{method}-{url}")
    for decision in ("release", "spam"):
        for role in ROLES:
            expected = {"anonymous": "login", "kent": 302, "manager": 302}.get(role, 404)
            url = f"/admin/crm/quarantine/{{quarantined}}/{decision}/"
            yield pytest.param("post", url, role, expected, id=f"{role}-post-quarantine-{decision}")
    for method, url, ok in MANAGER_ADDRESSES:
        for role in ROLES:
            expected = {"anonymous": "login", "manager": ok}.get(role, 404)
            yield pytest.param(method, url, role, expected, id=f"{role}-{method}-{url}")


@pytest.fixture
def world(crm_reference, django_user_model):
    """Workers in each council, a manager, a marketing editor, and a household in each council."""
    from website.roles import MARKETING_EDITORS, roles_sync

    staff = {
        council: staff_member(f"{council}.worker", council=council)
        for council in ("kent", "medway", "bexley")
    }
    manager = staff_member("manager", role="manager", council=None)
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])

    def household(name, postcode):
        details = enquiry_details(first_name=name, postcode=postcode, email=f"{name}@example.com", phone="")
        return enquiry_create(source=Source.WEB, details=details).household

    records = {
        "kent": household("kent", "ME14 1XX"),
        "kent_for_medway": household("kentish", "CT1 1AA"),
        "medway": household("medway", "ME4 4AA"),
        "bexley": household("bexley", "DA7 4AA"),
    }
    Household.objects.filter(pk=records["kent_for_medway"].pk).update(assigned_to=staff["medway"])
    quarantined = enquiry_create(
        source=Source.WEB,
        details=enquiry_details(first_name="Bot", postcode="ME14 1XX", email="bot@example.com"),
        spam_reasons=["Filled in too fast"],
    )
    ids = {name: record.pk for name, record in records.items()}
    ids.update(
        quarantined=quarantined.pk,
        postcode=PostcodeArea.objects.get(prefix="ME4").pk,
        team=Team.objects.get(council="kent").pk,
        staff=staff["kent"].pk,
        clock=Clock.objects.get(code="first_contact").pk,
        side_effect=SideEffect.objects.create(kind="daily_digest", key="failed", status="failed").pk,
    )
    users = {role: member.user for role, member in staff.items()}
    users.update(manager=manager.user, marketing=marketing, anonymous=None)
    return {"ids": ids, "users": users, "records": records}


def snapshot(household: Household) -> dict:
    household = Household.objects.get(pk=household.pk)
    return {
        "row": {
            name: getattr(household, name)
            for name in ("stage", "assigned_to_id", "closed_at", "fast_track", "due_on", "merged_into_id")
        },
        "timeline": household.timeline.count(),
        "stage_changes": household.stage_changes.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "role", "expected"), list(cases()))
def test_every_crm_address_for_every_role(client, world, method, url, role, expected):
    if world["users"][role]:
        client.force_login(world["users"][role])
    before = {name: snapshot(record) for name, record in world["records"].items()}

    response = getattr(client, method)(url.format(**world["ids"]))

    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == expected
    assert {name: snapshot(record) for name, record in world["records"].items()} == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("call", {"call-reached": "yes", "call-summary": "Sneaky call"}),
        ("note", {"note-text": "Sneaky note"}),
        ("advance", {"advance-to_stage": "initial_conversation"}),
        ("assign", {"assign-assign_to": "team"}),
        ("claim", {}),
        ("close", {"close-reason": "lost_contact"}),
        ("reopen", {"reopen-note": "Sneaky reopen"}),
        ("flags", {"flags-fast_track": "on", "flags-early_permanence": "on"}),
        ("extend", {"extend-due_on": "2099-01-01", "extend-reason": "Sneaky"}),
        ("merge", {"other": "KENT"}),
    ],
)
def test_a_valid_action_on_a_record_the_worker_cannot_see_changes_nothing(client, world, action, data):
    client.force_login(world["users"]["kent"])
    medway = world["records"]["medway"]
    kent = world["records"]["kent"]
    data = {key: kent.pk if value == "KENT" else value for key, value in data.items()}
    before = snapshot(medway), snapshot(kent)

    response = client.post(f"/admin/crm/households/{medway.pk}/{action}/", data)

    assert response.status_code == 404
    assert (snapshot(medway), snapshot(kent)) == before


@pytest.mark.django_db
def test_a_worker_cannot_merge_in_a_record_they_cannot_see(client, world):
    client.force_login(world["users"]["kent"])
    kent, medway = world["records"]["kent"], world["records"]["medway"]
    response = client.post(f"/admin/crm/households/{kent.pk}/merge/", {"other": medway.pk})
    assert response.status_code == 404
    assert Household.objects.get(pk=medway.pk).merged_into_id is None


@pytest.mark.django_db
def test_bulk_assign_ignores_households_the_worker_cannot_see(client, world):
    client.force_login(world["users"]["kent"])
    medway = world["records"]["medway"]
    before = snapshot(medway)
    response = client.post(
        "/admin/crm/households/assign/", {"bulk-households": [medway.pk], "bulk-assign_to": "team"}
    )
    assert response.status_code == 302
    assert snapshot(medway) == before


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["release", "spam"])
def test_a_worker_cannot_decide_another_councils_quarantine(client, world, decision):
    enquiry = Enquiry.objects.get(pk=world["ids"]["quarantined"])
    client.force_login(world["users"]["medway"])
    response = client.post(f"/admin/crm/quarantine/{enquiry.pk}/{decision}/")
    enquiry.refresh_from_db()
    assert response.status_code == 404 and enquiry.status == Enquiry.Status.QUARANTINED


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["kent", "medway", "bexley", "manager"])
def test_queue_tabs_only_hold_what_the_role_may_see(client, world, role):
    client.force_login(world["users"][role])
    seen = set()
    for tab in ("unassigned", "mine", "team", "overdue", "all"):
        response = client.get("/admin/crm/households/", {"tab": tab})
        seen |= {household.pk for household in response.context["households"]}
    assert seen == {world["ids"][record] for record in VISIBLE[role]}

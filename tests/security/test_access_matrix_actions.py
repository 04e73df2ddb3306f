"""The access matrix, after an action: every message and page a role is shown once it has done something.

``test_access_matrix`` reads every page each role may open. Here each role also uses every form on
those pages (the searches, the filters, logging an enquiry, assigning, merging, the quarantine and
newsletter decisions...), filled in to ask about a family of another council: their email address
in every email and search box, their reference wherever a reference goes, their households among
the ticked rows. Whatever comes back, the page after the redirect with its messages included, is
searched for the names and email addresses of the people that role may not see, less anything the
role typed itself. Every answer must also be below 500.
"""

from django.test import Client
from django.urls import Resolver404, resolve

import pytest

from crm.models import Household
from crm.services.bookings import booking_create
from tests.factories import enquiry_details
from tests.security.forms_probe import Probe, fill, forms_on
from tests.security.test_access_matrix import (  # noqa: F401  (fixtures)
    COUNCILS,
    DENY,
    MANAGERS,
    POSTCODES,
    ROLES,
    SUPPORT,
    addresses_in_scope,
    event,
    leaks,
    person_name,
    rule_for,
    samples,
    world,
)


def probe_for(role, people) -> Probe:
    """A family this role may not see, and an address in the role's own council to say they live at."""
    council = next(council for council in COUNCILS if council != role.council)
    household = people["households"][council]
    return Probe(
        email=household.email,
        phone="",
        reference=household.reference,
        household_ids=tuple(
            record.pk
            for name, record in people["households"].items()
            if name.removeprefix(SUPPORT) != role.council
        ),
        postcode=POSTCODES.get(role.council or "kent", POSTCODES["kent"]),
    )


def in_scope(path: str, routes: set[str]) -> bool:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    return match.route in routes


def typed(data: dict[str, list[str]]) -> str:
    return " ".join(value for values in data.values() for value in values)


def test_no_role_is_told_about_another_councils_family_after_any_action(world, event, settings):  # noqa: F811
    world["event"] = event
    for council in COUNCILS:
        surname, email = person_name(council, "booker")
        details = enquiry_details(last_name=surname, email=email, postcode=POSTCODES[council], phone="")
        world["booking"] = booking_create(event_id=event.pk, capacity=30, details=details)
        world["secrets"][surname] = world["secrets"][email] = council
    settings.PAGE_CACHE_SECONDS = 0
    addresses = addresses_in_scope()
    routes = {address.route for address in addresses}

    leaked, errors, done = [], [], set()
    actions = 0
    for role in ROLES:
        if role.kind in MANAGERS or role not in world["users"]:
            continue
        client = Client()
        client.force_login(world["users"][role])
        probe = probe_for(role, world)
        for address in addresses:
            _label, expectation = rule_for(address)
            for path, council in samples(address, world):
                if expectation(role, council) == DENY:
                    continue
                page = client.get(path)
                if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
                    continue
                for form in forms_on(page.content.decode(errors="replace"), page=path):
                    if not in_scope(form.action, routes):
                        continue
                    key = (role.name, resolve(form.action.split("?")[0]).route, form.method)
                    if key in done:
                        continue
                    done.add(key)
                    data = fill(form, probe)
                    if form.method == "post":
                        response = client.post(form.action, data, follow=True)
                    else:
                        response = client.get(form.action.split("?")[0], data, follow=True)
                    actions += 1
                    shown = response.content.decode(errors="replace")
                    if response.status_code >= 500:
                        errors.append(
                            f"{role.name} {form.method.upper()} {form.action}: {response.status_code}"
                        )
                    said = [
                        secret for secret in leaks(role, shown, world["secrets"]) if secret not in typed(data)
                    ]
                    if said:
                        leaked.append(f"{role.name} {form.method.upper()} {form.action} then shown {said}")

    print(f"access matrix after actions: {actions} forms used, {len(leaked)} leaks")
    assert errors == []
    assert leaked == []
    # Every kind of form a worker has was used: the searches, logging an enquiry, assigning, a household's actions.
    assert actions > 20


@pytest.mark.parametrize("logged_by", ["medway", "bexley"])
def test_logging_an_enquiry_for_another_councils_family_says_nothing_about_them(world, logged_by):  # noqa: F811
    """The probe that found it: a Medway worker logs a phone call giving only a Kent family's email."""
    kent = world["households"]["kent"]
    worker = next(
        user for role, user in world["users"].items() if role.kind == "worker" and role.council == logged_by
    )
    client = Client()
    client.force_login(worker)
    data = {
        "source": "phone",
        "first_name": "Caller",
        "email": kent.email,
        "contact_consent": "on",
        "submission_key": "",
    }

    response = client.post("/admin/crm/enquiries/new/", data, follow=True)

    shown = response.content.decode()
    assert "Enquiry logged. It has gone to the team that looks after them" in shown
    kent.refresh_from_db()
    staff = kent.assigned_to
    for secret in (
        kent.last_name,
        kent.reference,
        "Kent recruitment team",
        f"assigned to {staff}",
    ):
        assert secret not in shown
    assert Household.objects.get(pk=kent.pk).enquiries.count() == 2

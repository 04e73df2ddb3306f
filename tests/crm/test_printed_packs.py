"""Printed information packs: a worker puts one on the print list, whoever posts it marks it posted,
and that is a touch on the information packs channel; the address is in subject access and erasure."""

import pytest

from campaigns.models import SyncCursor, Touchpoint
from campaigns.services import touchpoints_reconcile
from crm.models import AuditEvent, PrintedPack, TimelineEntry
from crm.selectors import person_for_anchor, person_record
from crm.services import (
    PipelineError,
    household_close,
    printed_pack_request,
    printed_packs_mark_posted,
)
from crm.services.privacy import person_erase
from tests.crm.test_admin_screens import flash, household_url, make_household
from tests.factories import staff_member

pytestmark = [pytest.mark.django_db]

PRINT_LIST = "/admin/crm/printed-packs/"
ADDRESS = "12 Orchard Way\nBearsted\nMaidstone"


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def medway_worker(crm_reference):
    return staff_member("medway.worker", council="medway", first_name="Mo", last_name="Medway")


def ask(client, household, **fields):
    data = {"pack-name": "Alex Morgan", "pack-address": ADDRESS, "pack-postcode": "me14 4ab", **fields}
    return client.post(household_url(household, "pack"), data)


def test_a_worker_puts_a_printed_pack_on_the_print_list_and_it_is_shown_on_the_record(client, worker):
    household = make_household()
    client.force_login(worker.user)

    response = ask(client, household)

    assert response.status_code == 302
    assert flash(response) == "The printed pack is on the print list."
    pack = PrintedPack.objects.get(household=household)
    assert (pack.address, pack.postcode, pack.requested_by) == (ADDRESS, "ME14 4AB", worker.user)
    assert pack.envelope == ["Alex Morgan", "12 Orchard Way", "Bearsted", "Maidstone", "ME14 4AB"]
    page = client.get(household_url(household))
    assert "On the print list since" in page.content.decode()
    assert "pack" not in {name for name, _title, _form in page.context["actions"]}
    assert household.timeline.filter(summary="Printed information pack put on the print list").exists()


def test_the_form_starts_with_the_name_and_postcode_already_known(client, worker):
    household = make_household(first_name="Jo", last_name="Banks", postcode="ME14 1XX")
    client.force_login(worker.user)

    form = {name: form for name, _title, form in client.get(household_url(household)).context["actions"]}[
        "pack"
    ]

    assert form.initial == {"name": "Jo Banks", "postcode": "ME14 1XX"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"pack-address": "  "}, "address", "Give the address to post the pack to."),
        ({"pack-postcode": "ME14"}, "postcode", "Enter a full UK postcode, like ME14 1XX."),
        ({"pack-postcode": ""}, "postcode", "Give the postcode: the pack cannot be posted without it."),
        (
            {"pack-address": "\n".join("abcdefg")},
            "address",
            "An envelope has room for 6 address lines; this has 7.",
        ),
    ],
)
def test_a_mistake_is_said_beside_the_form_with_what_was_typed_kept(client, worker, fields, field, message):
    household = make_household()
    client.force_login(worker.user)

    response = ask(client, household, **fields)

    assert response.status_code == 200
    form = response.context["failed"][0][2]
    assert form.errors[field] == [message]
    assert form["name"].value() == "Alex Morgan"
    assert not PrintedPack.objects.exists()


def test_a_second_pack_while_one_waits_is_refused_and_says_when_the_first_was_asked_for(worker):
    household = make_household()
    printed_pack_request(household=household, name="A", address=ADDRESS, postcode="ME14 4AB", by=worker.user)

    with pytest.raises(PipelineError, match="already on the print list"):
        printed_pack_request(
            household=household, name="A", address=ADDRESS, postcode="ME14 4AB", by=worker.user
        )
    assert PrintedPack.objects.count() == 1


def test_the_print_list_shows_only_the_packs_of_households_the_person_may_see(client, worker, medway_worker):
    kent = make_household(first_name="Kit", postcode="ME14 1XX", n=1)
    medway = make_household(first_name="Mel", postcode="ME4 4AA", n=2)
    printed_pack_request(
        household=kent, name="Kit Morgan", address=ADDRESS, postcode="ME14 4AB", by=worker.user
    )
    printed_pack_request(
        household=medway,
        name="Mel Morgan",
        address="1 Dock Road\nChatham",
        postcode="ME4 4AA",
        by=medway_worker.user,
    )
    client.force_login(worker.user)

    page = client.get(PRINT_LIST).content.decode()

    assert "Kit Morgan" in page and "12 Orchard Way" in page
    assert "Mel Morgan" not in page and "Dock Road" not in page


def test_marking_packs_posted_records_them_once_and_each_is_a_touch_on_the_information_packs_channel(
    client, worker, medway_worker, django_capture_on_commit_callbacks
):
    kent = make_household(postcode="ME14 1XX", n=1)
    medway = make_household(postcode="ME4 4AA", n=2)
    own = printed_pack_request(household=kent, name="K", address=ADDRESS, postcode="ME14 4AB", by=worker.user)
    other = printed_pack_request(
        household=medway, name="M", address=ADDRESS, postcode="ME4 4AA", by=worker.user
    )
    client.force_login(worker.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PRINT_LIST, {"pack": [own.pk, other.pk]})

    assert flash(response) == "1 printed pack marked as posted."
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.posted_by == worker.user and own.posted_at is not None
    assert other.posted_at is None  # another council's pack: ignored, not posted
    touch = Touchpoint.objects.get(household=kent, kind=Touchpoint.Kind.PACK_POSTED)
    assert (touch.channel.slug, touch.phase, touch.occurred_at) == ("information-packs", 2, own.posted_at)
    assert kent.timeline.filter(
        kind=TimelineEntry.Kind.EMAIL, summary="Printed information pack posted"
    ).exists()
    assert AuditEvent.objects.filter(
        household_id=kent.pk, object_type="printedpack", object_id=own.pk
    ).exists()

    again = client.post(PRINT_LIST, {"pack": [own.pk]})
    assert flash(again) == "Those packs were already marked as posted."
    assert Touchpoint.objects.filter(kind=Touchpoint.Kind.PACK_POSTED).count() == 1
    assert (
        flash(client.post(PRINT_LIST, {})) == "Tick the packs you have posted, then press “Mark as posted”."
    )
    # With it posted, another printed pack may be asked for.
    assert "pack" in {name for name, _t, _f in client.get(household_url(kent)).context["actions"]}


def test_a_posted_pack_whose_signal_was_missed_is_caught_up_once_by_the_reconcile_job(worker):
    household = make_household()
    pack = printed_pack_request(
        household=household, name="A", address=ADDRESS, postcode="ME14 4AB", by=worker.user
    )
    printed_packs_mark_posted(user=worker.user, pack_ids=[pack.pk])  # its on-commit signal never runs here

    touchpoints_reconcile()
    touchpoints_reconcile()

    assert Touchpoint.objects.filter(household=household, kind=Touchpoint.Kind.PACK_POSTED).count() == 1
    assert SyncCursor.objects.get(name="printed_packs").last_time is not None


def test_the_addresses_download_for_labels_is_audited_and_safe_for_a_spreadsheet(client, worker):
    household = make_household()
    printed_pack_request(
        household=household, name="=HYPERLINK(1)", address=ADDRESS, postcode="ME14 4AB", by=worker.user
    )
    client.force_login(worker.user)

    response = client.get(PRINT_LIST, {"format": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith(
        f"{household.reference},'=HYPERLINK(1),12 Orchard Way,Bearsted,Maidstone,,,,ME14 4AB,"
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, household_id=household.pk).exists()


def test_the_address_is_in_subject_access_and_erasure_removes_it(worker):
    manager = staff_member("privacy.manager", role="manager", council=None)
    household = make_household(email="alex@example.com")
    posted = printed_pack_request(
        household=household, name="Alex", address=ADDRESS, postcode="ME14 4AB", by=worker.user
    )
    printed_packs_mark_posted(user=worker.user, pack_ids=[posted.pk])
    printed_pack_request(
        household=household, name="Alex", address="2 New Street", postcode="ME14 4AB", by=worker.user
    )
    _, person = person_for_anchor(key=f"household-{household.pk}")

    rows = person_record(person)["Printed information packs"]
    assert sorted(row["Address"] for row in rows) == ["12 Orchard Way\nBearsted\nMaidstone", "2 New Street"]

    household_close(household=household, reason="lost_contact", by=worker.user)
    person_erase(person=person, by=manager.user, reason="Asked to be forgotten")

    assert list(PrintedPack.objects.values_list("name", "address", "postcode")) == [
        ("Anonymised", "", "ME14")
    ]

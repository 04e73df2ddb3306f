"""The household page: its actions in groups with the likely next one first, and a timeline that reads once."""

import re

import pytest

from crm.models import TimelineEntry
from crm.services import household_add_note, household_close, household_log_call
from tests.crm.test_admin_screens import household_url, make_household
from tests.factories import staff_member


@pytest.fixture
def worker(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker.user)
    return client


def groups(response) -> list[tuple[str, bool, list[str]]]:
    return [
        (group["title"], group["open"], [name for name, _title, _form in group["actions"]])
        for group in response.context["action_groups"]
    ]


@pytest.mark.django_db
def test_a_new_enquiry_opens_on_contact_with_every_other_group_folded(worker_client):
    household = make_household()

    response = worker_client.get(household_url(household))

    assert groups(response) == [
        ("Contact", True, ["call", "assign"]),
        ("Move on", False, ["advance", "flags"]),
        ("Notes and messages", False, ["note", "message"]),
        ("Documents", False, ["document"]),
        ("Information pack", False, ["pack"]),
        ("Timescale", False, ["extend"]),
        ("Close or reopen", False, ["close"]),
        ("Merge", False, ["merge"]),
    ]
    page = response.content.decode()
    assert len(re.findall(r"<details class=\"crm-action-group", page)) == 8
    assert (
        len(re.findall(r"<details class=\"crm-action-group crm-disclosure\" id=\"actions-\w+\" open>", page))
        == 1
    )


@pytest.mark.django_db
def test_once_they_have_been_called_moving_on_comes_first(worker_client, worker):
    household = make_household()
    household_log_call(household=household, by=worker.user, reached=True, summary="Talked")

    assert groups(worker_client.get(household_url(household)))[0] == ("Move on", True, ["advance", "flags"])


@pytest.mark.django_db
def test_a_closed_case_opens_on_reopening_it(worker_client, worker):
    household = make_household()
    household_close(household=household, reason="lost_contact", by=worker.user)

    assert groups(worker_client.get(household_url(household)))[0] == ("Close or reopen", True, ["reopen"])


@pytest.mark.django_db
def test_a_form_with_a_problem_is_shown_open(worker_client):
    household = make_household()

    response = worker_client.post(household_url(household, "close"), {"close-reason": ""})

    assert response.status_code == 200
    found = {title: is_open for title, is_open, _names in groups(response)}
    assert found["Close or reopen"] is True and found["Contact"] is True


@pytest.mark.django_db
def test_a_notes_first_line_shows_once_in_the_timeline(worker_client, worker):
    household = make_household()
    household_add_note(
        household=household, by=worker.user, text="Rang the GP surgery\r\nThey will send it on Monday"
    )

    page = worker_client.get(household_url(household)).content.decode()

    timeline = page[page.index('<ol class="crm-timeline">') : page.index("</ol>", page.index("crm-timeline"))]
    assert timeline.count("Rang the GP surgery") == 1
    assert "They will send it on Monday" in timeline
    note = TimelineEntry.objects.get(household=household, kind="note")
    assert note.body.startswith("Rang the GP surgery")  # the note is kept whole


@pytest.mark.django_db
def test_answers_that_were_not_given_show_nothing(worker_client):
    household = make_household(household_type="couple")

    page = worker_client.get(household_url(household)).content.decode()

    assert "Not asked" not in page and "Not said" not in page and ">None<" not in page
    assert "<dt>Adopting</dt><dd>As a couple</dd>" in page
    for label in ("Children at home", "Interested in", "Best time to call"):
        assert f"<dt>{label}</dt>" not in page

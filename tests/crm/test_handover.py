"""Handing approved adopters over to the children's case system: who is in the file, its columns and codes.

The history is ``tests/crm/insight_history.py``: Ada (Kent, Kim Kent, approved 11 Aug 2025) and Gus
(Medway, Mo Medway, fast track, approved 8 Jul 2025) are the approved adopters.
"""

import csv
import dataclasses
import datetime as dt
import io

from django.http import Http404

import pytest
from openpyxl import load_workbook

from crm.handover import HANDOVER, handover_approved
from crm.models import AuditEvent, Household
from tests.crm.insight_history import history_make

SCREEN = "/admin/insight/handover/"
YEAR = {"date_from": "2025-01-01", "date_to": "2025-12-31"}


@pytest.fixture
def history(db):
    return history_make()


def test_approved_adopters_in_the_dates_oldest_first_with_their_key_dates(history):
    found = handover_approved(
        user=history.manager.user, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)
    )

    gus, ada = (found.coded(row) for row in found.rows)
    columns = [name for _, name in HANDOVER.columns]
    assert dict(zip(columns, ada, strict=True)) == {
        "ExternalRef": history.households["Ada"].reference,
        "ResponsibleLA": "KCC",
        "Applicant1Forename": "Ada",
        "Applicant1Surname": history.households["Ada"].last_name,
        "Applicant2Forename": "",
        "Applicant2Surname": "",
        "HouseholdType": HANDOVER.household_types.get(history.households["Ada"].household_type, ""),
        "Email": history.households["Ada"].email,
        "Phone": history.households["Ada"].phone,
        "Postcode": history.households["Ada"].postcode,
        "AllocatedWorker": "Kim Kent",
        "EnquiryDate": dt.date(2025, 1, 6),
        "ROIDate": dt.date(2025, 2, 3),
        "Stage1StartDate": dt.date(2025, 2, 10),
        "Stage2StartDate": dt.date(2025, 4, 7),
        "PanelDate": dt.date(2025, 8, 4),
        "ApprovalDate": dt.date(2025, 8, 11),
        "FastTrack": "N",
        "EarlyPermanence": "N",
    }
    assert gus[columns.index("ResponsibleLA")] == "MDW"
    assert gus[columns.index("FastTrack")] == "Y"
    assert gus[columns.index("Stage1StartDate")] == ""  # fast track: no stage one
    assert gus[columns.index("AllocatedWorker")] == "Mo Medway"


def test_only_those_approved_between_the_dates_and_still_open(history):
    def references(date_from, date_to):
        found = handover_approved(user=history.manager.user, date_from=date_from, date_to=date_to)
        return [row.values["reference"] for row in found.rows]

    assert references(dt.date(2025, 8, 1), dt.date(2025, 8, 31)) == [history.households["Ada"].reference]
    assert references(dt.date(2025, 7, 8), dt.date(2025, 7, 8)) == [history.households["Gus"].reference]
    assert references(dt.date(2025, 9, 1), dt.date(2025, 12, 31)) == []

    Household.objects.filter(pk=history.households["Ada"].pk).update(
        closed_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    )
    assert references(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == [history.households["Gus"].reference]


def test_codes_come_from_the_one_mapping(history):
    template = dataclasses.replace(
        HANDOVER,
        columns=(("reference", "Ref"), ("council", "LA")),
        councils={**HANDOVER.councils, "kent": "886"},
    )
    found = handover_approved(
        user=history.manager.user, date_from=dt.date(2025, 8, 1), date_to=dt.date(2025, 8, 31)
    )
    found.template = template

    assert found.header == ["Ref", "LA"]
    assert list(found.coded_rows()) == [[history.households["Ada"].reference, "886"]]


def test_only_managers_may_have_it(history):
    with pytest.raises(Http404):
        handover_approved(
            user=history.kent_worker.user, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)
        )


def test_the_downloads_hold_the_rows_in_the_case_systems_format_and_are_audited(client, history):
    client.force_login(history.manager.user)

    response = client.get(SCREEN, {**YEAR, "download": "csv", "table": "handover"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [name for _, name in HANDOVER.columns]
    assert [row[0] for row in rows[1:]] == [
        history.households["Gus"].reference,
        history.households["Ada"].reference,
    ]
    assert rows[2][rows[0].index("ApprovalDate")] == "11/08/2025"
    carried = AuditEvent.objects.filter(action="export", object_type="household")
    assert sorted(carried.values_list("household_id", flat=True)) == sorted(
        [history.households["Ada"].pk, history.households["Gus"].pk]
    )

    response = client.get(SCREEN, {**YEAR, "download": "xlsx", "table": "handover"})
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert values[2][values[0].index("ApprovalDate")] == dt.datetime(2025, 8, 11)

    screen = client.get(SCREEN, YEAR).content.decode()
    assert "2 approved adopters." in screen
    assert "What each column holds" in screen and "AllocatedWorker" in screen


def test_a_worker_gets_nothing(client, history):
    client.force_login(history.kent_worker.user)

    assert client.get(SCREEN, YEAR).status_code == 404
    assert client.get(SCREEN, {**YEAR, "download": "csv", "table": "handover"}).status_code == 404

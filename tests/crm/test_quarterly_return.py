"""The adopter-level quarterly return: who is in it, the dates and codes it gives, and the rows it cannot complete.

The history is ``tests/crm/insight_history.py``. Q1 of the 2025-26 collection year runs from
1 April to 30 June 2025.
"""

import csv
import dataclasses
import datetime as dt
import io

from django.http import Http404

import pytest
from openpyxl import load_workbook

from crm.models import AuditEvent, Household
from crm.quarterly_return import TEMPLATE, Quarter, quarter_choices, quarterly_return
from tests.crm.insight_history import day, history_make, household_make
from tests.factories import UserFactory

Q1 = Quarter(2025, 1)
RETURN = "/admin/insight/quarterly-return/"


@pytest.fixture
def history(db):
    return history_make()


def by_reference(found) -> dict[str, list]:
    return {row.values["reference"]: found.coded(row) for row in found.rows}


def test_quarters_follow_the_collection_year():
    assert (Q1.first_day, Q1.last_day) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert Quarter(2025, 4).first_day == dt.date(2026, 1, 1)
    assert Quarter.containing(dt.date(2026, 3, 31)) == Quarter(2025, 4)
    assert Quarter.containing(dt.date(2026, 4, 1)) == Quarter(2026, 1)
    assert Quarter.parse("2025-Q1") == Q1
    assert Quarter.parse("2025-Q5") is None
    assert Q1.label == "Q1 2025-26: 1 April 2025 to 30 June 2025"
    assert quarter_choices(dt.date(2025, 5, 1), count=3) == [
        ("2025-Q1", Q1.label),
        ("2024-Q4", Quarter(2024, 4).label),
        ("2024-Q3", Quarter(2024, 3).label),
    ]


def test_one_row_per_household_active_in_the_quarter_with_its_dates_and_codes(history):
    found = quarterly_return(user=history.manager.user, quarter=Q1)
    ref = {name: household.reference for name, household in history.households.items()}

    assert found.header == [
        "AdopterID",
        "LACode",
        "EnquiryDate",
        "ROIDate",
        "Stage1StartDate",
        "Stage1DecisionDate",
        "Stage2StartDate",
        "PanelDate",
        "ApprovalDate",
        "WithdrawalDate",
        "WithdrawalReason",
        "FastTrack",
        "EarlyPermanence",
        "NumberOfEnquiries",
    ]
    d = lambda month, date: dt.date(2025, month, date)  # noqa: E731
    # Ben and Fay closed before April; Hal's duplicate was merged; Ivy and Jo enquired later. Only
    # what had happened by 30 June counts: Ada's panel and Gus's panel come after it.
    assert by_reference(found) == {
        ref["Ada"]: [ref["Ada"], "886", d(1, 6), d(2, 3), d(2, 10), d(4, 7), d(4, 7), None, None, None, "", "0", "0", 2],
        ref["Cat"]: [ref["Cat"], "887", d(1, 15), d(2, 10), d(2, 24), d(4, 10), None, None, None, d(4, 10), "A2", "0", "0", 1],
        ref["Dev"]: [ref["Dev"], "303", d(1, 20), None, None, None, None, None, None, None, "", "0", "0", 1],
        ref["Eve"]: [ref["Eve"], "886", d(2, 3), d(3, 3), d(3, 6), d(6, 9), None, None, None, None, "", "0", "1", 1],
        ref["Gus"]: [ref["Gus"], "887", d(2, 12), d(2, 20), None, None, d(3, 3), None, None, None, "", "1", "0", 1],
        ref["Hal"]: [ref["Hal"], "886", d(4, 7), None, None, None, None, None, None, None, "", "0", "0", 1],
    }  # fmt: skip
    assert found.incomplete == []
    # Within the quarter itself: Hal enquired; Ada, Cat and Eve had stage one decisions; Ada started
    # stage two; Cat's case was closed.
    assert found.counts_in_quarter() == {
        "enquiry_date": 1,
        "roi_date": 0,
        "stage_one_start": 0,
        "stage_one_decision": 3,
        "stage_two_start": 1,
        "panel_date": 0,
        "approval_date": 0,
        "withdrawal_date": 1,
    }


def test_a_later_quarter_sees_the_later_dates(history):
    found = quarterly_return(user=history.manager.user, quarter=Quarter(2025, 2))
    rows = by_reference(found)

    ada = rows[history.households["Ada"].reference]
    assert ada[7:9] == [dt.date(2025, 8, 4), dt.date(2025, 8, 11)]
    # Cat was closed in the quarter before, so she is no longer active.
    assert history.households["Cat"].reference not in rows


def test_rows_that_cannot_be_completed_are_listed_with_the_reason(history):
    outside = household_make("Out", "elsewhere", day(5, 2))
    undated = household_make("Pat", "kent", day(5, 5), moves={"panel": day(6, 2)})
    duplicate = household_make("Dup", "kent", day(5, 6), closed=(day(5, 7), "duplicate"))
    no_enquiry = household_make("Nia", "bexley", day(5, 8))
    no_enquiry.enquiries.all().delete()

    found = quarterly_return(user=history.manager.user, quarter=Q1)

    problems = {row.values["reference"]: row.problems for row in found.incomplete}
    assert problems == {
        outside.reference: [
            "The household is not in Kent, Medway or Bexley, so it has no local authority code: check the "
            "postcode, or close the case as moved out of area."
        ],
        undated.reference: ["A panel date is recorded but no start of stage two."],
        duplicate.reference: [
            "“Duplicate record” has no code in the national template: merge the record into the one it "
            "duplicates."
        ],
        no_enquiry.reference: ["No enquiry is recorded for this household."],
    }
    assert len(list(found.coded_rows())) == 6  # the complete rows only


def test_dates_out_of_order_are_listed(history):
    household = household_make(
        "Ola", "medway", day(5, 2), moves={"registration_of_interest": day(5, 3), "roi_accepted": day(5, 4)}
    )
    Household.objects.filter(pk=household.pk).update(first_enquiry_at=day(5, 20))

    found = quarterly_return(user=history.manager.user, quarter=Q1)

    assert [row.problems for row in found.incomplete] == [
        ["Registration of interest (3 May 2025) is before enquiry (20 May 2025)."]
    ]


def test_codes_come_from_the_one_mapping(history):
    template = dataclasses.replace(
        TEMPLATE,
        columns=(
            ("reference", "ID"),
            ("council", "LA"),
            ("withdrawal_reason", "Reason"),
            ("fast_track", "FT"),
        ),
        councils={**TEMPLATE.councils, "medway": "M"},
        closure_reasons={**TEMPLATE.closure_reasons, "not_suitable_stage_one": "NS1"},
        yes="Y",
        no="N",
    )

    found = quarterly_return(user=history.manager.user, quarter=Quarter(2025, 1, template))

    assert found.header == ["ID", "LA", "Reason", "FT"]
    assert by_reference(found)[history.households["Cat"].reference] == [
        history.households["Cat"].reference,
        "M",
        "NS1",
        "N",
    ]
    assert by_reference(found)[history.households["Gus"].reference][3] == "Y"


def test_only_managers_may_have_the_return(history):
    with pytest.raises(Http404):
        quarterly_return(user=history.kent_worker.user, quarter=Q1)
    with pytest.raises(Http404):
        quarterly_return(user=UserFactory(username="someone"), quarter=Q1)


def test_the_downloads_hold_the_complete_rows_in_the_template_format(client, history):
    client.force_login(history.manager.user)

    response = client.get(RETURN, {"quarter": "2025-Q1", "download": "csv", "table": "return"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert (
        response["Content-Disposition"] == 'attachment; filename="adopter-level-quarterly-return-2025-q1.csv"'
    )
    assert rows[0] == [name for _, name in TEMPLATE.columns]
    cat = next(row for row in rows if row[0] == history.households["Cat"].reference)
    assert cat == [cat[0], "887", "15/01/2025", "10/02/2025", "24/02/2025", "10/04/2025", "", "", "", "10/04/2025", "A2", "0", "0", "1"]  # fmt: skip
    assert len(rows) == 7
    # The download is in the audit trail once, and once for each household it carried.
    exported = AuditEvent.objects.filter(action="export")
    assert exported.filter(object_type="export").count() == 1
    carried = exported.filter(object_type="household")
    assert sorted(carried.values_list("household_id", flat=True)) == sorted(
        Household.objects.filter(pk__in=[int(row[0][5:]) for row in rows[1:]]).values_list("pk", flat=True)
    )
    assert {(entry.username, entry.summary) for entry in carried} == {
        (history.manager.user.username, "Included in an export: Adopter-level quarterly return 2025-Q1 (CSV)")
    }

    response = client.get(RETURN, {"quarter": "2025-Q1", "download": "xlsx", "table": "return"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "2025-Q1"
    cat = next(row for row in values if row[0] == history.households["Cat"].reference)
    assert cat[2] == dt.datetime(2025, 1, 15) and cat[10] == "A2" and cat[13] == 1
    assert len(values) == 7

    screen = client.get(RETURN, {"quarter": "2025-Q1"})
    assert screen.status_code == 200
    assert "6 households active in Q1 2025-26" in screen.content.decode()


def test_the_screen_names_the_columns_not_confirmed_against_the_guidance(client, history):
    client.force_login(history.manager.user)

    body = client.get(RETURN, {"quarter": "2025-Q1"}).content.decode()

    unconfirmed = body.split('id="unconfirmed-columns"')[1].split("</ul>")[0]
    assert "<strong>AdopterID</strong>" in unconfirmed and "<strong>WithdrawalReason</strong>" in unconfirmed
    # The council codes are the Department for Education's, confirmed; so that column is not listed.
    assert "LACode" not in unconfirmed
    assert "Kent 886, Medway 887, Bexley 303" in body
    # Approval ended has no code in the template; a duplicate needs none (it is merged into the other row).
    uncoded = body.split('id="uncoded-reasons"')[1].split("</p>")[0]
    assert "Approval ended (annual review)" in uncoded and "Duplicate" not in uncoded


def test_a_column_confirmed_in_the_mapping_leaves_the_list():
    template = dataclasses.replace(TEMPLATE, confirmed={**TEMPLATE.confirmed, "reference": "checked"})

    names = [name for name, _ in template.unconfirmed_columns()]

    assert "AdopterID" not in names and "ROIDate" in names
    assert len(names) == len(TEMPLATE.columns) - 2

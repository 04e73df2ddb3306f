"""CSV and XLSX downloads: text that a spreadsheet would run as a formula is written as plain text;
numbers and dates stay numbers and dates."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import exports

DANGEROUS = [
    '=HYPERLINK("http://example.com","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
SAFE_TEXT = ["Kent recruitment team", "fewer than 5", "", "a=b", "Ben's - note"]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(exports.BOM)
    return list(csv.reader(io.StringIO(body.removeprefix(exports.BOM))))


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_that_could_start_a_formula_gets_an_apostrophe(value):
    assert exports.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", SAFE_TEXT)
def test_other_text_is_left_alone(value):
    assert exports.neutralise(value) == value


def test_csv_neutralises_formulas_in_headers_and_cells_and_keeps_numbers():
    response = exports.csv_response(
        title="Funnel =steps",
        header=["=Label", "Households", "Share"],
        rows=[
            [DANGEROUS[0], 12, 33.3],
            [DANGEROUS[1], -4, Decimal("-12.50")],
            [DANGEROUS[2], 0, None],
            [DANGEROUS[3], 7, dt.date(2025, 4, 7)],
            [DANGEROUS[4], 1, True],
            [DANGEROUS[5], 2, "fewer than 5"],
        ],
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="funnel-steps.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["'=Label", "Households", "Share"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    # Negative numbers are numbers, not formulas: written bare, so a spreadsheet reads them as numbers.
    assert [row[1:] for row in rows[1:]] == [
        ["12", "33.3"],
        ["-4", "-12.50"],
        ["0", ""],
        ["7", "2025-04-07"],
        ["1", "Yes"],
        ["2", "fewer than 5"],
    ]


def test_csv_writes_dates_in_the_format_asked_for():
    response = exports.csv_response(
        title="Return", header=["Date"], rows=[[dt.date(2025, 4, 7)]], date_format="%d/%m/%Y"
    )
    assert csv_rows(response)[1] == ["07/04/2025"]


def test_a_long_csv_streams_in_pieces():
    lines = list(exports.csv_lines(["n"], ([number] for number in range(100_000))))
    assert len(lines) > 3
    assert "".join(lines).count("\n") == 100_001


def test_xlsx_neutralises_formulas_and_keeps_numbers_and_dates():
    response = exports.xlsx_response(
        title="Workload",
        sheets=[
            exports.Sheet(
                "Open cases: by team [all]",
                ["=Team", "Open", "Share", "Since"],
                [
                    [DANGEROUS[0], 12, 33.3, dt.date(2025, 1, 6)],
                    [DANGEROUS[1], -4, Decimal("12.50"), dt.datetime(2025, 1, 6, 10, 30, tzinfo=dt.UTC)],
                    [DANGEROUS[2], 0, None, None],
                    [DANGEROUS[3], 7, "fewer than 5", None],
                    [DANGEROUS[4], 1, True, None],
                    [DANGEROUS[5], 2, "not shown", None],
                ],
            ),
            exports.Sheet("Open cases: by team [all]", ["Again"], [["x"]]),
        ],
    )

    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="workload.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    # Excel's rules for sheet names: at most 31 characters, none of []:*?/\ and no two alike.
    assert workbook.sheetnames == ["Open cases  by team  all", "Open cases  by team  all (2)"]
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == ["'=Team", "Open", "Share", "Since"]
    cells = list(sheet.iter_rows(min_row=2))
    for row, value in zip(cells, DANGEROUS, strict=True):
        # XML stores a carriage return as a line feed; either way the cell starts with the apostrophe.
        assert row[0].value == "'" + value.replace("\r", "\n")
        assert row[0].data_type == "s"  # text, never "f" (a formula)
    assert [row[1].value for row in cells] == [12, -4, 0, 7, 1, 2]
    assert all(row[1].data_type == "n" for row in cells)
    assert [row[2].value for row in cells] == [33.3, 12.5, None, "fewer than 5", "Yes", "not shown"]
    assert cells[0][3].value == dt.datetime(2025, 1, 6)
    assert cells[0][3].is_date and cells[0][3].number_format == exports.DATE_FORMAT
    assert cells[1][3].value == dt.datetime(2025, 1, 6, 10, 30)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)

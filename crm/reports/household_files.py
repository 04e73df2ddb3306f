"""A download that names households (the quarterly return, the handover file): audited, then written.

The audit trail gets one entry for the file and one for each household it carries, before a byte is
sent; the rows are written in the file's own date format (CSV) or as real dates (XLSX).
"""

from core import exports
from crm.services.privacy import audit_export


def household_file_response(
    *, request, title: str, kind: str, sheet: str, header, rows, household_ids, date_format: str
):
    household_ids = list(household_ids)
    audit_export(
        request=request,
        what=f"{title} ({kind.upper()})",
        rows=len(household_ids),
        household_ids=household_ids,
    )
    if kind == "csv":
        return exports.csv_response(title=title, header=header, rows=rows, date_format=date_format)
    return exports.xlsx_response(title=title, sheets=[exports.Sheet(sheet, header, rows)])

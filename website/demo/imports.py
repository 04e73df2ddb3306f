"""Old records moved in from Bexley's and Medway's spreadsheets, so Enquiries → Old records has a run to show.

Imported through the same service as the admin screen and the command, so the households, their stage history
and the run's counts are exactly what a real import makes; one row is refused to show a refusal's wording.
"""

import tablib

from crm.models import ImportedRecord
from crm.services.imports import records_import

FILE_NAME = "bexley-medway-adopters.csv"
ROWS = """Reference,First name,Last name,Partner's first name,Partner's last name,Email,Phone,Postcode,Council,Enquiry date,Initial conversation date,Information event date,Registration of interest date,ROI accepted date,Stage one start date,Stage two start date,Panel date,Approval date,Closure date,Closure reason
BX-0412,Dami,Adeyemi,Tom,Adeyemi,dami.adeyemi@example.com,07700 903412,DA7 4AA,Bexley,14/03/2019,21/03/2019,10/04/2019,02/05/2019,09/05/2019,03/06/2019,12/08/2019,27/01/2020,27/01/2020,,
BX-0433,Helen,Marsh,,,helen.marsh@example.com,07700 903433,DA6 8AA,Bexley,02/09/2020,10/09/2020,,,,,,,,30/10/2020,Lost contact
MW-1187,Kate,Fielding,Rob,Fielding,kate.fielding@example.com,07700 901187,ME4 4AA,Medway,18/01/2021,25/01/2021,17/02/2021,03/03/2021,10/03/2021,05/04/2021,,,,,
MW-1190,Lee,Ward,,,lee.ward@example.com,07700 901190,ME5 7AA,Medway,30/02/2021,,,,,,,,,,
"""


def demo_imports_load() -> int:
    """Import the demo file once; returns how many households it made."""
    if ImportedRecord.objects.exists():
        return 0
    dataset = tablib.Dataset().load(ROWS, format="csv")
    report = records_import(dataset=dataset, file_name=FILE_NAME, by=None, commit=True)
    return report.importable


def demo_imported_household_ids() -> list[int]:
    """The households the demo's old records made or joined."""
    return sorted(set(ImportedRecord.objects.exclude(household=None).values_list("household_id", flat=True)))

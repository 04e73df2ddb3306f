"""Moving the councils' old records in: the dry-run report, the import, importing twice, nothing sent."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

import pytest

from campaigns.models import Credit, MailchimpSync, Touchpoint
from crm.imports import COLUMNS, row_read
from crm.models import (
    AuditEvent,
    Enquiry,
    Household,
    ImportedRecord,
    ImportRun,
    JourneyDates,
    SideEffect,
    Source,
    StageChange,
    TimelineEntry,
)
from crm.services import enquiry_create
from crm.services.imports import ImportFileError, dataset_read, records_import
from tests.factories import enquiry_details, staff_member

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Reference,First name,Last name,Partner's first name,Partner's last name,Email,Phone,Postcode,Council,"
    "Service,Enquiry date,Initial conversation date,Information event date,Registration of interest date,"
    "ROI accepted date,Stage one start date,Stage two start date,Panel date,Approval date,Closure date,"
    "Closure reason"
)
# Two good rows (an approved Bexley couple; a Medway enquirer who withdrew), a person the CRM already
# knows (Alex Morgan, alex@example.com), a date that does not exist and a formula in a name.
ROWS = [
    "B-1001,Jo,Baker,Sam,Baker,jo.baker@example.com,07700 900001,DA7 4AA,Bexley,,12/03/2019,20/03/2019,"
    "15/04/2019,01/05/2019,10/05/2019,01/06/2019,15/08/2019,20/01/2020,20/01/2020,,",
    "M-2002,Priya,Shah,,,priya@example.com,,ME4 4AA,Medway,Adopting a child,2021-06-01,2021-06-10,,,,,,,,"
    "2021-09-01,Withdrew: finances",
    "B-1003,Alex,Morgan,,,ALEX@example.com,,DA7 4AA,Bexley,,05/02/2020,,,,,,,,,,",
    "B-1004,Chris,Lee,,,chris@example.com,,DA7 4AA,Bexley,,31/02/2020,,,,,,,,,,",
    'B-1005,"=HYPERLINK(""http://x.example"")",Evans,,,evans@example.com,,DA7 4AA,Bexley,,01/03/2020,,,,,,,,,,',
]
DRY_RUN_REPORT = [
    "Dry run (nothing saved): old-bexley-medway.csv",
    "Row 2 (B-1001): Created. New household at approved.",
    "Row 3 (M-2002): Created. New household at initial conversation, closed: Withdrew: finances.",
    "Row 4 (B-1003): Joined. The same email or phone as {alex}: its old enquiry is added; its stages are not.",
    'Row 5 (B-1004): Refused. Enquiry date "31/02/2020" is not a date: write it as 31/01/2024 or 2024-01-31.',
    'Row 6 (B-1005): Refused. First name starts with "=", which a spreadsheet runs as a formula: correct it '
    "in the old system's file.",
    "Created: 2, Joined: 1, Refused: 2, Already imported: 0, Changed since imported: 0",
]


def csv_file(rows=ROWS) -> bytes:
    return "\n".join([HEADINGS, *rows]).encode()


@pytest.fixture
def manager():
    return staff_member("imports.manager", role="manager", council=None).user


@pytest.fixture
def alex(django_capture_on_commit_callbacks):
    household = enquiry_create(source=Source.WEB, details=enquiry_details()).household
    SideEffect.objects.all().delete()
    return household


def run(content: bytes, *, by, commit: bool, name="old-bexley-medway.csv"):
    return records_import(
        dataset=dataset_read(content=content, file_name=name), file_name=name, by=by, commit=commit
    )


def test_the_dry_run_reports_every_row_and_saves_nothing(manager, alex):
    households = Household.objects.count()

    report = run(csv_file(), by=manager, commit=False)

    assert report.lines() == [line.format(alex=alex.reference) for line in DRY_RUN_REPORT]
    assert Household.objects.count() == households
    assert not ImportedRecord.objects.exists()
    assert not Enquiry.objects.filter(source=Source.IMPORT).exists()
    dry = ImportRun.objects.get()
    assert (dry.committed, dry.by, dry.file_name, dry.rows, dry.created, dry.joined, dry.refused) == (
        False,
        manager,
        "old-bexley-medway.csv",
        5,
        2,
        1,
        2,
    )


def test_the_import_writes_the_good_rows_once_and_sends_nothing(
    manager, alex, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        report = run(csv_file(), by=manager, commit=True)

    assert report.counts == {"created": 2, "joined": 1, "refused": 2, "unchanged": 0, "changed": 0}
    baker = Household.objects.get(email="jo.baker@example.com")
    assert report.lines()[1] == f"Row 2 (B-1001): Created. New household at approved: {baker.reference}."
    assert (baker.stage, baker.council, baker.team.council, baker.assigned_to) == (
        "approved",
        "bexley",
        "bexley",
        None,
    )
    assert (baker.partner_first_name, baker.phone, baker.first_enquiry_at.date()) == (
        "Sam",
        "07700900001",
        dt.date(2019, 3, 12),
    )
    assert [change.to_stage for change in StageChange.objects.filter(household=baker)] == [
        "initial_conversation",
        "information_event",
        "registration_of_interest",
        "roi_accepted",
        "stage_one",
        "stage_two",
        "panel",
        "approved",
    ]
    shah = Household.objects.get(email="priya@example.com")
    assert (shah.stage, shah.closure_reason, shah.closed_at.date()) == (
        "initial_conversation",
        "withdrew_finances",
        dt.date(2021, 9, 1),
    )
    # The known person is joined, not made twice; their own stage is left alone.
    assert Household.objects.filter(email__iexact="alex@example.com").count() == 1
    alex.refresh_from_db()
    assert alex.stage == "enquiry"
    assert alex.enquiries.filter(source=Source.IMPORT).count() == 1
    # Nothing sent, nothing queued: no emails, no side effects, no Mailchimp, no enquiry touches.
    assert mailoutbox == [] and mail.outbox == []
    assert not SideEffect.objects.exists()
    assert not MailchimpSync.objects.exists()
    assert not Touchpoint.objects.filter(kind="enquiry", household=baker).exists()
    # The journeys are worked out again, and the campaigns app recorded the history's touches and credit.
    dates = JourneyDates.objects.get(household=baker)
    assert (dates.enquiry_on, dates.approved_on) == (dt.date(2019, 3, 12), dt.date(2020, 1, 20))
    assert Touchpoint.objects.filter(household=baker, kind="stage").count() == 6
    assert Credit.objects.filter(household=baker).exists()
    # Audit: the run, and an entry on each household's timeline and in the audit trail.
    assert ImportRun.objects.get(committed=True).created == 2
    assert TimelineEntry.objects.filter(
        household=alex, summary__contains="old records (reference B-1003)"
    ).exists()
    assert AuditEvent.objects.filter(
        household_id=baker.pk, summary__startswith="Created from a council's old records"
    ).exists()


def test_importing_the_same_file_twice_changes_nothing(manager, alex, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(csv_file(), by=manager, commit=True)
    counts = (
        Household.objects.count(),
        Enquiry.objects.count(),
        StageChange.objects.count(),
        TimelineEntry.objects.count(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        again = run(csv_file(), by=manager, commit=True)

    assert again.counts == {"created": 0, "joined": 0, "refused": 2, "unchanged": 3, "changed": 0}
    assert (
        Household.objects.count(),
        Enquiry.objects.count(),
        StageChange.objects.count(),
        TimelineEntry.objects.count(),
    ) == counts


def test_a_changed_row_is_reported_not_applied(manager, alex, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(csv_file(), by=manager, commit=True)
    changed = [ROWS[0].replace("Jo,Baker", "Joanne,Baker")]

    report = run(csv_file(changed), by=manager, commit=True)

    baker = Household.objects.get(email="jo.baker@example.com")
    assert report.rows[0].outcome == "changed"
    assert f"Update {baker.reference} by hand" in report.rows[0].detail
    assert baker.first_name == "Jo"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"Reference": ""}, "Reference is empty: every row needs one."),
        ({"Council": "Surrey"}, 'Council "Surrey" is not Kent, Medway or Bexley.'),
        ({"Last name": "@SUM(A1)"}, 'Last name starts with "@", which a spreadsheet runs as a formula'),
        ({"Last name": "-2+3"}, 'Last name starts with "-"'),
        (
            {"Enquiry date": "10/05/2020", "Initial conversation date": "01/05/2020"},
            "Initial conversation date 01/05/2020 is before the enquiry date 10/05/2020: the dates are out of order.",
        ),
        (
            {"Stage one start date": "01/06/2020"},
            "A household cannot move from enquiry straight to stage one: the date of a stage between them is missing.",
        ),
        ({"Closure date": "01/06/2020"}, "A closure date and a closure reason go together"),
        ({"Enquiry date": "01/01/2099"}, "Enquiry date 01/01/2099 is in the future."),
        ({"Email": "not-an-address"}, 'Email "not-an-address" is not an email address.'),
    ],
)
def test_a_row_is_refused_with_its_reason(cells, reason):
    row = {"Reference": "K-1", "First name": "Jo", "Council": "Kent", "Enquiry date": "01/05/2020", **cells}

    with pytest.raises(Exception) as refused:
        row_read(row)

    assert reason in " ".join(refused.value.messages)


def test_a_phone_number_with_a_country_code_is_not_a_formula():
    row = row_read(
        {
            "Reference": "K-1",
            "First name": "Jo",
            "Council": "kent",
            "Enquiry date": "2020-05-01",
            "Phone": "+44 7700 900123",
        }
    )

    assert (row.council, row.enquiry_on, row.phone) == ("kent", dt.date(2020, 5, 1), "07700900123")


def test_a_file_without_the_required_columns_is_refused_whole(manager):
    dataset = dataset_read(content=b"Name,Email\nJo,jo@example.com\n", file_name="wrong.csv")

    with pytest.raises(ImportFileError, match="no Reference, First name, Council, Enquiry date column"):
        records_import(dataset=dataset, file_name="wrong.csv", by=manager)


def test_an_xlsx_file_is_read_and_its_formulas_refused(manager):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([column.header for column in COLUMNS])
    sheet.append(
        [
            "K-7",
            "Robin",
            "Hart",
            None,
            None,
            "robin@example.com",
            None,
            "ME14 1XX",
            "Kent",
            None,
            dt.datetime(2022, 4, 1),
        ]
    )
    sheet.append(
        [
            "K-8",
            "=A2",
            "Hart",
            None,
            None,
            "other@example.com",
            None,
            "ME14 1XX",
            "Kent",
            None,
            dt.datetime(2022, 4, 1),
        ]
    )
    content = StringIO()  # openpyxl writes bytes; keep the name for the type
    from io import BytesIO

    content = BytesIO()
    book.save(content)

    report = records_import(
        dataset=dataset_read(content=content.getvalue(), file_name="kent.xlsx"),
        file_name="kent.xlsx",
        by=manager,
    )

    assert [row.outcome for row in report.rows] == ["created", "refused"]
    assert report.rows[1].detail.startswith('First name starts with "="')


def test_the_command_prints_the_same_report_and_imports_only_with_commit(
    tmp_path, alex, django_capture_on_commit_callbacks
):
    path = tmp_path / "old-bexley-medway.csv"
    path.write_bytes(csv_file())
    out = StringIO()

    call_command("import_records", str(path), stdout=out)

    assert out.getvalue().splitlines()[: len(DRY_RUN_REPORT)] == [
        line.format(alex=alex.reference) for line in DRY_RUN_REPORT
    ]
    assert not ImportedRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_records", str(path), "--commit", stdout=StringIO())
    assert ImportedRecord.objects.count() == 3


# The admin screen ------------------------------------------------------------------------------


def test_a_manager_uploads_a_file_sees_the_dry_run_and_imports(
    client, manager, alex, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(manager)
    page = client.get(reverse("crm_imports"))
    assert page.status_code == 200

    upload = SimpleUploadedFile("old-bexley-medway.csv", csv_file(), content_type="text/csv")
    dry = client.post(reverse("crm_imports"), {"file": upload})

    assert dry.status_code == 200
    html = dry.content.decode()
    assert "Dry run" in html and "B-1004" in html and "is not a date" in html
    assert not ImportedRecord.objects.exists()
    token = dry.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("crm_imports_commit"), {"token": token, "file_name": "old-bexley-medway.csv"}
        )
    assert done.status_code == 200
    assert ImportedRecord.objects.count() == 3
    assert "3 rows imported" in done.content.decode()


def test_the_screen_is_a_404_for_a_worker(client):
    worker = staff_member("imports.worker", council="bexley").user
    client.force_login(worker)

    assert client.get(reverse("crm_imports")).status_code == 404
    assert client.post(reverse("crm_imports_commit"), {"token": "x"}).status_code == 404


def test_subject_access_names_the_old_record(manager, alex, django_capture_on_commit_callbacks):
    from crm.selectors.privacy import person_for_anchor
    from crm.selectors.subject_access import person_record

    with django_capture_on_commit_callbacks(execute=True):
        run(csv_file(), by=manager, commit=True)
    baker = Household.objects.get(email="jo.baker@example.com")
    anchor, person = person_for_anchor(key=f"household-{baker.pk}")

    section = person_record(person)["Records moved from a council's old system"]

    assert [(row["Council"], row["Reference in the old system"]) for row in section] == [("Bexley", "B-1001")]


def test_the_import_sends_no_signal_that_emails_or_syncs(manager, alex, django_capture_on_commit_callbacks):
    from crm import signals

    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    watched = (signals.enquiry_accepted, signals.stage_changed, signals.newsletter_consent_given)
    for signal in watched:
        signal.connect(listener, dispatch_uid="test-imports")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run(csv_file(), by=manager, commit=True)
    finally:
        for signal in watched:
            signal.disconnect(dispatch_uid="test-imports")

    assert heard == []
    assert Household.objects.filter(email="jo.baker@example.com", assigned_to__isnull=True).exists()

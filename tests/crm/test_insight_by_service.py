"""Workload and Timeliness for one service at a time: the Service filter, the open cases of every service
at the top of Workload, the clocks of a service other than recruitment, and who sees what.

Every case here comes through the front door (``crm.services.enquiry_create``) as a real enquiry would.
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from core.reports.access import Audience
from core.reports.tables import FEWER_THAN_5 as FEWER
from crm.models import EnquiryType, Household, Source, Stage
from crm.reports.scope import SERVICE_LABELS, ServiceForWorkersForm
from crm.reports.timeliness import TimelinessFilters, timeliness_report
from crm.reports.workload import WorkloadFilters, workload_report
from crm.services import enquiry_create, household_advance, household_log_call
from tests.crm.insight_history import history_make
from tests.crm.test_insight_access import MAX_QUERIES
from tests.factories import central_team, enquiry_details, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

pytestmark = [pytest.mark.django_db]

SUPPORT = EnquiryType.SUPPORT
ADOPTING = EnquiryType.ADOPTING
SUPPORT_DETAILS = {
    "child_age": 7,
    "order_date": "2024-05-01",
    "placing_council": "other",
    "placing_council_other": "Surrey County Council",
    "needs": ["therapy"],
}


def dates() -> dict:
    today = timezone.localdate()
    return {"date_from": today - dt.timedelta(days=60), "date_to": today}


def query(**fields) -> str:
    values = {**dates(), **fields}
    return "&".join(f"{name}={value}" for name, value in values.items())


def shown(table) -> list[list[str]]:
    return [[cell.display for cell in row] for row in [*table.rows, *table.totals]]


def by_label(table) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in shown(table)}


@pytest.fixture
def central(crm_reference):
    return staff_member(
        "central.worker", council=None, team=central_team(), first_name="Cy", last_name="Central"
    )


@pytest.fixture
def kent(crm_reference):
    return staff_member("kent.worker", council="kent", first_name="Kim", last_name="Kent")


@pytest.fixture
def manager(crm_reference):
    return staff_member("manager", role="manager", council=None, first_name="Mel", last_name="Manager")


@pytest.fixture
def marketing(crm_reference, django_user_model):
    user = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    user.groups.add(roles_sync()[MARKETING_EDITORS])
    return user


def ask(name: str, enquiry_type=SUPPORT, **fields) -> Household:
    details = enquiry_details(
        enquiry_type=enquiry_type,
        service_details=SUPPORT_DETAILS if enquiry_type == SUPPORT else {},
        **{"first_name": name, "email": f"{name.lower()}@example.com", "phone": "", **fields},
    )
    return enquiry_create(source=Source.WEB, details=details).household


def enquired_days_ago(household: Household, days: int) -> None:
    """Move the first enquiry back, as if it had come in ``days`` ago."""
    Household.objects.filter(pk=household.pk).update(
        first_enquiry_at=timezone.now() - dt.timedelta(days=days)
    )


def workload(user, service=SUPPORT, **fields):
    return workload_report(user=user, filters=WorkloadFilters(**dates(), service=service, **fields))


def timeliness(user, service=SUPPORT, **fields):
    return timeliness_report(user=user, filters=TimelinessFilters(**dates(), service=service, **fields))


def test_a_support_case_counts_in_workload_for_support_and_not_for_adopting(central, manager):
    pat = ask("Pat")
    front_door = central.team.name

    report = workload(manager.user)

    assert report.extra["service_label"] == "Adoption support"
    assert report.tables["teams"].cell(front_door, "Open cases").value == 1
    assert by_label(report.tables["teams"])["Total"] == ["1", "0", "0", "1", "1", "0.0"]
    # The workers table's columns are adoption support's own stage groups.
    workers = report.tables["workers"]
    assert workers.header == [
        "Worker",
        "Team",
        "New requests",
        "Assessment of need",
        "Support plan",
        "Open cases",
        "Overdue",
    ]
    assert by_label(workers)[str(central)] == [front_door, "1", "0", "0", "1", "0"]
    # Support's own first-contact clock, and Pat waiting for the first call.
    first_contact = report.tables["first_contact"]
    assert first_contact.caption.endswith("(clock: 5 working days)")
    assert by_label(first_contact)["Total"][:4] == ["0", "0", "1", "1"]
    assert pat.service == SUPPORT

    recruitment = workload(manager.user, service=ADOPTING)
    assert recruitment.extra["service_label"] == "Adopting a child (recruitment)"
    assert by_label(recruitment.tables["teams"])["Total"] == ["0", "0", "0", "0", "0", "–"]
    assert by_label(recruitment.tables["first_contact"])["Total"][:4] == ["0", "0", "0", "0"]
    assert recruitment.tables["workers"].header[2:7] == [
        "Enquiry to information event",
        "Registration of interest",
        "Stage one and break",
        "Stage two and panel",
        "Approved",
    ]


def test_open_cases_by_service_sits_at_the_top_of_workload_for_every_service(central, manager):
    ask("Ada", ADOPTING)
    ask("Pat")
    late = ask("Sam")
    Household.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    ask("Rae", EnquiryType.RECORDS)
    unassigned = Household.objects.filter(assigned_to__isnull=True, closed_at__isnull=True)
    waiting = {service: unassigned.filter(service=service).count() for service in (ADOPTING, SUPPORT)}

    for service in (SUPPORT, ADOPTING, EnquiryType.ADVICE):
        report = workload(manager.user, service=service)
        services = report.tables["services"]

        assert list(report.tables)[0] == "services"
        assert services.caption == "Open cases by service"
        assert services.header == ["Service", "Open cases", "Not assigned", "Overdue"]
        # A row for each service with open cases, whichever is chosen; none for advice, which has none.
        assert shown(services) == [
            ["Adopting a child (recruitment)", "1", str(waiting[ADOPTING]), "0"],
            ["Adoption support", "2", str(waiting[SUPPORT]), "1"],
            ["Adopted adults and birth relatives", "1", "0", "0"],
        ]
        # The chosen service's row is the team table's total, cell for cell.
        total = report.tables["teams"].totals[0]
        rows = {row[0].value: row for row in services.rows}
        if service == EnquiryType.ADVICE:
            assert total[5].value == 0 and SERVICE_LABELS[service] not in rows
        else:
            row = rows[SERVICE_LABELS[service]]
            assert row[1] is total[5] and row[2] is total[2] and row[3] is total[3]


def test_the_screen_names_the_service_it_shows(client, central, manager):
    ask("Pat")
    client.force_login(manager.user)

    support = client.get(f"/admin/insight/workload/?{query(service=SUPPORT)}").content.decode()
    assert '<h2 class="insight-service" id="service-heading">Service: Adoption support</h2>' in support
    # Every service's open cases first, then the heading, then the chosen service's tables.
    assert support.index("table-services") < support.index("service-heading") < support.index("table-teams")
    assert '<option value="support" selected>Adoption support</option>' in support

    # Without a service, recruitment, as the screen has always counted.
    default = client.get("/admin/insight/workload/").content.decode()
    assert "Service: Adopting a child (recruitment)" in default
    assert '<option value="adopting" selected>Adopting a child (recruitment)</option>' in default

    clocks = client.get(f"/admin/insight/timeliness/?{query(service=SUPPORT)}").content.decode()
    assert "Service: Adoption support" in clocks
    assert "Step durations are measured for recruitment (adopting a child) only" in clocks
    assert "table-steps" not in clocks and "table-clocks" in clocks

    download = client.get(f"/admin/insight/workload/?{query(service=SUPPORT)}&download=csv&table=teams")
    assert download.status_code == 200
    assert 'filename="workload-adoption-support-teams-' in download["Content-Disposition"]
    adopting = client.get(f"/admin/insight/workload/?{query(service=ADOPTING)}&download=csv&table=teams")
    assert 'filename="workload-teams-' in adopting["Content-Disposition"]


def test_timeliness_for_support_counts_its_first_contact_clock_kept_and_late(central, manager):
    on_time, late, waiting = ask("Pat"), ask("Sam"), ask("Lou")
    enquired_days_ago(late, 20)
    enquired_days_ago(waiting, 20)
    Household.objects.filter(pk=waiting.pk).update(due_on=timezone.localdate() - dt.timedelta(days=5))
    for household in (on_time, late):
        household_log_call(household=household, by=central.user, reached=True, summary="Talked it through")

    report = timeliness(manager.user)

    # Adoption support's timescales only; no steps table.
    assert list(report.tables) == ["clocks"]
    assert shown(report.tables["clocks"]) == [
        ["Support: first contact (5 working days)", "1", "1", "2", "50.0", "1"],
        ["Support: assessment of need (20 working days)", "0", "0", "0", "–", "0"],
    ]
    assert report.notes == [
        "Step durations are measured for recruitment (adopting a child) only, so this screen shows only how "
        "often the clocks of the service chosen were kept: Adoption support."
    ]

    # Recruitment's screen is as it was: its steps and clocks, none of support's cases.
    recruitment = timeliness(manager.user, service=ADOPTING)
    assert list(recruitment.tables) == ["steps", "clocks"]
    assert recruitment.notes == []
    assert by_label(recruitment.tables["clocks"])["First contact (2 working days)"] == [
        "0",
        "0",
        "0",
        "–",
        "0",
    ]
    assert all(row[1] == "0" for row in shown(recruitment.tables["steps"]))


def test_a_worker_sees_only_their_teams_cases_for_each_service(central, kent, manager):
    in_kent = ask("Pat", postcode="ME14 1XX")
    household_advance(household=in_kent, to_stage=Stage.SUPPORT_ASSESSMENT, by=central.user)
    in_kent.refresh_from_db()
    assert in_kent.assigned_to == kent
    ask("Sam")  # stays with the front door team
    adopting = ask("Ada", ADOPTING)
    Household.objects.filter(pk=adopting.pk).update(team=kent.team, assigned_to=kent)

    kims = workload(kent.user)
    assert [row[0] for row in shown(kims.tables["teams"])] == [kent.team.name, "Total"]
    assert kims.tables["teams"].cell("Total", "Open cases").value == 1
    assert [row[0] for row in shown(kims.tables["workers"])] == [str(kent)]
    assert kims.tables["workers"].cell(str(kent), "Assessment of need").value == 1
    assert by_label(kims.tables["services"]) == {
        "Adopting a child (recruitment)": ["1", "0", "0"],
        "Adoption support": ["1", "0", "0"],
    }
    assert kims.notes == ["These figures cover your team's cases and the cases assigned to you."]

    cys = workload(central.user)
    assert cys.tables["teams"].cell("Total", "Open cases").value == 1
    assert [row[0] for row in shown(cys.tables["teams"])] == [central.team.name, "Total"]
    assert by_label(cys.tables["services"]) == {"Adoption support": ["1", "0", "0"]}
    assert workload(central.user, service=ADOPTING).tables["teams"].cell("Total", "Open cases").value == 0

    # The manager sees both support cases.
    assert workload(manager.user).tables["teams"].cell("Total", "Open cases").value == 2
    # Timeliness likewise: Kim's support case only.
    household_log_call(household=in_kent, by=kent.user, reached=True, summary="Called")
    kims_clocks = timeliness(kent.user).tables["clocks"]
    assert kims_clocks.cell("Support: first contact (5 working days)", "Stopped").value == 1
    assert (
        timeliness(central.user)
        .tables["clocks"]
        .cell("Support: first contact (5 working days)", "Stopped")
        .value
        == 0
    )


def test_a_marketing_editor_sees_totals_only_in_every_service_table(central, marketing):
    for name in ("Pat", "Sam", "Lou"):
        ask(name)
    ask("Ada", ADOPTING)

    report = workload(marketing)

    assert report.audience == Audience.AGGREGATE
    assert "workers" not in report.tables
    services = report.tables["services"]
    # Every count is under 5, so none is shown, and the chosen row hides exactly what the team total hides.
    assert services.totals == []
    for row in services.rows:
        assert all(cell.hidden for cell in row[1:])
    support = next(row for row in services.rows if row[0].value == "Adoption support")
    assert support[1].display == FEWER
    assert support[1] is report.tables["teams"].totals[0][5]


def test_other_services_hide_nothing_more_of_recruitments_figures_from_a_marketing_editor(marketing):
    history_make()
    year = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}

    def recruitment() -> dict[str, list[list[str]]]:
        report = workload_report(user=marketing, filters=WorkloadFilters(**year))
        return {key: shown(table) for key, table in report.tables.items() if key != "services"}

    staff_member("central.worker", council=None, team=central_team())
    before = recruitment()
    # Two support cases: a small count beside recruitment's seven open cases.
    ask("Pat")
    ask("Sam")
    after = workload_report(user=marketing, filters=WorkloadFilters(**year))

    assert recruitment() == before
    # Recruitment's own figures, hidden as they always were, are the row of recruitment here too.
    # Five overdue (two of them approved families with no child linked) would give away the two that are not.
    assert before["teams"][-1] == ["Total", "not shown", FEWER, "not shown", FEWER, "7", "not shown"]
    assert shown(after.tables["services"]) == [
        ["Adopting a child (recruitment)", "7", FEWER, "not shown"],
        ["Adoption support", FEWER, FEWER, FEWER],
    ]


def test_the_form_rejects_a_service_it_does_not_know(client, central, manager):
    form = ServiceForWorkersForm({**dates(), "service": "fostering"}, audience=Audience.EVERYONE)
    assert form.errors["service"] == ["Choose a service from the list."]
    blank = ServiceForWorkersForm({**dates(), "service": ""}, audience=Audience.EVERYONE)
    assert blank.errors["service"] == ["Choose a service."]
    # A worker chooses a service too, though not a council.
    assert list(ServiceForWorkersForm({}, audience=Audience.TEAM).fields) == [
        "service",
        "date_from",
        "date_to",
    ]

    client.force_login(manager.user)
    for screen in ("workload", "timeliness"):
        response = client.get(f"/admin/insight/{screen}/?{query(service='fostering')}")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Choose a service from the list." in html
        assert 'aria-invalid="true"' in html and 'id="table-' not in html
        bad_download = client.get(
            f"/admin/insight/{screen}/?{query(service='fostering')}&download=csv&table=teams"
        )
        assert bad_download.status_code == 404


@pytest.mark.parametrize("screen", ["workload", "timeliness"])
def test_a_service_screen_makes_a_fixed_number_of_queries(
    client, central, kent, manager, marketing, django_assert_max_num_queries, screen
):
    def queries(user) -> int:
        client.force_login(user)
        client.get(f"/admin/insight/{screen}/")  # the first request after signing in does more
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/admin/insight/{screen}/?{query(service=SUPPORT)}").status_code == 200
        return len(captured)

    ask("Pat")
    few = {user: queries(user) for user in (manager.user, marketing, central.user)}
    for index in range(6):
        household = ask(f"Person{index}")
        household_log_call(household=household, by=central.user, reached=True, summary="Called")
    for name in ("Kay", "Kit"):  # handed over to Kent, so another team and worker have rows
        household_advance(household=ask(name), to_stage=Stage.SUPPORT_ASSESSMENT, by=central.user)
    ask("Rae", EnquiryType.RECORDS)
    ask("Ada", ADOPTING)

    for user in (manager.user, marketing, central.user):
        client.force_login(user)
        with django_assert_max_num_queries(MAX_QUERIES[screen]):
            assert client.get(f"/admin/insight/{screen}/?{query(service=SUPPORT)}").status_code == 200
        # None is made per case, per service or per row.
        assert queries(user) == few[user]

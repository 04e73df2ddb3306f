"""Who may open each Insight screen and download its tables, what marketing editors see, and how many
queries each screen makes.

- manager and superuser: every screen;
- recruitment worker: timeliness, overdue cases and workload, for their team's cases and their own;
  the funnel, channels and the quarterly return are a 404 (never a 403);
- marketing editor: the funnel, timeliness, channels and workload as totals only, every count under
  5 reading "fewer than 5" on the screen and in every download; overdue cases and the return are a 404;
- anonymous, and staff without admin access: sent to the admin login page by Wagtail.
"""

import csv
import datetime as dt
import io
import re

from django.test import RequestFactory

from wagtail.admin.menu import Menu

import pytest
from openpyxl import load_workbook

from core.reports.access import Audience
from core.reports.registry import INSIGHT_MENU_HOOK
from core.reports.tables import FEWER_THAN_5, NOT_SHOWN, PEOPLE, SMALLEST_SHOWN, _all_cells, _derivations
from crm.reports.funnel import FunnelFilters, Split, funnel_report
from tests.crm.insight_history import history_make
from tests.factories import UserFactory, staff_member
from website.roles import MARKETING_EDITORS, roles_sync

DATES = "date_from=2025-01-01&date_to=2025-12-31"
SCREENS = {
    "funnel": f"/admin/insight/funnel/?{DATES}&split=council",
    "timeliness": f"/admin/insight/timeliness/?{DATES}",
    "overdue": "/admin/insight/timeliness/overdue/",
    "channels": f"/admin/insight/channels/?{DATES}",
    "workload": f"/admin/insight/workload/?{DATES}",
    "return": "/admin/insight/quarterly-return/?quarter=2025-Q1",
    "handover": f"/admin/insight/handover/?{DATES}",
}
ALLOWED = {
    "manager": set(SCREENS),
    "superuser": set(SCREENS),
    "worker": {"timeliness", "overdue", "workload"},
    "marketing": {"funnel", "timeliness", "channels", "workload"},
}
# The most queries each screen may make: the session, the user, Wagtail's menu and permissions, one per
# figure, and on PostgreSQL a savepoint to switch off the JIT compiler. None is made per row.
MAX_QUERIES = {
    "funnel": 22,
    "timeliness": 23,
    # One page of cases and the count by clock, which is also their number: never the whole list.
    "overdue": 16,
    "channels": 28,  # with the budget against spend (campaigns.budgets): its own 3 queries, the rest shared
    # Every service's open cases in one query; first contact in one pass.
    "workload": 24,
    "return": 18,
    "handover": 18,
}


@pytest.fixture
def history(db):
    return history_make()


@pytest.fixture
def users(history, django_user_model):
    marketing = django_user_model.objects.create_user("marketing", password="changeme", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    return {
        "anonymous": None,
        "no role": UserFactory(username="someone"),
        "worker": history.kent_worker.user,
        "manager": history.manager.user,
        "marketing": marketing,
        "superuser": UserFactory(username="admin", is_superuser=True),
    }


FIRST_TABLE = {
    "funnel": "steps",
    "timeliness": "steps",
    "overdue": "overdue",
    "channels": "credit",
    "workload": "teams",
    "return": "return",
    "handover": "handover",
}


def with_query(address: str, query: str) -> str:
    return address + ("&" if "?" in address else "?") + query


@pytest.mark.parametrize("role", ["anonymous", "no role", "worker", "marketing", "manager", "superuser"])
def test_every_screen_and_download_for_every_role(client, users, role):
    if users[role]:
        client.force_login(users[role])
    for name, address in SCREENS.items():
        for kind in ("", "csv", "xlsx"):
            full = with_query(address, f"download={kind}&table={FIRST_TABLE[name]}") if kind else address
            response = client.get(full)
            if role in ("anonymous", "no role"):
                assert response.status_code == 302, full
                assert response["Location"].startswith("/admin/login/")
            elif name in ALLOWED[role]:
                assert response.status_code == 200, full
                if kind:
                    assert response["Content-Disposition"].endswith(f'.{kind}"')
            else:
                assert response.status_code == 404, full


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        (
            "worker",
            [
                "Timeliness",
                "Overdue cases",
                "Families waiting and matched",
                "Peers and mentors",
                "Workload",
                "The adopter's voice",
            ],
        ),
        (
            "marketing",
            [
                "Funnel",
                "Timeliness",
                "Families waiting and matched",
                "Channels and phases",
                "Peers and mentors",
                "Workload",
                "The adopter's voice",
            ],
        ),
        (
            "manager",
            [
                "Funnel",
                "Timeliness",
                "Overdue cases",
                "Families waiting and matched",
                "Channels and phases",
                "Peers and mentors",
                "Workload",
                "Equality of access",
                "Quarterly return",
                "The adopter's voice",
                "Handover to the case system",
                "Board pack",
            ],
        ),
        ("no role", []),
    ],
)
def test_the_insight_menu_lists_what_each_role_may_open(db, django_user_model, role, labels):
    marketing = django_user_model.objects.create_user("marketing", is_staff=True)
    marketing.groups.add(roles_sync()[MARKETING_EDITORS])
    users = {
        "worker": staff_member("kent.worker", council="kent").user,
        "manager": staff_member("manager", role="manager", council=None).user,
        "marketing": marketing,
        "no role": UserFactory(username="someone"),
    }
    request = RequestFactory().get("/admin/")
    request.user = users[role]

    items = Menu(register_hook_name=INSIGHT_MENU_HOOK).menu_items_for_request(request)

    assert [item.label for item in sorted(items, key=lambda item: item.order)] == labels


@pytest.mark.parametrize("name", list(SCREENS))
def test_each_screen_makes_a_fixed_number_of_queries(client, users, django_assert_max_num_queries, name):
    client.force_login(users["manager"] if name in ("overdue", "return", "handover") else users["marketing"])
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        assert client.get(SCREENS[name]).status_code == 200
    client.force_login(users["manager"])
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        assert client.get(SCREENS[name]).status_code == 200


def html_table(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="table-{table_id}".*?</table>', html, re.S).group(0)
    return [
        [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_a_marketing_editor_sees_fewer_than_5_on_the_screen_and_in_both_downloads(client, users):
    client.force_login(users["marketing"])
    address = SCREENS["funnel"]

    rows = html_table(client.get(address).content.decode(), "split")
    assert rows[0][:3] == ["Council", "Enquiry", "Initial conversation"]
    by_council = {row[0]: row[1:] for row in rows[1:]}
    # Eight households in all; no council has five.
    assert by_council["Kent"][:2] == [FEWER_THAN_5, FEWER_THAN_5]
    assert by_council["Total"][0] == "8"
    # Kent's, Medway's and Bexley's enquiries are hidden; Elsewhere's 1 would follow from the total.
    assert by_council["Elsewhere"][0] == FEWER_THAN_5

    response = client.get(with_query(address, "download=csv&table=split"))
    exported = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[:2] for row in exported] == [
        ["Council", "Enquiry"],
        ["Kent", FEWER_THAN_5],
        ["Medway", FEWER_THAN_5],
        ["Bexley", FEWER_THAN_5],
        ["Elsewhere", FEWER_THAN_5],
        ["Total", "8"],
    ]
    response = client.get(with_query(address, "download=xlsx&table=split"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[:2] for row in sheet.iter_rows(values_only=True)] == [
        tuple(row[:2]) for row in exported[:-1]
    ] + [("Total", 8)]
    for row in sheet.iter_rows(min_row=2, max_col=8, min_col=2, values_only=True):
        for value in row:
            assert value in (FEWER_THAN_5, NOT_SHOWN) or value >= SMALLEST_SHOWN


def test_a_manager_sees_the_small_numbers(client, users):
    client.force_login(users["manager"])
    rows = html_table(client.get(SCREENS["funnel"]).content.decode(), "split")
    assert rows[1][:3] == ["Kent", "4", "4"]


@pytest.mark.parametrize("split", [Split.NONE, Split.COUNCIL, Split.CHANNEL, Split.PHASE, Split.CAMPAIGN])
def test_no_small_count_can_be_worked_out_from_what_a_marketing_editor_sees(users, split):
    report = funnel_report(
        user=users["marketing"],
        filters=FunnelFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30), split=split),
    )

    assert report.audience == Audience.AGGREGATE
    cells = _all_cells(report.tables.values(), report.groups)
    small = [
        cell for cell in cells if cell.kind in PEOPLE and not cell.implicit and cell.value < SMALLEST_SHOWN
    ]
    assert small and all(cell.hidden == FEWER_THAN_5 for cell in small)
    # Every sum with one unknown figure is worked out, again and again: none gives a small one back.
    revealed = _derivations(cells, report.groups)
    leaked = [cell for cell in cells if id(cell) in revealed and cell.value < SMALLEST_SHOWN]
    assert leaked == []
    shown = [cell for cell in cells if cell.kind in PEOPLE and not cell.hidden and not cell.implicit]
    assert all(cell.value >= SMALLEST_SHOWN for cell in shown)
    # Percentages of hidden figures are hidden too.
    for table in report.tables.values():
        for row in table.rows:
            for cell in row:
                if cell.depends and any(other.hidden for other in cell.depends):
                    assert cell.hidden


def test_a_worker_sees_only_their_own_and_their_teams_overdue_cases(client, users, history):
    client.force_login(users["worker"])
    html = client.get(SCREENS["overdue"]).content.decode()
    names = [row[1] for row in html_table(html, "overdue")[1:]]
    # Ada (approval to the first link), Eve and Jo are Kent's; Ivy is Medway's but assigned to this worker.
    assert names == ["Ada Test", "Eve Test", "Jo Test", "Ivy Test"]

    client.force_login(history.medway_worker.user)
    html = client.get(SCREENS["overdue"]).content.decode()
    assert [row[1] for row in html_table(html, "overdue")[1:]] == ["Gus Test", "Ivy Test"]
    response = client.get(with_query(SCREENS["overdue"], "download=csv&table=overdue"))
    exported = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[1] for row in exported[1:]] == ["Gus Test", "Ivy Test"]

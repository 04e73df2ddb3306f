"""The handover screen: approved adopters, ready for the children's case system's import.

Managers and superusers only. The download is the import file itself, in the case system's columns and
codes (``crm.handover.HANDOVER``); the screen shows the first rows and what each column holds.
"""

import datetime as dt

from core.reports.tables import Cell, Column, Kind, Report, Table, text
from core.reports.views import ReportView, paginate
from crm.handover import FIELD_LABELS, HANDOVER_AUDIENCES, Handover, handover_approved
from crm.reports.household_files import household_file_response

PREVIEW_ROWS = 25


class HandoverView(ReportView):
    page_title = "Handover to the case system"
    url_name = "insight_handover"
    audiences = HANDOVER_AUDIENCES
    template_name = "crm/reports/handover.html"
    intro = (
        "Approved adopters whose case is open, with their key dates, in the columns the children's case "
        "system imports, so nobody types them in again. Choose the dates they were approved between."
    )

    def report(self, data):
        found = handover_approved(
            user=self.request.user, date_from=data["date_from"], date_to=data["date_to"]
        )
        mapping = Table(
            key="columns",
            caption="What each column holds",
            columns=[Column("Column", Kind.TEXT), Column("Holds", Kind.TEXT)],
            rows=[[text(name), text(FIELD_LABELS[key])] for key, name in found.template.columns],
        )
        report = Report(audience=self.audience, tables={"columns": mapping})
        report.extra["handover"] = found
        return report

    def summary(self, data, report):
        found: Handover = report.extra["handover"]
        return f"{len(found.rows):,} approved adopters. " + super().summary(data, report)

    def download(self, report, key, kind, data):
        if key != "handover":
            return super().download(report, key, kind, data)
        found: Handover = report.extra["handover"]
        return household_file_response(
            request=self.request,
            title=f"{found.template.name} {data['date_from']:%Y-%m-%d} to {data['date_to']:%Y-%m-%d}",
            kind=kind,
            sheet="Approved adopters",
            header=found.header,
            rows=found.coded_rows(),
            household_ids=[row.household_id for row in found.rows],
            date_format=found.template.date_format,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context.get("report")
        if report is not None:
            found: Handover = report.extra["handover"]
            page = paginate(self.request, found.rows, PREVIEW_ROWS)
            context.update(
                preview=Table(
                    key="handover",
                    caption="Approved adopters",
                    columns=[Column(name, Kind.TEXT) for name in found.header],
                    rows=[
                        [
                            Cell(value, Kind.DATE) if isinstance(value, dt.date) else text(value)
                            for value in found.coded(row)
                        ]
                        for row in page.object_list
                    ],
                ),
                page_obj=page,
                handover_downloads=self.download_links(context["form"], "handover"),
            )
        return context

"""The reporting framework every figures screen is built from: Insight and Campaign results alike.

A screen is a builder returning a ``tables.Report`` (tables of ``Cell`` objects and the sums between
them), a form of filters bound to the query string, a chart drawn from the same cells, and CSV and
XLSX downloads of those cells, registered once in ``registry``. What the framework gives every
screen for free:

- ``tables.protect``: the small-number rule (a count under 5 reads "fewer than 5", and whatever
  would give it back reads "not shown"), applied to the cells, so tables, charts, summaries and
  downloads all hide the same figures;
- ``charts``: server-drawn SVG charts described in words for screen readers;
- ``views.ReportView``: GET-form filters with accessible errors, pagination, downloads and their
  audit;
- ``registry``: the URL, the menu item and the tab of every screen, from one list.

``core`` imports no app. Two things are the apps' to decide, and core finds them through settings
read with ``django.utils.module_loading.import_string``, so nothing here names an app:

- ``REPORT_AUDIENCE_FUNCTION``: ``user -> access.Audience``, whose figures a person may see;
- ``REPORT_DOWNLOAD_AUDIT_FUNCTION``: ``(*, request, what, rows) -> None``, called before every
  download is written, so each one is recorded where the app keeps its audit trail.
"""

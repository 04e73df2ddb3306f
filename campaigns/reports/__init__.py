"""Campaign figures on the report framework (``core.reports``), one module per screen.

- Campaign results, in the "Campaigns" menu, for the marketing team and managers: credit by model
  (``results``), phase movement (``phases``), said against tracked (``heard_about``) and one
  campaign (``campaign``); aggregates only, never a person.
- Channels and phases (``channels``), a screen of the Insight menu.

Each screen's figures come from one selector in ``campaigns.selectors`` (the CRM is read only
through ``crm.selectors``), become the framework's cells, tables and sums, and are protected by the
framework's small-number rule: everyone but managers and superusers sees "fewer than 5" wherever
Insight would say so. Screens, charts and summaries are drawn from the cells, never from the raw
figures, so nothing hidden in a table shows up anywhere else on the page.
"""

"""Insight: the funnel, timeliness, overdue, families waiting and matched, workload and quarterly return screens,
one module each.

Every builder here takes the person asking and answers only what they may see; anyone else gets
a 404, as everywhere in the CRM:

- managers and superusers see all three councils and the overdue list;
- recruitment workers see timeliness, families waiting and matched, and workload for their own team's
  cases and those assigned to them (the households ``crm.selectors.households_visible_to`` gives them),
  and nothing else here;
- marketing editors (anyone else who may view campaigns) see totals only: every count of fewer than
  5 people reads "fewer than 5", and a second figure is hidden wherever a total, a difference or a
  percentage would give a hidden count back (see ``core.reports.tables.protect``).

The figures come out as ``core.reports.tables.Table`` objects whose cells the screens, the charts and the exports all
read, so what is downloaded is exactly what is shown.

Definitions
-----------
- A household's *first enquiry* is ``Household.first_enquiry_at``; its *cohort* is the local
  calendar month or quarter of that moment. Records merged into another household are left out.
- A household *reached* a step when its stage now, open or closed, is that step or a later one:
  someone who went straight from enquiry to registration of interest counts at the initial
  conversation and the information event too, and a fast-track household in stage two counts at
  stage one. So each step's count is never more than the one before.
- The date a household *entered* a stage is its first ``StageChange`` of kind "advance" to it.
- Durations are whole calendar days between local dates; the median and 90th percentile are
  interpolated between neighbouring values, as PostgreSQL's ``percentile_cont`` does.
- A clock (``crm.models.Clock``) starts when the household first entered its starting stage (the
  first enquiry for the enquiry stage) and stops when it first reached the stopping stage or a later
  one; the first-contact clock also stops at the first call that reached the household. It was
  *kept* when it stopped on or before its due date: working days (``crm.calendar``) or calendar
  months after the start, or the latest extension recorded for it. Only timescales count here, kept,
  late or overdue: a stall rule (``Clock.Kind.STALL``) flags a case that has sat too long in a stage
  on the worker's desk, the queue and the digest, and is not a figure the service is measured on.
- The source channel, Kindred phase and campaign of a household are those of its first touch: its
  earliest touchpoint at or before its first enquiry. The campaigns app supplies them (the CRM
  never imports it), through ``crm.services.journeys.register_touch_source``, and each household's
  is stored with its journey dates.
"""

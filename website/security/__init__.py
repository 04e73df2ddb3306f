"""Security for staff and visitors: two-step sign-in, lockout, sessions, headers, request limits, clean HTML.

An installed app (``website.security``) so that it can register its own admin addresses, system
checks and template filters without touching the rest of the project:

- ``middleware``: the security headers (Content-Security-Policy and Permissions-Policy), limits on
  what a public request may carry, staff session timeouts, two-step verification for the admin,
  and formula neutralising for every CSV the site sends;
- ``network``: the visitor's address, believing only as many proxies as we run (used by django-axes);
- ``views`` and ``wagtail_hooks``: setting up and using an authenticator app inside the admin;
- ``html``: rich text cleaned with nh3 wherever it is shown;
- ``spreadsheets``: the rule that stops a spreadsheet cell being read as a formula;
- ``checks``: deploy checks that refuse production settings without two-step sign-in.
"""

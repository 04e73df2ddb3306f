"""Security for staff and visitors: two-step sign-in, lockout, sessions, headers, request limits, clean HTML.

An installed app (``website.security``) so that it can register its own admin addresses, system
checks and template filters without touching the rest of the project:

- ``middleware``: the security headers (Content-Security-Policy and Permissions-Policy), limits on
  what a public request may carry, staff session timeouts, two-step verification for the admin,
  and formula neutralising for every CSV the site sends;
- ``network``: the client's address, believing only as many proxies as we run: the one rule the
  lockout, the spam and newsletter limits and the audit trail all use;
- ``invitations`` and ``models``: the single-use links without which nobody sets up a first
  authenticator app;
- ``views`` and ``wagtail_hooks``: setting up and using an authenticator app inside the admin, and
  inviting someone to;
- ``csp``: the nonce on the admin's own inline scripts, so no other inline script runs there;
- ``redirects``: where an admin form goes back to (a path on this site, never anything else);
- ``html``: rich text cleaned with nh3 wherever it is shown;
- ``spreadsheets``: the rule that stops a spreadsheet cell being read as a formula;
- ``checks``: deploy checks that refuse production settings without two-step sign-in.
"""

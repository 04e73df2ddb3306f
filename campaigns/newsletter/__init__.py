"""The newsletter list: who signed up, the consent they gave, and every change we send to Mailchimp.

A change to a subscriber creates a ``MailchimpSync`` row in the same transaction, holding exactly
what will be sent; a Celery task sends it once the change commits (``core.outbox``), so a broker or
Mailchimp outage delays a change and never loses it. The audience carries first name and council as
merge fields, and tags for Kindred phase and council (never the pipeline stage: marketing does not
learn casework from the audience), so the team can write "keeping in touch" emails to each phase.
https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/

- ``subscribers``: signing people up, taking them off, and keeping their tags up to date;
- ``payloads``: exactly what each change sends, with its tags;
- ``sync``: the sync rows, sent once, retried and swept;
- ``reconcile``: the nightly comparison with the Mailchimp audience;
- ``signup`` and ``held``: the public sign-up form, and the sign-ups it holds as doubtful;
- ``webhook``: changes made on Mailchimp's side;
- ``access`` and ``selectors``: who runs the newsletter, and what the admin screens read.
"""

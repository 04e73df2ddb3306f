"""What went wrong sending an email, in plain words, and whether trying again could ever help.

Every outbox row that sends email (``crm.services.sending``, the information pack) reads a failure
the same way: a provider's or mail server's final refusal is given up at once, anything that may
pass is retried with backoff.
"""

import smtplib

from anymail.exceptions import AnymailAPIError, AnymailError

# HTTP answers that may change if we ask again: a timeout, "slow down", and credentials, which a
# person can fix while the retries run. Any other 4xx means the request itself will never succeed.
RETRY_HTTP_STATUSES = {401, 403, 408, 429}


def send_problem(error: Exception) -> tuple[str, bool]:
    """What went wrong, in plain words, and whether trying again could ever help."""
    detail = f"{type(error).__name__}: {error}".strip()
    if isinstance(error, AnymailAPIError):
        status = error.status_code
        if status is None:
            return f"Could not reach the mail service. {detail}", False
        if status >= 500 or status in RETRY_HTTP_STATUSES:
            return f"The mail service could not take the email just now (HTTP {status}). {detail}", False
        return f"The mail service refused this email (HTTP {status}); it will not be retried. {detail}", True
    if isinstance(error, AnymailError):
        return f"The email could not be sent as it stands; it will not be retried. {detail}", True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            return f"The mail server refused the address; it will not be retried. {detail}", True
    # A 5xx is the server's final word, except on credentials, which a person can put right.
    refused = (
        isinstance(error, smtplib.SMTPResponseException)
        and not isinstance(error, smtplib.SMTPAuthenticationError)
        and error.smtp_code >= 500
    )
    if refused:
        return f"The mail server refused this email; it will not be retried. {detail}", True
    return f"Could not reach the mail server, or it asked us to wait. {detail}", False

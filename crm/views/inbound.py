"""The email door's webhook: Mailgun forwards each email sent to the front-door mailbox here.

django-anymail checks the request (HTTP basic auth with ``ANYMAIL["WEBHOOK_SECRET"]`` and Mailgun's
HMAC signature with ``ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]``), normalises the email and sends
its ``inbound`` signal; the receiver below hands the message to ``crm.inbound``.
Set the Mailgun route's action to ``forward("https://<user>:<password>@<site>/anymail/mailgun/inbound/")``.
See https://anymail.dev/en/stable/esps/mailgun/#mailgun-inbound

A signature older than Mailgun's retry window (8 hours) plus a margin is refused: Mailgun retries
a delivery for 8 hours, so an older request is one someone kept and sent again. Each email is
also taken once by its Message-Id (``crm.inbound``), however often it arrives.
https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks

The door is shut (404) until both secrets are configured. A request we cannot read gets a 400,
never a 500: Mailgun retries on a 5xx, and a malformed request will not improve by retrying.
"""

import json
import time

from django.conf import settings
from django.dispatch import receiver
from django.http import Http404
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from anymail.signals import inbound
from anymail.webhooks.mailgun import MailgunInboundWebhookView

from crm.inbound import inbound_email_enquiry

# Mailgun retries for 8 hours; an hour more allows for its queue and our clocks.
SIGNATURE_MAX_AGE_SECONDS = 9 * 60 * 60
# A signature from the future is Mailgun's clock or ours being out; more than this is neither.
SIGNATURE_MAX_AHEAD_SECONDS = 15 * 60


def signature_age_problem(timestamp: str, *, now: float) -> str:
    """Why a correctly signed request's timestamp is not one Mailgun would send now, or ''."""
    try:
        signed_at = int(timestamp)
    except (TypeError, ValueError):
        return "the timestamp is not a number"
    if now - signed_at > SIGNATURE_MAX_AGE_SECONDS:
        return f"the signature is {int(now - signed_at) // 3600} hours old, older than Mailgun retries"
    if signed_at - now > SIGNATURE_MAX_AHEAD_SECONDS:
        return "the signature is dated in the future"
    return ""


class InboundEmailView(MailgunInboundWebhookView):
    """Anymail's Mailgun inbound view, turning a payload it cannot parse into a 400."""

    def run_validators(self, request):
        """Anymail's checks (basic auth, then the signature), with a signature block of the wrong shape
        (a JSON body that is not an object, characters that are not ASCII) refused like a wrong
        signature, not a 500; then the signature's age, which anymail does not check."""
        try:
            super().run_validators(request)
        except (TypeError, AttributeError, UnicodeError) as error:
            raise AnymailWebhookValidationFailure(
                f"Mailgun inbound webhook with a signature we cannot read: {type(error).__name__}"
            ) from error
        # Anymail read the signature from the form fields (the inbound route always posts a form).
        if problem := signature_age_problem(request.POST.get("timestamp", ""), now=time.time()):
            raise AnymailWebhookValidationFailure(f"Mailgun inbound webhook refused: {problem}")

    def parse_events(self, request):
        if problem := _payload_problem(request):
            raise AnymailWebhookValidationFailure(f"Mailgun inbound webhook: {problem}")
        try:
            return super().parse_events(request)
        except (
            AnymailConfigurationError,
            KeyError,
            ValueError,
            TypeError,
            AttributeError,
            OverflowError,
            OSError,
        ) as error:
            raise AnymailWebhookValidationFailure(
                f"Mailgun inbound webhook with a payload we cannot read: {type(error).__name__}"
            ) from error


def _payload_problem(request) -> str:
    """What is wrong with the shape of a signed request, or '' if anymail can parse it."""
    if request.content_type != "multipart/form-data" and request.content_type != (
        "application/x-www-form-urlencoded"
    ):
        return f"unexpected content type {request.content_type!r}"
    if not request.POST.get("timestamp", "").isdigit():
        return "the timestamp is not a number"
    if "body-mime" in request.POST:
        return ""
    try:
        headers = json.loads(request.POST["message-headers"])
    except KeyError:
        return "no message headers"
    except ValueError:
        return "the message headers are not JSON"
    pairs_of_strings = isinstance(headers, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(item, str) for item in pair)
        for pair in headers
    )
    return "" if pairs_of_strings else "the message headers are not a list of name and value pairs"


def _door_open() -> bool:
    anymail = getattr(settings, "ANYMAIL", {})
    return bool(anymail.get("MAILGUN_WEBHOOK_SIGNING_KEY") and anymail.get("WEBHOOK_SECRET"))


_mailgun_inbound = InboundEmailView.as_view()


@csrf_exempt
def mailgun_inbound(request):
    if not _door_open():
        raise Http404("The email door is not configured.")
    return _mailgun_inbound(request)


@receiver(inbound, sender=InboundEmailView, dispatch_uid="crm.inbound_email_received")
def inbound_email_received(sender, event, esp_name, **kwargs):
    """Hand the normalised email to the front door. Connected when the URLconf loads this module."""
    inbound_email_enquiry(message=event.message, received_at=event.timestamp)


urlpatterns = [
    path("anymail/mailgun/inbound/", mailgun_inbound, name="crm_inbound_email_mailgun"),
]

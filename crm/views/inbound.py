"""The email door's webhook: Mailgun forwards each email sent to the front-door mailbox here.

django-anymail checks the request (HTTP basic auth with ``ANYMAIL["WEBHOOK_SECRET"]`` and Mailgun's
HMAC signature with ``ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]``), normalises the email and sends
its ``inbound`` signal; the receiver below hands the message to ``crm.inbound``.
Set the Mailgun route's action to ``forward("https://<user>:<password>@<site>/anymail/mailgun/inbound/")``.
See https://anymail.dev/en/stable/esps/mailgun/#mailgun-inbound

The door is shut (404) until both secrets are configured. A request we cannot read gets a 400,
never a 500: Mailgun retries on a 5xx, and a malformed request will not improve by retrying.
"""

import json

from django.conf import settings
from django.dispatch import receiver
from django.http import Http404
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from anymail.signals import inbound
from anymail.webhooks.mailgun import MailgunInboundWebhookView

from crm.inbound import inbound_email_enquiry


class InboundEmailView(MailgunInboundWebhookView):
    """Anymail's Mailgun inbound view, turning a payload it cannot parse into a 400."""

    def run_validators(self, request):
        """Anymail's checks, with a signature block of the wrong shape (a JSON body that is not an
        object, characters that are not ASCII) refused like a wrong signature, not a 500."""
        try:
            super().run_validators(request)
        except (TypeError, AttributeError, UnicodeError) as error:
            raise AnymailWebhookValidationFailure(
                f"Mailgun inbound webhook with a signature we cannot read: {type(error).__name__}"
            ) from error

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

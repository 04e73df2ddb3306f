"""Mailchimp's webhook: unsubscribes, bounces, and profile and address changes made on Mailchimp's side.

The address ends in ``MAILCHIMP_WEBHOOK_SECRET``; anything else (or no secret configured) is a
404, so the address cannot be found by guessing. Mailchimp checks the address with a GET before
it saves it, and then posts form fields (``type``, ``data[email]``, ``data[merges][FNAME]``...).
https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from campaigns.forms import MailchimpWebhookForm
from campaigns.newsletter.webhook import mailchimp_webhook_apply


def _secret_matches(secret: str) -> bool:
    expected = settings.MAILCHIMP_WEBHOOK_SECRET
    return bool(expected) and hmac.compare_digest(secret.encode(), expected.encode())


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def mailchimp_webhook_view(request, secret: str):
    if not _secret_matches(secret):
        raise Http404("Not found")
    if request.method != "POST":
        return HttpResponse("OK", content_type="text/plain")
    form = MailchimpWebhookForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "Not a Mailchimp event this address understands.", content_type="text/plain"
        )
    event = form.event()
    if not event["kind"]:
        return HttpResponse("Ignored", content_type="text/plain")
    outcome = mailchimp_webhook_apply(**event)
    return HttpResponse(outcome.capitalize(), content_type="text/plain")


urlpatterns = [
    path(
        "newsletter/mailchimp/webhook/<str:secret>/",
        mailchimp_webhook_view,
        name="newsletter_mailchimp_webhook",
    ),
]

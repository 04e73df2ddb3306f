"""Public campaign addresses: the newsletter sign-up, the Mailchimp webhook, cookie choices."""

from django.urls import include, path

urlpatterns = [
    path("", include("campaigns.views.newsletter_public")),
    path("", include("campaigns.views.mailchimp_webhook")),
]

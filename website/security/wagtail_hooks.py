"""The two-step sign-in pages, at /admin/two-step/, and a way to move to a new phone from "Account"."""

from django.urls import path, reverse

from wagtail import hooks

from website.security.views import SetupView, VerifyView


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-step/set-up/", SetupView.as_view(), name="security_two_factor_setup"),
        path("two-step/verify/", VerifyView.as_view(), name="security_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("security_two_factor_setup"),
        "label": "Set up two-step sign-in on a new phone",
        "help_text": "Scan a new code with your authenticator app. The app you use now stops working.",
    }

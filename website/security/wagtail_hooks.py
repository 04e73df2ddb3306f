"""The two-step sign-in pages, at /admin/two-step/; moving to a new phone from "Account"; and an
"Invite to set up two-step sign-in" action on each row of *Settings → Users* for administrators."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from website.security.views import (
    AskForInvitationView,
    InvitationView,
    InviteView,
    SetupView,
    VerifyView,
    may_invite,
)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-step/set-up/", SetupView.as_view(), name="security_two_factor_setup"),
        path("two-step/verify/", VerifyView.as_view(), name="security_two_factor_verify"),
        path("two-step/ask/", AskForInvitationView.as_view(), name="security_two_factor_ask"),
        path(
            "two-step/invitation/<str:token>/",
            InvitationView.as_view(),
            name="security_two_factor_invitation",
        ),
        path("two-step/invite/<int:user_id>/", InviteView.as_view(), name="security_two_factor_invite"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    """Only someone who has given a code this session may move their app (the page would refuse anyone else)."""
    if not request.user.is_verified():
        return None
    return {
        "url": reverse("security_two_factor_setup"),
        "label": "Set up two-step sign-in on a new phone",
        "help_text": "Scan a new code with your authenticator app. The app you use now stops working.",
    }


@hooks.register("register_user_listing_buttons")
def register_invite_button(user, request_user):
    if not may_invite(request_user):
        return []
    return [
        Button(
            "Invite to set up two-step sign-in",
            url=reverse("security_two_factor_invite", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
    ]

"""Setting up an authenticator app, and giving its code, inside the admin; and the invitations.

The pages look like Wagtail's sign-in page: someone who has not given a code yet sees no menus.
The middleware (``StaffTwoFactorMiddleware``) sends people here; each form posts one code to one
function in ``website.security.two_factor``. Someone with no app and no invitation is told to ask
an administrator for one (``AskForInvitationView``); an administrator makes one for a user
(``InviteView``), and opening it (``InvitationView``) opens the set-up page for that session.
https://docs.wagtail.org/en/stable/extending/admin_views.html
"""

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.redirects import next_path, redirect_back
from website.security.invitations import INVITATION_HOURS, invitation_issue, invitation_open
from website.security.two_factor import (
    can_set_up,
    confirmed_device_for,
    pending_device_for,
    qr_code_data_url,
    readable_key,
    two_factor_confirm,
    two_factor_reset,
    two_factor_verify,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="Six digits. A new code appears every 30 seconds.",
        error_messages={"required": "Enter the 6-digit code your authenticator app shows."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


def next_url(request) -> str:
    """Where to go once verified: the address asked for, if it is a path on this site, else the dashboard."""
    return next_path(request, default=reverse("wagtailadmin_home"))


class TwoFactorView(View):
    template_name = ""

    def render(self, request, form: CodeForm, **context) -> TemplateResponse:
        return TemplateResponse(
            request, self.template_name, {"form": form, "next": next_url(request), **context}
        )

    def submit(self, request, code: str):
        raise NotImplementedError

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            result = self.submit(request, form.cleaned_data["code"])
            if result.ok:
                return redirect_back(request, default=reverse("wagtailadmin_home"))
            form.add_error("code", result.error)
        return self.render(request, form, **self.extra_context(request))

    def get(self, request):
        return self.render(request, CodeForm(), **self.extra_context(request))

    def extra_context(self, request) -> dict:
        return {}


class SetupView(TwoFactorView):
    """Scan a QR code (or type the key), then give the first code to turn two-step sign-in on."""

    template_name = "website/security/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_set_up(request):
            has_app = confirmed_device_for(request.user) is not None
            target = "security_two_factor_verify" if has_app else "security_two_factor_ask"
            return redirect(reverse(target) + "?" + request.GET.urlencode())
        return super().dispatch(request, *args, **kwargs)

    def extra_context(self, request) -> dict:
        device = pending_device_for(request.user)
        return {
            "qr_code": qr_code_data_url(device),
            "key": readable_key(device),
            "replacing": confirmed_device_for(request.user) is not None,
        }

    def submit(self, request, code: str):
        return two_factor_confirm(request=request, code=code)


class VerifyView(TwoFactorView):
    """Give the current code from the app set up before."""

    template_name = "website/security/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if confirmed_device_for(request.user) is None:
            target = "security_two_factor_setup" if can_set_up(request) else "security_two_factor_ask"
            return redirect(reverse(target) + "?" + request.GET.urlencode())
        return super().dispatch(request, *args, **kwargs)

    def submit(self, request, code: str):
        return two_factor_verify(request=request, code=code)


class AskForInvitationView(View):
    """For someone signed in with a password who has no app and no invitation: what to do next."""

    template_name = "website/security/two_factor_ask.html"

    def get(self, request):
        if confirmed_device_for(request.user) is not None or can_set_up(request):
            return redirect(reverse("security_two_factor_setup") + "?" + request.GET.urlencode())
        return TemplateResponse(request, self.template_name, {"hours": INVITATION_HOURS})


class InvitationView(View):
    """The link in an invitation: opens the set-up page for this session, once."""

    template_name = "website/security/two_factor_invitation_refused.html"

    def get(self, request, token: str):
        if problem := invitation_open(request=request, token=token):
            return TemplateResponse(request, self.template_name, {"problem": problem}, status=400)
        return redirect(reverse("security_two_factor_setup"))


def may_invite(user) -> bool:
    """Administrators: whoever may change users in the admin (superusers among them)."""
    return user.is_active and user.has_perm("auth.change_user")


class InviteView(WagtailAdminTemplateMixin, TemplateView):
    """Make an invitation for one user, and show the link once, to be sent to them by hand."""

    template_name = "website/security/two_factor_invite.html"
    page_title = "Two-step invitation"
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not may_invite(request.user):
            raise Http404("Not found")
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.person.get_full_name() or self.person.get_username()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": "Users"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            person=self.person,
            has_app=confirmed_device_for(self.person) is not None,
            hours=INVITATION_HOURS,
            users_url=reverse("wagtailusers_users:index"),
        )
        return context

    def post(self, request, user_id: int):
        two_factor_reset(user=self.person)
        issued = invitation_issue(user=self.person, by=request.user)
        response = self.render_to_response(self.get_context_data(issued=issued))
        # The link is a secret: never kept by a browser or a proxy.
        response["Cache-Control"] = "no-store"
        return response

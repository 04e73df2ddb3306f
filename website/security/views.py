"""Setting up an authenticator app, and giving its code, inside the admin.

Both pages look like Wagtail's sign-in page: someone who has not given a code yet sees no menus.
The middleware (``StaffTwoFactorMiddleware``) sends people here; each form posts one code to one
function in ``website.security.two_factor``. https://docs.wagtail.org/en/stable/extending/admin_views.html
"""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from website.security.redirects import next_path, redirect_back
from website.security.two_factor import (
    can_set_up,
    confirmed_device_for,
    pending_device_for,
    qr_code_data_url,
    readable_key,
    two_factor_confirm,
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
        if not can_set_up(request.user):
            return redirect(reverse("security_two_factor_verify") + "?" + request.GET.urlencode())
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
            return redirect(reverse("security_two_factor_setup") + "?" + request.GET.urlencode())
        return super().dispatch(request, *args, **kwargs)

    def submit(self, request, code: str):
        return two_factor_verify(request=request, code=code)

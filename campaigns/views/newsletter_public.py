"""The newsletter sign-up page, which the compact form in every page's footer also posts to.

The footer form works without JavaScript: a mistake there brings the visitor to this page, with
the errors beside the fields and what they typed kept.
"""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from campaigns.forms import NewsletterSignupForm
from campaigns.newsletter.signup import newsletter_signup
from core.network import client_ip
from core.spam import form_token


def _render(request, form, *, status: int = 200):
    response = render(
        request,
        "campaigns/newsletter/signup.html",
        {"form": form, "hide_footer_newsletter": True},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def newsletter_signup_view(request):
    """Show the form, or take a sign-up and redirect to the thank-you page (post, redirect, get)."""
    if request.method == "POST":
        form = NewsletterSignupForm(request.POST)
        if not form.is_valid():
            return _render(request, form)
        data = form.cleaned_data
        # A sign-up that looks automated waits for a person (held, not subscribed), and sees the same
        # thank-you as everyone else.
        newsletter_signup(
            email=data["email"],
            first_name=data["first_name"],
            council=data["council"],
            placement=data["placement"],
            honeypot=data["website"],
            token=data["form_token"],
            ip_address=client_ip(request) or "",
        )
        return redirect("newsletter_thanks")
    return _render(request, NewsletterSignupForm(initial={"form_token": form_token()}))


@require_GET
def newsletter_thanks_view(request):
    return render(request, "campaigns/newsletter/thanks.html", {"hide_footer_newsletter": True})


# A public form (the footer of every cached page posts here): the site's public-form middleware
# checks where the post came from instead of a CSRF token.
newsletter_signup_view.public_form = True

urlpatterns = [
    path("newsletter/", newsletter_signup_view, name="newsletter_signup"),
    path("newsletter/thank-you/", newsletter_thanks_view, name="newsletter_thanks"),
]

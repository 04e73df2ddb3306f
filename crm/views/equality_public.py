"""The equality questions after an enquiry: an optional page linked from the thank-you page.

The address carries a signed link (``crm.services.equality.equality_link_token``) naming the enquiry
just made; anyone with a link that is tampered with, unknown or more than a week old is told plainly
that it does not work, and nothing else. The enquiry is already made: nothing here can stop it.
"""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from crm.equality import INTRO, PARTNER_NOTE, POINTS
from crm.models import EqualityAnswers
from crm.services.equality import EqualityError, equality_link_household

from .applicant_common import private
from .equality_common import equality_errors, equality_forms, equality_forms_save, equality_sections


@require_http_methods(["GET", "POST"])
def equality_after_enquiry(request, token: str):
    household = equality_link_household(token=token)
    if household is None:
        return private(render(request, "crm/equality/link_refused.html", status=404))
    if request.GET.get("sent") == "1" and request.method == "GET":
        return private(render(request, "crm/equality/thanks.html", {"registration": False}))
    forms = equality_forms(household, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            try:
                equality_forms_save(
                    household=household, forms=forms, asked=EqualityAnswers.Asked.ENQUIRY, replace=False
                )
            except EqualityError as error:
                forms[0].add_error(None, str(error))
            else:
                return private(redirect(f"{request.path}?sent=1"))
        status = 400
    context = {
        "intro": INTRO,
        "points": POINTS,
        "partner_note": PARTNER_NOTE,
        "sections": equality_sections(forms),
        "errors": equality_errors(forms),
        "action": request.path,
        "skip_url": "/",
        "skip_label": "Skip these questions",
        "submit_label": "Send my answers",
    }
    return private(render(request, "crm/equality/questions.html", context, status=status))


# A public form: the site's public-form middleware checks where the post came from instead of a CSRF
# token, as for every form an anonymous visitor sends (``website.forms_security``).
equality_after_enquiry.public_form = True

urlpatterns = [
    path("enquire/about-you/<str:token>/", equality_after_enquiry, name="crm_equality_after_enquiry"),
]

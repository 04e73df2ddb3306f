"""The equality questions in the registration of interest: an optional part, never needed to send it.

Signed in, a person sees the answers they gave before (theirs and their partner's), changes them, or
removes them all. Nothing here is shown to staff.
"""

from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from crm.equality import INTRO, PARTNER_NOTE, POINTS, QUESTION_KEYS
from crm.models import EqualityAnswers
from crm.selectors.equality import equality_answers_of
from crm.services.equality import EqualityError, equality_answers_save

from .applicant_common import applicant_required
from .equality_common import equality_errors, equality_forms, equality_forms_save, equality_sections

REGISTRATION = EqualityAnswers.Asked.REGISTRATION


@applicant_required
@require_http_methods(["GET", "POST"])
def registration_equality(request):
    household = request.applicant_household
    done = reverse("applicant:registration") + "?equality="
    if request.method == "POST" and "remove" in request.POST:
        for person in EqualityAnswers.Person.values:
            blank = dict.fromkeys(QUESTION_KEYS, "")
            equality_answers_save(
                household=household, person=person, answers=blank, asked=REGISTRATION, replace=True
            )
        return redirect(done + "removed")
    if request.method == "POST":
        forms = equality_forms(household, request.POST)
        if all(form.is_valid() for form in forms):
            try:
                kept = equality_forms_save(household=household, forms=forms, asked=REGISTRATION, replace=True)
            except EqualityError as error:
                forms[0].add_error(None, str(error))
            else:
                return redirect(done + ("saved" if kept else "none"))
        status = 400
    else:
        forms = equality_forms(household, initial=equality_answers_of(household))
        status = 200
    context = {
        "intro": INTRO,
        "points": POINTS,
        "partner_note": PARTNER_NOTE,
        "sections": equality_sections(forms),
        "errors": equality_errors(forms),
        "action": request.path,
        "registration": True,
        "answered": bool(equality_answers_of(household)),
        "skip_url": reverse("applicant:registration"),
        "skip_label": "Skip this part",
        "submit_label": "Save my answers",
    }
    return render(request, "crm/equality/questions.html", context, status=status)


urlpatterns = [path("registration/equality/", registration_equality, name="registration_equality")]

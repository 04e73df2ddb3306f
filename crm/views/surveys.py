"""The survey page at /your-voice/<token>/: answered from the emailed link, without signing in.

The signed token in the address is the only key (``crm.services.surveys``). A link that is not ours
says so (404) and one that has closed says when (410), never an error page; a link already answered
says thank you, and answering again changes nothing.
"""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from crm.forms_surveys import SurveyForm
from crm.services.surveys import (
    ANSWERED,
    EXPIRED,
    UNKNOWN,
    SurveyError,
    survey_answer,
    survey_invitation_for_token,
    survey_state,
)
from crm.surveys import LINK_LIFETIME, survey_for

from .applicant_common import private


@require_http_methods(["GET", "POST"])
def survey_page(request, token: str):
    invitation = survey_invitation_for_token(token)
    state = survey_state(invitation)
    if state in (UNKNOWN, EXPIRED):
        context = {"state": state, "closed_on": invitation.sent_at + LINK_LIFETIME if invitation else None}
        return private(
            render(request, "crm/surveys/unavailable.html", context, status=404 if state == UNKNOWN else 410)
        )
    survey = survey_for(invitation.kind)
    if state == ANSWERED:
        return private(render(request, "crm/surveys/thanks.html", {"survey": survey}))
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(
                token=token, answers=form.answers(), comment=form.cleaned_data["comment"], named=form.named
            )
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            return private(redirect(request.path))
    status = 400 if request.method == "POST" else 200
    return private(render(request, "crm/surveys/form.html", {"survey": survey, "form": form}, status=status))


# A public form: the site's public-form middleware checks where the post came from instead of a CSRF
# token, as for every form someone who is not signed in sends.
survey_page.public_form = True

urlpatterns = [path("your-voice/<str:token>/", survey_page, name="crm_survey")]

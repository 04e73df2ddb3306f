"""The applicant's own page, at /your-adoption/: signing in by an emailed link, and "Your adoption journey".

The registration of interest's pages are in ``crm.views.applicant_registration``, under the same names.

An applicant's session is its own cookie (``APPLICANT_COOKIE``, sent only to /your-adoption/) and its
own table, apart from staff sessions: it never reaches the admin, and a staff login never reaches these
pages. Every page is the signed-in household's own, so no address here names a household.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from crm.forms_applicants import MessageForm, SignInRequestForm, StatusEmailsForm, SurveyEmailsForm
from crm.selectors.applicants import applicant_journey, applicant_messages
from crm.selectors.peers import applicant_peers_offer
from crm.services.applicant_emails import status_emails_set
from crm.services.applicants import (
    SESSION_LONGEST,
    SignInError,
    applicant_sign_out,
    sign_in_link_for_token,
    sign_in_link_problem,
    sign_in_link_request,
    sign_in_link_use,
)
from crm.services.messages import MessageError, message_from_applicant, messages_mark_read
from crm.services.surveys import survey_emails_set

from . import applicant_documents as documents
from . import applicant_equality as equality
from . import applicant_peers
from .applicant_common import APPLICANT_COOKIE, APPLICANT_PATH, applicant_required, private
from .applicant_registration import registration_offer_for
from .applicant_registration import urlpatterns as registration_urls

__all__ = ["APPLICANT_COOKIE", "APPLICANT_PATH", "applicant_required"]


@require_http_methods(["GET", "POST"])
def sign_in(request):
    """Ask for a link. The answer is the same whether or not we know the address."""
    form = SignInRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_in_link_request(email=form.cleaned_data["email"])
        return private(
            render(request, "crm/applicant/check_email.html", {"email": form.cleaned_data["email"]})
        )
    signed_out = request.GET.get("signed-out") == "1"
    return private(render(request, "crm/applicant/sign_in.html", {"form": form, "signed_out": signed_out}))


@require_http_methods(["GET", "POST"])
def sign_in_link(request, token: str):
    """GET asks them to press a button (a mail scanner opening the link uses nothing); POST signs in."""
    problem = ""
    if request.method == "POST":
        try:
            signed_in = sign_in_link_use(token=token)
        except SignInError as error:
            problem = str(error)
        else:
            response = HttpResponseRedirect(reverse("applicant:journey"))
            response.set_cookie(
                APPLICANT_COOKIE,
                signed_in.cookie,
                max_age=int(SESSION_LONGEST.total_seconds()),
                path=APPLICANT_PATH,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return private(response)
    else:
        problem = sign_in_link_problem(sign_in_link_for_token(token))
    context = {"problem": problem, "form": SignInRequestForm()}
    return private(
        render(request, "crm/applicant/sign_in_link.html", context, status=400 if problem else 200)
    )


@require_POST
def sign_out(request):
    applicant_sign_out(request.COOKIES.get(APPLICANT_COOKIE, ""))
    response = redirect(reverse("applicant:sign_in") + "?signed-out=1")
    response.delete_cookie(APPLICANT_COOKIE, path=APPLICANT_PATH)
    return private(response)


@applicant_required
@require_http_methods(["GET"])
def journey(request):
    household = request.applicant_household
    context = {
        "journey": applicant_journey(household),
        "registration_offer": registration_offer_for(household),
        "emails_form": StatusEmailsForm(
            initial={"status_emails": "yes" if household.status_emails else "no"}
        ),
        "surveys_form": _surveys_form(household),
        "saved": request.GET.get("saved") == "emails",
        "surveys_saved": request.GET.get("saved") == "surveys",
        "peers_offer": applicant_peers_offer(household),
    }
    return render(request, "crm/applicant/journey.html", context)


def _surveys_form(household, data=None):
    return SurveyEmailsForm(data, initial={"survey_emails": "yes" if household.survey_emails else "no"})


@applicant_required
@require_POST
def status_emails(request):
    form = StatusEmailsForm(request.POST)
    if not form.is_valid():
        household = request.applicant_household
        context = {
            "journey": applicant_journey(household),
            "registration_offer": registration_offer_for(household),
            "emails_form": form,
            "surveys_form": _surveys_form(household),
        }
        return render(request, "crm/applicant/journey.html", context, status=400)
    status_emails_set(household=request.applicant_household, on=form.cleaned_data["status_emails"] == "yes")
    return redirect(reverse("applicant:journey") + "?saved=emails#emails")


@applicant_required
@require_POST
def survey_emails(request):
    household = request.applicant_household
    form = _surveys_form(household, request.POST)
    if not form.is_valid():
        context = {
            "journey": applicant_journey(household),
            "registration_offer": registration_offer_for(household),
            "emails_form": StatusEmailsForm(
                initial={"status_emails": "yes" if household.status_emails else "no"}
            ),
            "surveys_form": form,
        }
        return render(request, "crm/applicant/journey.html", context, status=400)
    survey_emails_set(household=household, on=form.cleaned_data["survey_emails"] == "yes")
    return redirect(reverse("applicant:journey") + "?saved=surveys#surveys")


@applicant_required
@require_http_methods(["GET", "POST"])
def messages(request):
    """Their messages with their worker, oldest first, and a box to write another."""
    household = request.applicant_household
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                message_from_applicant(household=household, body=form.cleaned_data["body"])
            except MessageError as error:
                form.add_error("body", str(error))
            else:
                return redirect(reverse("applicant:messages") + "?sent=1#sent")
        status = 400
    messages_mark_read(household=household, by_applicant=True)
    context = {"thread": applicant_messages(household), "form": form, "sent": request.GET.get("sent") == "1"}
    return render(request, "crm/applicant/messages.html", context, status=status)


# Public forms: the site's public-form middleware checks where the post came from instead of a CSRF
# token, as for every form someone who is not signed in sends.
sign_in.public_form = True
sign_in_link.public_form = True

app_name = "applicant"
urlpatterns = [
    path("", journey, name="journey"),
    path("sign-in/", sign_in, name="sign_in"),
    path("sign-in/<str:token>/", sign_in_link, name="sign_in_link"),
    path("sign-out/", sign_out, name="sign_out"),
    path("emails/", status_emails, name="status_emails"),
    path("surveys/", survey_emails, name="survey_emails"),
    path("messages/", messages, name="messages"),
    *registration_urls,
    *equality.urlpatterns,
    *documents.urlpatterns,
    *applicant_peers.urlpatterns,
]

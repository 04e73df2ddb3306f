"""The registration of interest on the applicant's own page: a task list, a page a step, a review, sending it.

Each step's page checks its form and calls one service: a finished step is saved, an unfinished one is
kept as typed and shown again with what is wrong. "Save and come back later" keeps what was typed
either way. Everything works without JavaScript. Once sent, the answers are read-only here; a copy can
be downloaded as a PDF at any time.
"""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.forms_registration import STEP_FORMS, StepForm
from crm.models import REGISTRATION_STEPS, Household, RegistrationOfInterest
from crm.registration_pdf import PdfUnavailable, registration_pdf, registration_pdf_filename
from crm.selectors.equality import equality_answered
from crm.selectors.registrations import (
    Offer,
    registration_next_step,
    registration_of,
    registration_offer,
    registration_sections,
    registration_tasks,
    roi_decision_due,
)
from crm.services.registrations import (
    STEP_NUMBERS,
    RegistrationError,
    registration_looked_at,
    registration_problem,
    registration_step_draft,
    registration_step_save,
    registration_submit,
)

from .applicant_common import applicant_required

TEMPLATES = "crm/applicant/registration"
EQUALITY_MESSAGES = {
    "saved": "Thank you: your answers to the equality questions are saved.",
    "none": "You did not answer any of the equality questions, so nothing was saved. That is fine.",
    "removed": "Your answers to the equality questions are removed.",
}


def step_url_name(slug: str) -> str:
    return "registration_" + slug.replace("-", "_")


def step_path(slug: str) -> str:
    return reverse(f"applicant:{step_url_name(slug)}")


def registration_offer_for(household: Household) -> Offer | None:
    """What "Your adoption journey" offers about the registration (its button leads to the task list)."""
    return registration_offer(household, registration_of(household))


@applicant_required
@require_GET
def registration(request):
    """The task list; once sent, the answers to read; where it cannot be filled in here, why not."""
    household = request.applicant_household
    registration = registration_of(household)
    if registration is not None and registration.is_submitted:
        sections = [(section, "") for section in registration_sections(registration)]
        context = {"registration": registration, "sections": sections}
        return render(request, f"{TEMPLATES}_sent_answers.html", context)
    problem = registration_problem(household, registration)
    tasks = [(task, step_path(task.slug)) for task in registration_tasks(registration)]
    next_slug = registration_next_step(registration) if registration is not None else None
    context = {
        "registration": registration,
        "problem": problem,
        "tasks": tasks,
        "completed": sum(1 for task, _ in tasks if task.completed),
        "start_path": step_path(REGISTRATION_STEPS[0].slug),
        "next_path": step_path(next_slug) if next_slug else "",
        "saved": next(
            (step.title for step in REGISTRATION_STEPS if step.slug == request.GET.get("saved")), ""
        ),
        # The optional equality questions: listed apart from the parts, never needed to send it.
        "equality_answered": equality_answered(household),
        "equality_message": EQUALITY_MESSAGES.get(request.GET.get("equality", ""), ""),
    }
    return render(request, f"{TEMPLATES}_tasks.html", context)


def _step_page(request, form: StepForm, *, slug: str, status: int = 200, show_errors: bool = True):
    number = STEP_NUMBERS[slug]
    context = {
        "form": form,
        "step": REGISTRATION_STEPS[number - 1],
        "number": number,
        "steps": len(REGISTRATION_STEPS),
        "show_errors": show_errors,
        "action": step_path(slug),
    }
    return render(request, f"{TEMPLATES}_step.html", context, status=status)


def _start_values(slug: str, household: Household) -> dict:
    """What a step shows before anything is saved: the email address we write to, on "About you"."""
    if slug == "about-you":
        return {"email": household.email}
    return {}


@applicant_required
@require_http_methods(["GET", "POST"])
def registration_step(request, *, slug: str):
    household = request.applicant_household
    registration = registration_of(household)
    if registration_problem(household, registration):
        return redirect("applicant:registration")
    form_class = STEP_FORMS[slug]
    if request.method == "GET":
        form = form_class(household=household)
        if registration is not None and slug in registration.drafts:
            form.initial = form.initial_from_draft(registration.drafts[slug])
        elif registration is not None and slug in registration.answers:
            form.initial = form_class.initial_from(registration.answers[slug])
        else:
            form.initial = _start_values(slug, household)
        return _step_page(request, form, slug=slug)

    form = form_class(request.POST, household=household)
    later = "later" in request.POST
    try:
        if form.is_valid():
            registration = registration_step_save(household=household, step=slug, answers=form.answers())
            if later:
                return redirect(reverse("applicant:registration") + f"?saved={slug}")
            next_slug = registration_next_step(registration, after=slug)
            return redirect(step_path(next_slug) if next_slug else reverse("applicant:registration_review"))
        registration_step_draft(household=household, step=slug, typed=form.posted())
    except RegistrationError:
        # Sent, or moved on, in another window since this page was opened: the task list says which.
        return redirect("applicant:registration")
    if later:
        return redirect(reverse("applicant:registration") + f"?saved={slug}")
    return _step_page(request, form, slug=slug, status=400)


def _review_page(request, registration: RegistrationOfInterest, *, problem: str = "", status: int = 200):
    sections = [(section, step_path(section.slug)) for section in registration_sections(registration)]
    context = {
        "registration": registration,
        "sections": sections,
        "unfinished": [(section, change) for section, change in sections if not section.rows],
        "problem": problem,
    }
    return render(request, f"{TEMPLATES}_review.html", context, status=status)


@applicant_required
@require_GET
def registration_review(request):
    household = request.applicant_household
    registration = registration_of(household)
    if registration is None or registration_problem(household, registration):
        return redirect("applicant:registration")
    return _review_page(request, registration)


@applicant_required
@require_POST
def registration_send(request):
    household = request.applicant_household
    try:
        registration_submit(household=household)
    except RegistrationError as error:
        registration = registration_of(household)
        if registration is not None and registration.is_submitted:
            return redirect("applicant:registration_sent")  # a second press of "Send"
        if registration is None:
            return redirect("applicant:registration")
        return _review_page(request, registration, problem=str(error), status=400)
    return redirect("applicant:registration_sent")


@applicant_required
@require_GET
def registration_sent(request):
    household = Household.objects.select_related("clock").get(pk=request.applicant_household.pk)
    registration = registration_of(household)
    if registration is None or not registration.is_submitted:
        return redirect("applicant:registration")
    context = {
        "household": household,
        "registration": registration,
        "decision_by": roi_decision_due(household),
        "left_to_worker": registration.outcome == RegistrationOfInterest.Outcome.LEFT_TO_WORKER,
    }
    return render(request, f"{TEMPLATES}_done.html", context)


@applicant_required
@require_GET
def registration_download(request):
    """Their own copy of what they have saved (or sent) as a PDF; a plain message if one cannot be made."""
    registration = registration_of(request.applicant_household)
    if registration is None:
        return redirect("applicant:registration")
    try:
        content = registration_pdf(registration)
    except PdfUnavailable:
        return render(request, f"{TEMPLATES}_pdf_unavailable.html", status=503)
    registration_looked_at(registration=registration, pdf=True)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{registration_pdf_filename(registration)}"'
    return response


urlpatterns = [
    path("registration/", registration, name="registration"),
    *(
        path(
            f"registration/{step.slug}/",
            registration_step,
            {"slug": step.slug},
            name=step_url_name(step.slug),
        )
        for step in REGISTRATION_STEPS
    ),
    path("registration/review/", registration_review, name="registration_review"),
    path("registration/send/", registration_send, name="registration_send"),
    path("registration/sent/", registration_sent, name="registration_sent"),
    path("registration/pdf/", registration_download, name="registration_pdf"),
]

"""Sharing a story (the form on the "Share your story" page posts here) and withdrawing it (the emailed link).

The form's address is fixed, so its request limit (a photo of up to ``STORY_PHOTO_MAX_BYTES``) is known
before anything reads the body, and the upload handler that writes at most that much to disk is set
first. A form with a problem comes back on the marketing team's page with everything typed kept (but
the photo, which no browser can be given back). Neither page is kept by any cache.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from core.network import client_ip
from core.spam import spam_reasons
from core.uploads import CappedUploadHandler
from website.forms_security import public_form
from website.forms_stories import PHOTO_AGAIN, StoryShareForm
from website.models import ShareStoryPage
from website.story_links import submission_for_token
from website.story_photos import PhotoRefused, story_photo_judge
from website.story_submissions import StoryError, story_consent_withdraw, story_submission_create

logger = logging.getLogger(__name__)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _share_page() -> ShareStoryPage:
    page = ShareStoryPage.objects.live().public().first()
    if page is None:
        raise Http404("No 'Share your story' page is published.")
    return page


@public_form
@require_http_methods(["GET", "POST"])
def story_send(request):
    """Upload handler first (before anything reads the body), then the form."""
    request.upload_handlers = [CappedUploadHandler(request, limit=settings.STORY_PHOTO_MAX_BYTES)]
    page = _share_page()
    if request.method == "GET":
        return redirect(page.url)
    form = StoryShareForm(request.POST, request.FILES)
    photo = None
    if form.is_valid() and form.cleaned_data.get("photo"):
        try:
            photo = story_photo_judge(form.cleaned_data["photo"])
        except PhotoRefused as refused:
            form.add_error("photo", str(refused))
    if form.errors:
        if request.FILES.get("photo") and "photo" not in form.errors:
            form.add_error("photo", PHOTO_AGAIN)
        return _again(request, page, form)
    if form.is_trapped:
        return _sent(request, page, email=form.cleaned_data["email"])
    doubts = spam_reasons(
        honeypot="",
        token=form.cleaned_data["form_token"],
        ip_address=client_ip(request) or "",
        email=form.cleaned_data["email"],
    )
    try:
        story_submission_create(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            name_choice=form.cleaned_data["name_choice"],
            published_name=form.published_name_value(),
            title=form.cleaned_data["title"],
            story=form.cleaned_data["story"],
            photo=photo,
            consent_version=form.cleaned_data["wording_version"] or "",
            doubts=doubts,
        )
    except StoryError as error:
        form.add_error(None, str(error))
        return _again(request, page, form)
    return _sent(request, page, email=form.cleaned_data["email"])


def _again(request, page: ShareStoryPage, form: StoryShareForm):
    context = {**page.get_context(request), "form": form}
    return _private(TemplateResponse(request, page.get_template(request), context, status=400))


def _sent(request, page: ShareStoryPage, *, email: str):
    context = {"page": page, "email": email}
    return _private(TemplateResponse(request, "website/share_story_sent.html", context))


@public_form
@require_http_methods(["GET", "POST"])
def story_withdraw(request, token: str):
    """The link in the confirmation email: a page with a button, so a mail scanner opening it changes nothing."""
    submission = submission_for_token(token)
    context = {"share_page": ShareStoryPage.objects.live().public().first(), "submission": submission}
    if submission is None:
        return _private(TemplateResponse(request, "website/story_withdraw.html", context, status=404))
    if request.method == "POST":
        story_consent_withdraw(submission=submission)
        submission.refresh_from_db()
        context["done"] = True
    return _private(TemplateResponse(request, "website/story_withdraw.html", context))

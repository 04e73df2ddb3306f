"""Stories people sent, in the admin: for the marketing team and managers only.

A list (name, date, consent version, state, the draft page), each submission in full, and two actions:
withdrawing consent for the person (as their emailed link does) and sending a held submission to
moderation. Nobody adds, changes or deletes a submission here: the story is edited as its page, and a
person's data is erased through the privacy screens. Anyone else gets a 404 at every address.
https://docs.wagtail.org/en/stable/extending/generic_views.html#modelviewset
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from website.models import StorySubmission
from website.story_submissions import story_consent_withdraw, story_submission_release

SEE = {"view", "withdraw"}


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions for looking and withdrawing; nobody adds, changes or deletes here."""

    def user_has_permission(self, user, action):
        return action in SEE and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) & SEE)


register_permission_policy(StorySubmission, SubmissionPermissionPolicy(StorySubmission))


def _policy():
    return policy_registry.get_by_type(StorySubmission)


def permitted_only(view):
    """A 404 for anyone who may not see submissions at all."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _policy().user_has_any_permission(request.user, SEE):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapped


class PageColumn(Column):
    """A link to the story's page in the editor, where it is read, edited and published."""

    cell_template_name = "website/admin/story_page_cell.html"

    def get_value(self, instance):
        if not instance.page_id:
            return None
        return reverse("wagtailadmin_pages:edit", args=[instance.page_id])


class SubmissionInspectView(generic.InspectView):
    template_name = "website/admin/story_submission_inspect.html"

    def get_page_display_value(self):
        if not self.object.page_id:
            return "None"
        url = reverse("wagtailadmin_pages:edit", args=[self.object.page_id])
        return format_html('<a href="{}">Edit the story page</a>', url)

    def get_photo_display_value(self):
        if self.object.photo_id:
            return format_html(
                '<a href="{}">The photo in the images library</a>',
                reverse("wagtailimages:edit", args=[self.object.photo_id]),
            )
        return "Deleted (consent withdrawn)" if self.object.photo_given else "None sent"

    def get_doubts_display_value(self):
        return " ".join(self.object.doubts) or "None"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_withdraw = _policy().user_has_permission(self.request.user, "withdraw")
        context["may_withdraw"] = may_withdraw and self.object.state != StorySubmission.State.WITHDRAWN
        context["may_release"] = may_withdraw and self.object.state == StorySubmission.State.HELD
        return context


def submission_withdraw(request, pk: int):
    """Withdraw consent for the person who sent the story (they asked by phone or email): confirm, then do."""
    if not _policy().user_has_permission(request.user, "withdraw"):
        raise Http404("Not found")
    submission = get_object_or_404(StorySubmission, pk=pk)
    if request.method == "POST":
        if story_consent_withdraw(submission=submission, by=request.user):
            messages.success(request, f"Consent withdrawn: '{submission.title}' is unpublished for good.")
        else:
            messages.info(request, "That story's consent was already withdrawn.")
        return redirect("story_submissions:inspect", pk)
    context = {"submission": submission, "page_title": "Withdraw consent", "header_icon": "cross"}
    return TemplateResponse(request, "website/admin/story_submission_withdraw.html", context)


@require_POST
def submission_release(request, pk: int):
    """A held submission was sent by a real person: put it in moderation."""
    if not _policy().user_has_permission(request.user, "withdraw"):
        raise Http404("Not found")
    submission = story_submission_release(
        submission=get_object_or_404(StorySubmission, pk=pk), by=request.user
    )
    if submission.state == StorySubmission.State.IN_MODERATION:
        messages.success(request, "Sent to moderation: it is a draft story waiting for review.")
    return redirect("story_submissions:inspect", pk)


class StorySubmissionViewSet(ModelViewSet):
    model = StorySubmission
    name = "story_submissions"
    url_prefix = "story-submissions"
    icon = "openquote"
    menu_label = "Story submissions"
    menu_order = 240
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    list_display = [
        "name",
        "title",
        DateColumn("submitted_at", label="Sent"),
        "consent_wording_version",
        "state",
        PageColumn("page", label="Story page"),
    ]
    list_filter = ["state"]
    search_fields = ["name", "title"]
    ordering = ["-submitted_at"]
    list_per_page = 50
    inspect_view_fields = [
        "title",
        "state",
        "submitted_at",
        "withdrawn_at",
        "name",
        "email",
        "name_choice",
        "published_name",
        "story",
        "photo",
        "consent_wording_version",
        "consent_wording",
        "doubts",
        "page",
    ]
    form_fields = ["title"]  # the edit form is never reachable (no one may change a submission)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [
            path("withdraw/<int:pk>/", submission_withdraw, name="withdraw"),
            path("release/<int:pk>/", submission_release, name="release"),
        ]
        return decorate_urlpatterns(patterns, permitted_only)

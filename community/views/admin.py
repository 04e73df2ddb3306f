"""The forum in the Wagtail admin: granting membership (any CRM worker, for households they may open), and
the moderators' queue and membership actions (managers, and staff given "Can moderate the forum").

Everyone else gets a 404, as on every CRM address. Each action validates a small form and calls one
service in ``community.services``; a refusal shows the page again with the reason and what was typed.
"""

import re

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.models import Membership, Post, Space
from community.selectors import (
    is_moderator,
    membership_for,
    memberships_visible_to,
    moderation_queue,
    queue_post_get,
    space_for_stage,
)
from community.services import (
    APPROVE,
    REJECT,
    REMOVE,
    ForumError,
    membership_end,
    membership_grant,
    membership_reinstate,
    membership_suspend,
    post_moderate,
)
from crm.selectors import can_see_people, households_visible_to

PAGE_SIZE = 50
REFERENCE = re.compile(r"^\s*(?:APSE-?)?0*(\d{1,12})\s*$", re.IGNORECASE)
QUEUE_CRUMB = {"url": reverse_lazy("community_queue"), "label": "Moderation queue"}
MEMBERS_CRUMB = {"url": reverse_lazy("community_members"), "label": "Forum members"}


class ForumPageView(WagtailAdminTemplateMixin, TemplateView):
    """A forum screen: a 404 for anyone who may not use it (``allowed``)."""

    header_icon = "comment"
    crumbs: list[dict] = []

    def allowed(self, user) -> bool:
        return can_see_people(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.crumbs, {"url": "", "label": self.get_page_title()}]


class ModeratorView(ForumPageView):
    def allowed(self, user) -> bool:
        return is_moderator(user)


class ReasonForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (REJECT, "Reject"), (REMOVE, "Remove")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve, reject or remove"},
    )
    reason = forms.CharField(
        label="Reason (the member sees it)",
        max_length=250,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to reject or remove. Say what to change, for example “Please leave out the school's name”.",
    )


class QueueView(ModeratorView):
    page_title = "Moderation queue"
    template_name = "community/admin/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(moderation_queue(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page)
        return context


class PostView(ModeratorView):
    """One post waiting: what the member wrote, why it was held or who reported it, and the decision."""

    model = Post
    template_name = "community/admin/post.html"
    crumbs = [QUEUE_CRUMB]

    def get_page_title(self):
        return f"Forum post {self.kwargs['pk']}"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        post = queue_post_get(post_id=self.kwargs["pk"])
        context.update(post=post, form=form or ReasonForm(), reports=list(post.reports.all()))
        return context

    def post(self, request, pk: int):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                post_moderate(
                    post_id=pk,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ForumError as error:
                form.add_error("reason", str(error))
            else:
                done = {APPROVE: "approved: it is up", REJECT: "not published", REMOVE: "removed"}
                messages.success(request, f"Post {pk} {done[form.cleaned_data['action']]}.")
                return redirect("community_queue")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MembersView(ForumPageView):
    page_title = "Forum members"
    template_name = "community/admin/members.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = memberships_visible_to(self.request.user).exclude(status=Membership.Status.ENDED)
        page = Paginator(memberships, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, moderator=is_moderator(self.request.user))
        return context


class GrantForm(forms.Form):
    reference = forms.CharField(
        label="Household reference",
        max_length=20,
        help_text="For example APSE-000123, from the household's page.",
    )


class GrantView(ForumPageView):
    """Find a household the worker may open; show the space its stage fits; grant it."""

    page_title = "Grant forum membership"
    template_name = "community/admin/grant.html"
    crumbs = [MEMBERS_CRUMB]

    def _household(self, reference: str):
        match = REFERENCE.match(reference or "")
        if match is None:
            return None
        return households_visible_to(self.request.user).filter(pk=int(match.group(1))).first()

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or GrantForm(self.request.GET or None)
        household = space = current = None
        if form.is_bound and form.is_valid():
            household = self._household(form.cleaned_data["reference"])
            if household is None:
                form.add_error("reference", "There is no household you can open with that reference.")
            else:
                space = space_for_stage(household)
                current = membership_for(household)
        context.update(
            form=form, household=household, space=Space(space).label if space else "", current=current
        )
        return context

    def post(self, request):
        household_id = request.POST.get("household", "")
        try:
            membership = membership_grant(
                household_id=int(household_id) if household_id.isdigit() else 0, by=request.user
            )
        except ForumError as error:
            form = GrantForm({"reference": request.POST.get("reference", "")})
            form.is_valid()
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            f"{membership.household.reference} may now join the {membership.get_space_display()}. "
            "They sign in with their usual link and choose a forum name.",
        )
        return redirect("community_members")


class MemberActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("suspend", "Suspend"), ("reinstate", "Reinstate"), ("end", "End")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose suspend, reinstate or end"},
    )
    reason = forms.CharField(
        label="Reason", max_length=250, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberView(ModeratorView):
    """One membership: suspend it (the member is told why), reinstate it, or end it."""

    model = Membership
    template_name = "community/admin/member.html"
    crumbs = [MEMBERS_CRUMB]

    def get_page_title(self):
        return f"Forum member {self.kwargs['pk']}"

    def membership(self) -> Membership:
        membership = memberships_visible_to(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if membership is None:
            raise Http404("Not found")
        return membership

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.membership()
        context.update(
            membership=membership,
            form=form or MemberActionForm(),
            posts=membership.posts.select_related("topic").order_by("-created_at")[:20],
        )
        return context

    def post(self, request, pk: int):
        self.membership()
        form = MemberActionForm(request.POST)
        if form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            try:
                if action == "suspend":
                    membership_suspend(membership_id=pk, reason=reason, by=request.user)
                elif action == "reinstate":
                    membership_reinstate(membership_id=pk, by=request.user)
                else:
                    membership_end(membership_id=pk, reason=reason, by=request.user)
            except ForumError as error:
                form.add_error("reason", str(error))
            else:
                messages.success(request, "Membership updated.")
                return redirect(reverse("community_member", args=[pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)

"""The newsletter in the Wagtail admin: subscribers with their consent, sign-ups held as doubtful, and
Mailchimp syncs needing a person.

Marketing editors, managers and superusers see these screens. For everyone else there is no menu
item and every address is a 404, as in the CRM, so the screens give nothing away.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.forms import SubscriberSearchForm
from campaigns.integrations.mailchimp import is_configured
from campaigns.models import MailchimpSync
from campaigns.newsletter.access import newsletter_admin_allowed, newsletter_sees_casework
from campaigns.newsletter.held import (
    held_signup_delete,
    held_signup_get,
    held_signup_release,
    held_signups_waiting,
)
from campaigns.newsletter.selectors import (
    mailchimp_sync_get,
    mailchimp_syncs_needing_attention,
    subscriber_get,
    subscribers_for_admin,
)
from campaigns.newsletter.subscribers import subscriber_unsubscribe
from campaigns.newsletter.sync import mailchimp_sync_retry
from core.redirects import redirect_back
from crm.models import AuditEvent
from crm.services.privacy import audit_record

PAGE_SIZE = 50


class NewsletterStaffRequiredMixin:
    """A 404 for anyone who does not run the newsletter."""

    def dispatch(self, request, *args, **kwargs):
        if not newsletter_admin_allowed(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class NewsletterScreen(NewsletterStaffRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def paginate(self, rows):
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        return {
            "page_obj": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mailchimp_configured"] = is_configured()
        context["sees_casework"] = newsletter_sees_casework(self.request.user)
        return context


class SubscriberListView(NewsletterScreen):
    page_title = "Newsletter subscribers"
    template_name = "campaigns/newsletter/admin/subscribers.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SubscriberSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        page = self.paginate(subscribers_for_admin(query=query))
        if shown := list(page["page_obj"].object_list):
            audit_record(
                action=AuditEvent.Action.VIEW,
                target=shown,
                request=self.request,
                summary="Shown in the newsletter subscriber list",
            )
        context.update(search_form=form, query=query, next_url=self.request.get_full_path(), **page)
        return context


class SyncListView(NewsletterScreen):
    page_title = "Mailchimp syncs"
    template_name = "campaigns/newsletter/admin/syncs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(**self.paginate(mailchimp_syncs_needing_attention()))
        return context


@method_decorator(require_POST, name="dispatch")
class SubscriberUnsubscribeView(NewsletterStaffRequiredMixin, View):
    def post(self, request, pk: int):
        subscriber = subscriber_get(pk=pk)
        if subscriber is None:
            raise Http404("No such subscriber")
        subscriber = subscriber_unsubscribe(
            subscriber=subscriber, source=f"Admin: {request.user.get_username()}"[:40]
        )
        audit_record(
            action=AuditEvent.Action.CHANGE,
            target=subscriber,
            request=request,
            summary="Unsubscribed from the newsletter by a member of staff",
        )
        messages.success(request, f"{subscriber.email} is unsubscribed. Mailchimp will be told.")
        return redirect_back(request, default=reverse("newsletter_subscribers"))


@method_decorator(require_POST, name="dispatch")
class SyncRetryView(NewsletterStaffRequiredMixin, View):
    def post(self, request, pk: int):
        sync = mailchimp_sync_get(pk=pk)
        if sync is None:
            raise Http404("No such sync")
        sync = mailchimp_sync_retry(sync_id=sync.pk)
        if sync.status == MailchimpSync.Status.PENDING:
            messages.success(
                request, f"Trying again: {sync.get_action_display().lower()} for {sync.subscriber.email}."
            )
        else:
            messages.warning(
                request, f"This sync is {sync.get_status_display().lower()}, so there is nothing to retry."
            )
        return redirect_back(request, default=reverse("newsletter_syncs"))


class HeldSignupListView(NewsletterScreen):
    """Sign-ups from the website that looked automated, each with why, waiting for a decision."""

    page_title = "Held sign-ups"
    template_name = "campaigns/newsletter/admin/held.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.paginate(held_signups_waiting())
        if shown := list(page["page_obj"].object_list):
            audit_record(
                action=AuditEvent.Action.VIEW,
                target=shown,
                request=self.request,
                summary="Shown in the held newsletter sign-ups",
            )
        context.update(next_url=self.request.get_full_path(), **page)
        return context


@method_decorator(require_POST, name="dispatch")
class HeldSignupDecisionView(NewsletterStaffRequiredMixin, View):
    """Sign a held sign-up up, or delete it. POST only."""

    decision = ""

    def post(self, request, pk: int):
        held = held_signup_get(pk=pk)
        if held is None:
            raise Http404("No such held sign-up")
        email = held.email
        if self.decision == "release":
            audit_record(
                action=AuditEvent.Action.CHANGE,
                target=held,
                request=request,
                summary="Held newsletter sign-up judged genuine and signed up",
            )
            if held_signup_release(held=held):
                messages.success(
                    request, f"{email} is signed up, with the consent they gave when they asked."
                )
            else:
                messages.warning(request, f"The sign-up from {email} had already been dealt with.")
        else:
            audit_record(
                action=AuditEvent.Action.DELETE,
                target=held,
                request=request,
                summary="Held newsletter sign-up judged automated and deleted",
            )
            if held_signup_delete(held=held):
                messages.success(
                    request, f"The sign-up from {email} is deleted. Nothing was sent to Mailchimp."
                )
            else:
                messages.warning(request, f"The sign-up from {email} had already been dealt with.")
        return redirect_back(request, default=reverse("newsletter_held"))


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("newsletter/", SubscriberListView.as_view(), name="newsletter_subscribers"),
        path(
            "newsletter/subscribers/<int:pk>/unsubscribe/",
            SubscriberUnsubscribeView.as_view(),
            name="newsletter_subscriber_unsubscribe",
        ),
        path("newsletter/held/", HeldSignupListView.as_view(), name="newsletter_held"),
        path(
            "newsletter/held/<int:pk>/sign-up/",
            HeldSignupDecisionView.as_view(decision="release"),
            name="newsletter_held_release",
        ),
        path(
            "newsletter/held/<int:pk>/delete/",
            HeldSignupDecisionView.as_view(decision="delete"),
            name="newsletter_held_delete",
        ),
        path("newsletter/syncs/", SyncListView.as_view(), name="newsletter_syncs"),
        path("newsletter/syncs/<int:pk>/retry/", SyncRetryView.as_view(), name="newsletter_sync_retry"),
    ]


class NewsletterMenuItem(MenuItem):
    def is_shown(self, request):
        return newsletter_admin_allowed(request.user)


class NewsletterSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return newsletter_admin_allowed(request.user)


@hooks.register("register_admin_menu_item")
def register_newsletter_menu():
    menu = Menu(
        items=[
            NewsletterMenuItem("Subscribers", reverse("newsletter_subscribers"), icon_name="user", order=100),
            NewsletterMenuItem("Held sign-ups", reverse("newsletter_held"), icon_name="warning", order=150),
            NewsletterMenuItem(
                "Mailchimp syncs", reverse("newsletter_syncs"), icon_name="resubmit", order=200
            ),
        ]
    )
    return NewsletterSubmenuItem("Newsletter", menu, icon_name="mail", order=450)

"""Privacy screens for managers in the Wagtail admin: find a person, see who has looked at their record,
download everything held about them (subject access), erase them, and see what retention will do.

Managers and superusers only; everyone else gets a 404, as on every CRM address. Opening a
person's page is itself recorded in the audit trail, as it shows their details.
"""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.views import View
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import register_permission_policy

from core.personal_data import holders
from crm import selectors
from crm.models import AuditEvent, RetentionRule
from crm.services.privacy import PrivacyError, audit_record, person_erase, subject_access_export
from crm.views.households_setup import CRM_MENU_HOOK, ManagersOnlyPolicy, ManagersViewSet

AUDIT_PAGE_SIZE = 50
PRIVACY_CRUMB = {"url": reverse_lazy("crm_privacy"), "label": "Privacy"}


class FindForm(forms.Form):
    q = forms.CharField(
        label="Reference, email address or phone number",
        max_length=200,
        required=False,
        help_text="For example APSE-000123, sam@example.com or 07700 900123.",
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label="Why are their details being erased?",
        help_text="Kept in the audit trail. Do not write the person's name or contact details here.",
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone: their details go from here and from Mailchimp for good.",
    )


class ManagersOnlyMixin:
    """A 404 for anyone but managers and superusers."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.sees_everything(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class PrivacyPageView(ManagersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "lock"
    crumbs: list[dict] = []

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.crumbs, {"url": "", "label": self.get_page_title()}]


class PrivacyHomeView(PrivacyPageView):
    """Find a person by reference, email address or phone number."""

    page_title = "Privacy"
    template_name = "crm/privacy/find.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FindForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        warnings = [warning for holder in holders() for warning in holder.warnings()]
        context.update(
            form=form,
            query=query,
            anchors=selectors.privacy_find(query=query) if query else [],
            warnings=warnings,
            denials=selectors.denied_attempts_repeated(),
            denials_at_least=selectors.REPEATED_DENIALS,
            denials_days=selectors.REPEATED_DENIALS_DAYS,
        )
        return context


class PersonMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.key = kwargs["key"]

    def person(self):
        return selectors.person_for_anchor(key=self.key)


class PersonView(PersonMixin, PrivacyPageView):
    """One person: their records, how much is held where, and their audit trail."""

    template_name = "crm/privacy/person.html"
    crumbs = [PRIVACY_CRUMB]

    def get(self, request, *args, **kwargs):
        self.anchor, self.person_found = self.person()
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return f"Personal data: {self.anchor.label or self.anchor.key}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person_found
        households = list(selectors.person_households(person))
        # Shown below, so recorded before the trail is read: the page lists its own opening.
        audit_record(
            action=AuditEvent.Action.VIEW,
            target=households or None,
            request=self.request,
            object_type=self.anchor.kind,
            object_id=self.anchor.pk,
            summary="Privacy page opened",
        )
        events = Paginator(selectors.audit_events_for_person(person), AUDIT_PAGE_SIZE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            anchor=self.anchor,
            person=person,
            households=households,
            open_households=selectors.person_open_households(person),
            counts=selectors.person_counts(person),
            stores=[store for holder in holders() for store in holder.stores],
            events=events,
            elided_page_range=events.paginator.get_elided_page_range(events.number),
        )
        return context


class SubjectAccessView(PersonMixin, ManagersOnlyMixin, View):
    """POST: the subject access ZIP, as a download."""

    http_method_names = ["post"]

    def post(self, request, key: str):
        anchor, person = self.person()
        try:
            found = subject_access_export(anchor=anchor, person=person, by=request.user, request=request)
        except PrivacyError as error:
            messages.error(request, str(error))
            return redirect("crm_privacy_person", key=key)
        response = HttpResponse(found.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response


class EraseView(PersonMixin, PrivacyPageView):
    """Erase a person: a confirmation page with a reason, then one service call."""

    template_name = "crm/privacy/erase.html"

    def get_page_title(self):
        return "Erase a person's details"

    def get_breadcrumbs_items(self):
        crumbs = [*self.breadcrumbs_items, PRIVACY_CRUMB]
        crumbs.append({"url": reverse("crm_privacy_person", args=[self.key]), "label": "Personal data"})
        return [*crumbs, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        self.anchor, self.person_found = self.person()
        return self.render_to_response(self.get_context_data(form=EraseForm()))

    def post(self, request, key: str):
        self.anchor, self.person_found = self.person()
        form = EraseForm(request.POST)
        if form.is_valid():
            try:
                result = person_erase(
                    person=self.person_found, by=request.user, reason=form.cleaned_data["reason"]
                )
            except PrivacyError as error:
                form.add_error(None, str(error))
            else:
                records = len(result.households) + result.enquiries_deleted
                message = (
                    f"Erased: {records} {'record' if records == 1 else 'records'} anonymised or removed here"
                )
                if any(count for name, count in result.elsewhere.items() if "Mailchimp" in name):
                    message += ", and their deletion from Mailchimp is under way"
                messages.success(request, message + ".")
                return redirect("crm_privacy")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person_found
        context.update(
            anchor=self.anchor,
            households=list(selectors.person_households(person)),
            open_households=selectors.person_open_households(person),
            counts=selectors.person_counts(person),
            stores=[store for holder in holders() for store in holder.stores],
        )
        return context


class RetentionView(PrivacyPageView):
    """The retention policy and the dry run: what the nightly job would do if it ran now."""

    page_title = "Retention policy"
    template_name = "crm/privacy/retention.html"
    crumbs = [PRIVACY_CRUMB]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report=selectors.retention_report(sample=20), keep=RetentionRule.Action.KEEP)
        return context


urlpatterns = [
    path("crm/privacy/", PrivacyHomeView.as_view(), name="crm_privacy"),
    path("crm/privacy/retention/", RetentionView.as_view(), name="crm_privacy_retention"),
    path("crm/privacy/<str:key>/", PersonView.as_view(), name="crm_privacy_person"),
    path(
        "crm/privacy/<str:key>/subject-access/",
        SubjectAccessView.as_view(),
        name="crm_privacy_subject_access",
    ),
    path("crm/privacy/<str:key>/erase/", EraseView.as_view(), name="crm_privacy_erase"),
]


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return urlpatterns


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.sees_everything(request.user)


@hooks.register(CRM_MENU_HOOK)
def register_privacy_menu_item():
    return ManagersMenuItem("Privacy", reverse("crm_privacy"), icon_name="lock", order=190)


# The policy table itself: managers change the periods; the kinds of record are fixed.

register_permission_policy(RetentionRule, ManagersOnlyPolicy(RetentionRule, actions={"change", "view"}))


class RetentionRuleForm(WagtailAdminModelForm):
    class Meta:
        model = RetentionRule
        fields = ["action", "period", "unit", "is_active", "basis"]


class RetentionRuleEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        audit_record(
            action=AuditEvent.Action.CHANGE,
            request=self.request,
            object_type="retentionrule",
            object_id=instance.pk,
            summary=f"Retention rule changed: {instance}",
        )
        return instance

    def get_success_message(self):
        return f"Saved: {self.object}. The next nightly run and the dry-run report use it."


class RetentionRuleViewSet(ManagersViewSet):
    model = RetentionRule
    name = "crm_retention_rules"
    url_prefix = "crm/retention-rules"
    icon = "lock"
    menu_label = "Retention rules"
    menu_order = 540
    form_class = RetentionRuleForm
    edit_view_class = RetentionRuleEditView
    list_display = ["__str__", "is_active", "updated_at"]
    ordering = ["kind"]


@hooks.register("register_admin_viewset")
def register_retention_rules():
    return RetentionRuleViewSet()

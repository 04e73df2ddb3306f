"""The CRM's reference tables in the admin: postcodes, teams, staff, clocks, and side effects needing a person.

Only managers and superusers may see these. Wagtail's own permission checks would send anyone
else back to the dashboard; here everyone else gets a 404, like the rest of the CRM, and no menu item.
https://docs.wagtail.org/en/stable/extending/generic_views.html#modelviewset
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from crm.forms_admin import ClockForm, PostcodeAreaForm, RoutingRuleForm, StaffMemberForm, TeamForm
from crm.models import Clock, PostcodeArea, RoutingRule, SideEffect, StaffMember, Team
from crm.selectors import sees_everything
from crm.services import clocks_recompute

CRM_MENU_HOOK = "register_crm_menu_item"
STUCK_AFTER = dt.timedelta(minutes=10)


class ManagersOnlyPolicy(BasePermissionPolicy):
    """Managers and superusers may do ``actions`` on the model; nobody else may do anything."""

    def __init__(self, model, *, actions: set[str]):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and sees_everything(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions.intersection(actions)) and sees_everything(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        managers = Q(crm_staff__role=StaffMember.Role.MANAGER, crm_staff__is_active=True)
        return users.filter(Q(is_superuser=True) | managers).distinct()


EVERYTHING = {"add", "change", "delete", "view"}
register_permission_policy(PostcodeArea, ManagersOnlyPolicy(PostcodeArea, actions=EVERYTHING))
register_permission_policy(Team, ManagersOnlyPolicy(Team, actions={"change", "view"}))
register_permission_policy(StaffMember, ManagersOnlyPolicy(StaffMember, actions={"add", "change", "view"}))
register_permission_policy(Clock, ManagersOnlyPolicy(Clock, actions={"change", "view"}))
register_permission_policy(SideEffect, ManagersOnlyPolicy(SideEffect, actions={"view"}))


def managers_only(view):
    def wrapped(request, *args, **kwargs):
        if not sees_everything(request.user):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapped


class ManagersViewSet(ModelViewSet):
    """A model viewset inside the Enquiries menu whose every address is a 404 for non-managers."""

    menu_hook = CRM_MENU_HOOK
    copy_view_enabled = False
    form_class = None

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), managers_only)

    def get_permissions_to_register(self):
        """None: Django permissions on these models would do nothing, so Wagtail's group editor hides them."""
        return Permission.objects.none()

    def get_form_class(self, for_update=False):
        return self.form_class or super().get_form_class(for_update)


class PostcodeAreaViewSet(ManagersViewSet):
    model = PostcodeArea
    name = "crm_postcode_areas"
    url_prefix = "crm/postcode-areas"
    icon = "site"
    menu_label = "Postcode areas"
    menu_order = 500
    form_class = PostcodeAreaForm
    list_display = ["prefix", "council", "place", "authority"]
    list_filter = ["council"]
    search_fields = ["prefix", "place", "authority"]
    ordering = ["prefix"]
    list_per_page = 50


class TeamViewSet(ManagersViewSet):
    model = Team
    name = "crm_teams"
    url_prefix = "crm/teams"
    icon = "group"
    menu_label = "Teams"
    menu_order = 510
    form_class = TeamForm
    list_display = ["name", "kind", "council", "email"]


class RoutingRuleViewSet(ManagersViewSet):
    """Where each type of enquiry goes first, and when the central team hands it to the council team."""

    model = RoutingRule
    name = "crm_routing_rules"
    url_prefix = "crm/routing-rules"
    icon = "redirect"
    menu_label = "Routing rules"
    menu_order = 515
    form_class = RoutingRuleForm
    list_display = ["__str__", "first_to", "hand_over_at"]
    add_view_enabled = False
    delete_view_enabled = False


class YesNoColumn(Column):
    """A yes-or-no field as the words, where Wagtail's tick icon would be read out as "True" or "False"."""

    def get_value(self, instance):
        return "Yes" if super().get_value(instance) else "No"


class StaffMemberIndexView(generic.IndexView):
    def get_base_queryset(self):
        return StaffMember.objects.select_related("user", "team")


class StaffMemberViewSet(ManagersViewSet):
    model = StaffMember
    name = "crm_staff"
    url_prefix = "crm/staff"
    icon = "user"
    menu_label = "Staff"
    menu_order = 520
    form_class = StaffMemberForm
    index_view_class = StaffMemberIndexView
    list_display = [
        "__str__",
        "role",
        "team",
        YesNoColumn("is_active", label="Active"),
        YesNoColumn("is_away", label="Away"),
    ]
    list_filter = ["role", "team", "is_active", "is_away"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "user__email"]


class ClockEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        clocks_recompute()
        return instance

    def get_success_message(self):
        return f"“{self.object.name}” saved. Every open case's due date has been worked out again."


class ClockViewSet(ManagersViewSet):
    model = Clock
    name = "crm_clocks"
    url_prefix = "crm/clocks"
    icon = "time"
    menu_label = "Timescales"
    menu_order = 530
    form_class = ClockForm
    edit_view_class = ClockEditView
    list_display = [
        "name",
        "kind",
        "amount",
        "unit",
        "due_soon_days",
        "starts_at_stage",
        "stops_at_stage",
        "basis",
    ]


class StuckSideEffectsIndexView(generic.IndexView):
    """Emails that failed, or are still waiting ten minutes after they were queued."""

    page_title = "Emails waiting or failed"

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No emails waiting or failed match these filters."
        return "Nothing is waiting or failed: every email has gone."

    def get_base_queryset(self):
        stuck = Q(status=SideEffect.Status.FAILED) | Q(
            status=SideEffect.Status.PENDING, created_at__lt=timezone.now() - STUCK_AFTER
        )
        return SideEffect.objects.filter(stuck).select_related("household")


class SideEffectInspectView(generic.InspectView):
    """One email in words: what it is, who it is for, what went wrong; never the code's own keys."""

    def get_next_attempt_at_display_value(self):
        return (
            date_format(timezone.localtime(self.object.next_attempt_at), "j M Y, H:i")
            if self.object.next_attempt_at
            else "No retry waiting"
        )

    def get_done_at_display_value(self):
        return (
            date_format(timezone.localtime(self.object.done_at), "j M Y, H:i")
            if self.object.done_at
            else "Not sent"
        )

    def get_last_error_display_value(self):
        return self.object.last_error or "Nothing"


class SideEffectViewSet(ManagersViewSet):
    model = SideEffect
    name = "crm_side_effects"
    url_prefix = "crm/side-effects"
    icon = "mail"
    menu_label = "Emails waiting or failed"
    menu_order = 540
    index_view_class = StuckSideEffectsIndexView
    inspect_view_class = SideEffectInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "kind",
        "status",
        "household",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "done_at",
    ]
    list_display = ["kind", "status", "household", "attempts", "created_at", "last_error"]
    list_filter = ["status", "kind"]
    ordering = ["-created_at"]
    exclude_form_fields = []


VIEWSETS = [
    PostcodeAreaViewSet(),
    TeamViewSet(),
    RoutingRuleViewSet(),
    StaffMemberViewSet(),
    ClockViewSet(),
    SideEffectViewSet(),
]

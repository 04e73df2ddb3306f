"""Channels and campaigns in the admin, for the marketing team.

Marketing editors add and change them; managers may look; everyone else gets no menu and a 404 at
every address, as with the CRM. Channels are deactivated rather than deleted, because touches and
reports point at them. Other campaign screens join the "Campaigns" menu through
``CAMPAIGNS_MENU_HOOK``.
https://docs.wagtail.org/en/stable/extending/generic_views.html#modelviewset
"""

from functools import wraps

from django import forms
from django.db.models import Sum
from django.http import Http404
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from campaigns.models import Campaign, Channel
from campaigns.vanity import vanity_path_clash, vanity_url
from crm.models import PARTNER_COUNCILS, Council

CAMPAIGNS_MENU_HOOK = "register_campaigns_menu_item"
ANY_ACTION = {"add", "change", "delete", "view"}


class KeptModelPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody deletes: rows others point at are deactivated."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - {"delete"})


register_permission_policy(Channel, KeptModelPermissionPolicy(Channel))


class CampaignForm(WagtailAdminModelForm):
    councils = forms.MultipleChoiceField(
        label="Councils",
        choices=[(council, Council(council).label) for council in PARTNER_COUNCILS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked if the campaign is for all three.",
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean_vanity_path(self) -> str | None:
        """Accept "Radio", "/radio" or "radio/" as "radio"; refuse an address a page already uses."""
        path = (self.cleaned_data.get("vanity_path") or "").strip().strip("/").lower()
        if not path:
            return None
        if clash := vanity_path_clash(path=path):
            raise forms.ValidationError(clash)
        return path

    def clean_landing_path(self) -> str:
        path = self.cleaned_data["landing_path"].strip()
        if not path.startswith("/") or not url_has_allowed_host_and_scheme(path, allowed_hosts=None):
            raise forms.ValidationError("Enter a path on this site starting with /, like /events/.")
        return path

    def clean(self):
        """Each channel once per campaign: the database would refuse a second line for it."""
        cleaned = super().clean()
        seen = set()
        for form in self.formsets["channel_spend"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            channel = form.cleaned_data.get("channel")
            if channel in seen:
                form.add_error("channel", f"{channel} is listed twice. Put all its spend on one line.")
            seen.add(channel)
        return cleaned


def admin_only_if_permitted(model):
    """A 404 at every address for anyone with no permission at all on ``model``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy_registry.get_by_type(model).user_has_any_permission(request.user, ANY_ACTION):
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermittedOnlyViewSet(ModelViewSet):
    menu_hook = CAMPAIGNS_MENU_HOOK
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), admin_only_if_permitted(self.model))


class ChannelViewSet(PermittedOnlyViewSet):
    model = Channel
    name = "campaigns_channels"
    url_prefix = "campaigns/channels"
    icon = "tag"
    menu_label = "Channels"
    menu_order = 110
    list_display = ["name", "slug", "phase", "parent", "kind", BooleanColumn("is_active", label="In use")]
    list_filter = ["phase", "kind", "is_active"]
    search_fields = ["name", "slug", "description"]
    ordering = ["phase", "name"]
    list_per_page = 50
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("phase"), FieldPanel("kind")]),
        FieldPanel("parent", heading="Key channel"),
        FieldPanel("description"),
        FieldPanel("is_active", help_text="Untick to stop using this channel. Its history is kept."),
    ]


def public_root_url(request) -> str:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else request.build_absolute_uri("/")


def pounds(amount) -> str:
    return f"£{amount or 0:,.2f}"


class VanityAddressColumn(Column):
    """The full vanity address, ready to copy onto a poster."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = vanity_url(campaign=instance, root_url=public_root_url(parent_context["request"]))
        return context


class SpendColumn(Column):
    def get_value(self, instance):
        return pounds(instance.total_spend)


class CampaignIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(total_spend=Sum("channel_spend__spend"))


class CampaignInspectView(generic.InspectView):
    """What managers see: the campaign in words, with its address and spend."""

    labels = {"vanity_path": "Vanity address", "spend": "Spend by channel"}

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_vanity_path_display_value(self):
        return vanity_url(campaign=self.object, root_url=public_root_url(self.request)) or "None"

    def get_ends_on_display_value(self):
        return date_format(self.object.ends_on) if self.object.ends_on else "No end date"

    def get_councils_display_value(self):
        names = [Council(council).label for council in self.object.councils if council in Council.values]
        return ", ".join(names) or "All three"

    def get_spend_display_value(self):
        lines = self.object.channel_spend.select_related("channel").order_by("-spend")
        total = sum(line.spend for line in lines)
        return (
            "; ".join(f"{line.channel}: {pounds(line.spend)}" for line in lines) + f" (total {pounds(total)})"
        )


class CampaignViewSet(PermittedOnlyViewSet):
    model = Campaign
    name = "campaigns_campaigns"
    url_prefix = "campaigns/campaigns"
    icon = "pick"
    menu_label = "Campaigns"
    menu_order = 100
    index_view_class = CampaignIndexView
    list_display = [
        "name",
        "code",
        VanityAddressColumn("vanity_path", label="Vanity address"),
        "starts_on",
        "ends_on",
        SpendColumn("total_spend", label="Total spend", sort_key="total_spend"),
    ]
    search_fields = ["name", "code", "vanity_path"]
    ordering = ["-starts_on", "name"]
    inspect_view_class = CampaignInspectView
    inspect_view_fields = [
        "name",
        "code",
        "vanity_path",
        "landing_path",
        "starts_on",
        "ends_on",
        "councils",
        "aim_phase",
        "spend",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("code"),
            MultiFieldPanel(
                [FieldPanel("vanity_path"), FieldPanel("landing_path")],
                heading="Vanity address",
                help_text="For radio, posters and leaflets: a short address that leads to the landing page "
                "and is counted.",
            ),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading="Dates"),
            FieldPanel("councils"),
            FieldPanel("aim_phase"),
            InlinePanel(
                "channel_spend",
                heading="Spend by channel",
                label="Channel",
                panels=[FieldPanel("channel"), FieldPanel("spend")],
            ),
        ],
        base_form_class=CampaignForm,
    )


@hooks.register("register_admin_menu_item")
def register_campaigns_menu():
    """Shown to anyone who may see at least one screen in it."""
    return SubmenuMenuItem(
        "Campaigns",
        Menu(register_hook_name=CAMPAIGNS_MENU_HOOK),
        name="campaigns",
        icon_name="pick",
        order=250,
    )


@hooks.register("register_admin_viewset")
def register_campaign_viewsets():
    return [CampaignViewSet(), ChannelViewSet()]

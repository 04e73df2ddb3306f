"""The report screens' admin URLs and the Insight menu, built from ``core.reports.registry``."""

from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from core.reports import registry
from core.reports.access import Audience, audience_for


class InsightSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return audience_for(request.user) != Audience.NONE and super().is_shown(request)


@hooks.register("register_admin_menu_item")
def register_insight_menu():
    return InsightSubmenu(
        "Insight",
        Menu(register_hook_name=registry.INSIGHT_MENU_HOOK),
        name="insight",
        icon_name="table",
        order=160,
    )


@hooks.register("register_admin_urls")
def register_report_urls():
    return registry.urlpatterns()

"""Every report screen, registered in one place: its URL, its tab, its menu item and who sees them.

An app registers its screens from its ``wagtail_hooks`` module (``register(Screen(...), ...)``);
the admin URL patterns (``core.wagtail_hooks``), the menu items and the tabs across the top of
each screen are all built from this list, so they always agree. A screen's tabs are the screens
of its ``group`` that the person may open, in ``order``. A screen with a ``menu_hook`` is listed in
the menu that reads that hook: the Insight menu (``INSIGHT_MENU_HOOK``) or any other app menu.
https://docs.wagtail.org/en/stable/reference/hooks.html#register-admin-urls
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

INSIGHT = "insight"
INSIGHT_MENU_HOOK = "register_insight_menu_item"


@dataclass(frozen=True)
class Screen:
    """One screen. ``view`` is a ``core.reports.views.ReportView``; its ``url_name`` names the URL."""

    route: str
    view: type
    label: str
    group: str = INSIGHT
    order: int = 0
    tab: bool = True
    menu_hook: str = ""
    menu_label: str = ""
    menu_order: int | None = None

    @property
    def name(self) -> str:
        return self.view.url_name

    def shown_to(self, user) -> bool:
        return self.view.audience_of(user) in self.view.audiences


SCREENS: list[Screen] = []


class ScreenMenuItem(MenuItem):
    """A menu item shown only to the people who may open its screen."""

    def __init__(self, *args, screen: Screen, **kwargs):
        self.screen = screen
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.screen.shown_to(request.user)


def _menu_item(screen: Screen):
    def register():
        return ScreenMenuItem(
            screen.menu_label or screen.label,
            reverse(screen.name),
            icon_name="table",
            order=screen.order if screen.menu_order is None else screen.menu_order,
            screen=screen,
        )

    return register


def register(*screens: Screen) -> None:
    for screen in screens:
        SCREENS.append(screen)
        if screen.menu_hook:
            hooks.register(screen.menu_hook, _menu_item(screen))
    SCREENS.sort(key=lambda screen: screen.order)


def urlpatterns() -> list:
    return [path(screen.route, screen.view.as_view(), name=screen.name) for screen in SCREENS]


def tabs(group: str, user, current: str, query: dict | None = None) -> list[dict]:
    """The tabs of ``group`` this person may open, each keeping ``query`` (such as the dates chosen)."""
    suffix = f"?{urlencode(query)}" if query else ""
    return [
        {"label": screen.label, "url": reverse(screen.name) + suffix, "current": screen.name == current}
        for screen in SCREENS
        if screen.group == group and screen.tab and screen.shown_to(user)
    ]

"""The forum's place in the Wagtail admin: its addresses and a "Forum" menu."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from community.selectors import is_moderator
from community.views import admin
from crm.selectors import can_see_people

FORUM_MENU_HOOK = "register_forum_menu_item"


@hooks.register("register_admin_urls")
def register_forum_urls():
    return [
        path("community/queue/", admin.QueueView.as_view(), name="community_queue"),
        path("community/posts/<int:pk>/", admin.PostView.as_view(), name="community_post"),
        path("community/members/", admin.MembersView.as_view(), name="community_members"),
        path("community/members/grant/", admin.GrantView.as_view(), name="community_member_grant"),
        path("community/members/<int:pk>/", admin.MemberView.as_view(), name="community_member"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_people(request.user)


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


class ForumMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return can_see_people(request.user) and super().is_shown(request)


@hooks.register("register_admin_menu_item")
def register_forum_menu():
    return ForumMenuItem(
        "Forum", Menu(register_hook_name=FORUM_MENU_HOOK), name="forum", icon_name="comment", order=160
    )


@hooks.register(FORUM_MENU_HOOK)
def register_queue_item():
    return ModeratorMenuItem("Moderation queue", reverse("community_queue"), icon_name="warning", order=100)


@hooks.register(FORUM_MENU_HOOK)
def register_members_item():
    return StaffMenuItem("Members", reverse("community_members"), icon_name="group", order=200)


@hooks.register(FORUM_MENU_HOOK)
def register_grant_item():
    return StaffMenuItem("Grant membership", reverse("community_member_grant"), icon_name="plus", order=300)

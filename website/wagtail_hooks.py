"""Admin registration for the site's snippets, and the admin in the partnership's colours.

https://docs.wagtail.org/en/stable/topics/snippets/customising.html
"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.reports.registry import INSIGHT_MENU_HOOK
from website.admin_stories import StorySubmissionViewSet
from website.board_pack import may_see
from website.board_pack_views import BoardPackListView, BoardPackMakeView, BoardPackPdfView, BoardPackView
from website.models import FAQ, CouncilContact, FAQCategory, SearchSynonym, Venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "Venues"
    list_display = ["name", "area", "town", "postcode"]
    list_filter = ["area"]
    search_fields = ["name", "town", "postcode"]


class FAQViewSet(SnippetViewSet):
    model = FAQ
    icon = "help"
    menu_label = "FAQs"
    list_display = ["question", "category", "sort_order"]
    list_filter = ["category"]
    search_fields = ["question"]


class FAQCategoryViewSet(SnippetViewSet):
    model = FAQCategory
    icon = "folder-open-inverse"
    menu_label = "FAQ categories"
    list_display = ["name", "slug", "sort_order"]
    sort_order_field = "sort_order"


class SearchSynonymViewSet(SnippetViewSet):
    """Words people search with and the words the pages use; site search and the FAQ search read them."""

    model = SearchSynonym
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["words", "updated_at"]
    search_fields = ["words"]


class CouncilContactViewSet(SnippetViewSet):
    """Each council team's phone, email and hours, printed in the information pack."""

    model = CouncilContact
    icon = "mail"
    menu_label = "Council contacts"
    list_display = ["team_name", "council", "phone", "email"]


class ContentViewSetGroup(SnippetViewSetGroup):
    menu_label = "Site content"
    menu_icon = "folder-inverse"
    menu_order = 250
    items = (VenueViewSet, FAQViewSet, FAQCategoryViewSet, SearchSynonymViewSet, CouncilContactViewSet)


register_snippet(ContentViewSetGroup)


@hooks.register("insert_global_admin_css")
def admin_brand_css():
    """APSE's colours and logo in the admin, sign-in included (``templates/wagtailadmin/`` has the logo)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-brand.css"))


@hooks.register("register_admin_viewset")
def register_story_submissions():
    return StorySubmissionViewSet()


class BoardPackMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see(request.user)


@hooks.register(INSIGHT_MENU_HOOK)
def register_board_pack_menu_item():
    return BoardPackMenuItem("Board pack", reverse("board_packs"), icon_name="doc-full", order=900)


@hooks.register("register_admin_urls")
def register_board_pack_urls():
    return [
        path("insight/board-pack/", BoardPackListView.as_view(), name="board_packs"),
        path("insight/board-pack/new/", BoardPackMakeView.as_view(), name="board_pack_make"),
        path("insight/board-pack/<int:pk>/", BoardPackView.as_view(), name="board_pack"),
        path("insight/board-pack/<int:pk>/pdf/", BoardPackPdfView.as_view(), name="board_pack_pdf"),
    ]

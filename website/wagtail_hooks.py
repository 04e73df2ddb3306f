"""Admin registration for the site's snippets, and the admin in the partnership's colours.

https://docs.wagtail.org/en/stable/topics/snippets/customising.html
"""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from website.admin_stories import StorySubmissionViewSet
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

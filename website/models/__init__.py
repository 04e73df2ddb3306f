"""Wagtail page models, snippets and site settings, split by family."""

from .board_pack import BoardPack
from .checker import CheckerPage
from .enquiry import EnquiryPage
from .events import EventIndexPage, EventPage, EventType
from .faqs import FAQPage
from .home import HomePage, HomePageFeaturedStory
from .information_pack import InformationPackPage, InformationPackPdf, InformationPackRequest
from .mixins import BasePage
from .search import SearchSynonym
from .site_settings import SiteSettings
from .snippets import FAQ, Area, CouncilContact, FAQCategory, Venue
from .standard import StandardPage
from .stories import StoryIndexPage, StoryPage, StoryPageTag
from .story_submissions import ShareStoryPage, StoryEmail, StorySubmission

__all__ = [
    "FAQ",
    "Area",
    "BasePage",
    "BoardPack",
    "CheckerPage",
    "CouncilContact",
    "EnquiryPage",
    "EventIndexPage",
    "EventPage",
    "EventType",
    "FAQCategory",
    "FAQPage",
    "HomePage",
    "HomePageFeaturedStory",
    "InformationPackPage",
    "InformationPackPdf",
    "InformationPackRequest",
    "SearchSynonym",
    "ShareStoryPage",
    "SiteSettings",
    "StandardPage",
    "StoryEmail",
    "StoryIndexPage",
    "StoryPage",
    "StoryPageTag",
    "StorySubmission",
    "Venue",
]

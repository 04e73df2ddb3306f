"""Builds the demo site from ``website.demo.content``.

Safe to run again: pages, snippets, images and users are found by their slug, name or username and
created only when missing. Demo events are moved to dates relative to today on every run, so the
demo always has upcoming events.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from campaigns.services import touches_record_imported, touchpoints_reconcile
from crm.events import FAMILY_EVENT_TYPES
from crm.models import Team
from crm.services import staff_member_save
from website.blocks import BaseStreamBlock
from website.demo import content
from website.demo import information_pack as pack_content
from website.demo.households import demo_family_bookings_load
from website.demo.images import render_image
from website.demo.imports import demo_imported_household_ids
from website.demo.records import AFTER_BOOKINGS, demo_records_load
from website.demo.stories_shared import demo_shared_story_load
from website.models import (
    FAQ,
    CheckerPage,
    CouncilContact,
    EnquiryPage,
    EventIndexPage,
    EventPage,
    FAQCategory,
    FAQPage,
    HomePage,
    HomePageFeaturedStory,
    InformationPackPage,
    SiteSettings,
    StandardPage,
    StoryIndexPage,
    StoryPage,
    Venue,
)
from website.roles import MANAGERS, MARKETING_EDITORS, RECRUITMENT_WORKERS, roles_sync

DEMO_PASSWORD = "changeme"  # noqa: S105 - development only, listed in the README
DEMO_USERS = [
    ("admin", "Ada", "Admin", None),
    ("marketing", "Maya", "Marketing", MARKETING_EDITORS),
    ("central.worker", "Cass", "Central", RECRUITMENT_WORKERS),
    ("kent.worker", "Kerry", "Kent", RECRUITMENT_WORKERS),
    ("medway.worker", "Marcus", "Medway", RECRUITMENT_WORKERS),
    ("bexley.worker", "Bea", "Bexley", RECRUITMENT_WORKERS),
    ("family.finder", "Fran", "Finder", RECRUITMENT_WORKERS),
    ("manager", "Morgan", "Manager", MANAGERS),
]
# The CRM record for each demo member of staff: role and council team.
DEMO_STAFF = {
    "central.worker": ("worker", "central"),
    "kent.worker": ("worker", "kent"),
    "medway.worker": ("worker", "medway"),
    "bexley.worker": ("worker", "bexley"),
    # The family-finding team, across the three councils: the families waiting list, and in full only
    # the households assigned to them.
    "family.finder": ("worker", "family_finding"),
    "manager": ("manager", None),
}
# Who runs the demo events in each area, and so gets the day-before list of who is coming.
DEMO_ORGANISERS = {
    "kent": "kent.worker",
    "medway": "medway.worker",
    "bexley": "bexley.worker",
    "online": "manager",
}
IMAGE_TITLE_PREFIX = "Demo: "


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def add(self, created: bool, label: str) -> None:
        (self.created if created else self.updated).append(label)


class DemoLoader:
    def __init__(self, *, today: dt.date | None = None, known_passwords: bool = False):
        self.known_passwords = known_passwords
        self.today = today or timezone.localdate()
        self.report = LoadReport()
        self.images: dict[str, object] = {}
        self.stream_block = BaseStreamBlock()

    # Building blocks ---------------------------------------------------------------------------

    def image(self, key: str):
        if key not in self.images:
            image_model = get_image_model()
            spec = content.IMAGES[key]
            title = f"{IMAGE_TITLE_PREFIX}{key}"
            image = image_model.objects.filter(title=title).first()
            if image is None:
                data = _rendered(key, spec["scene"], spec["palette"])
                image = image_model(title=title, description=spec["alt"])
                image.file = ImageFile(_named_bytes(data, f"{key}.jpg"), name=f"{key}.jpg")
                image.save()
                self.report.add(True, f"image {key}")
            self.images[key] = image
        return self.images[key]

    def stream(self, blocks: list[tuple[str, object]]):
        """Turn content tuples into a StreamValue, resolving image keys to images."""
        raw = []
        for block_type, value in blocks:
            if block_type == "image":
                image = self.image(value["image"])
                value = {
                    "image": {"image": image.pk, "decorative": False, "alt_text": value["alt"]},
                    "caption": value.get("caption", ""),
                }
            elif block_type == "call_to_action":
                value = {
                    "heading": value["heading"],
                    "text": value.get("text", ""),
                    "link": {"label": value["label"], "page": None, "url": value["url"]},
                }
            elif block_type in {"steps", "myths_facts", "accordion"}:
                key = "steps" if block_type == "steps" else "items"
                value = {**value, key: list(value[key])}
            raw.append({"type": block_type, "value": value})
        return self.stream_block.to_python(raw)

    def page(self, parent: Page, model, *, slug: str, **fields):
        """The live child of ``parent`` with ``slug``, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific, False
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.report.add(True, f"page /{slug}/")
        return page, True

    # The site ----------------------------------------------------------------------------------

    @transaction.atomic
    def load(self) -> LoadReport:
        roles_sync()
        self.load_users()
        home = self.load_home()
        self.load_site(home)
        stories = self.load_stories(home)
        self.load_featured(home, stories)
        self.load_events(home)
        self.load_faqs(home)
        self.load_journey_and_checker(home)
        self.load_standard_pages(home)
        self.load_enquiry_page(home)
        self.load_information_pack(home)
        self.load_settings(home)
        made = demo_records_load()
        self.load_family_bookings()
        made += demo_records_load(AFTER_BOOKINGS)
        # Record the demo households' touches now rather than waiting for the signals sent on commit.
        touchpoints_reconcile()
        # Likewise the old records moved in: their touches and stored credit, which the import's signal
        # queues once it commits.
        touches_record_imported(household_ids=demo_imported_household_ids())
        for what in made:
            self.report.add(True, what)
        return self.report

    def load_users(self) -> None:
        from django.contrib.auth.models import Group

        user_model = get_user_model()
        for username, first, last, group_name in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@adoptionpartnership.example",
                    "is_staff": True,
                    "is_superuser": group_name is None,
                },
            )
            if created:
                if self.known_passwords:
                    user.set_password(DEMO_PASSWORD)
                else:
                    user.set_unusable_password()
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if username in DEMO_STAFF:
                role, council = DEMO_STAFF[username]
                if council == "central":
                    staff_member_save(user=user, role=role, team=self.central_team())
                elif council == "family_finding":
                    staff_member_save(user=user, role=role, team=self.family_finding_team())
                else:
                    staff_member_save(user=user, role=role, council=council)
            self.report.add(created, f"user {username}")

    def central_team(self) -> Team:
        """The central front-door team: every new enquiry lands with it until the first conversation."""
        team, created = Team.objects.get_or_create(
            kind=Team.Kind.CENTRAL,
            defaults={"name": "Front door team", "email": "frontdoor@adoptionpartnership.example"},
        )
        self.report.add(created, "team Front door team")
        return team

    def family_finding_team(self) -> Team:
        """The family-finding team: it reads every waiting approved family's matching profile."""
        team, created = Team.objects.get_or_create(
            kind=Team.Kind.FAMILY_FINDING,
            defaults={"name": "Family-finding team", "email": "familyfinding@adoptionpartnership.example"},
        )
        self.report.add(created, "team Family-finding team")
        return team

    def load_home(self) -> HomePage:
        home = HomePage.objects.first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        # Wagtail's first migration makes a placeholder welcome page; the demo home replaces it.
        placeholders = root.get_children().exclude(content_type__model="homepage")
        for placeholder in placeholders:
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        data = content.HOME
        home = HomePage(
            title=data["title"],
            seo_title=data["seo_title"],
            slug="home",
            hero_heading=data["hero_heading"],
            hero_strapline=data["hero_strapline"],
            hero_image=self.image(data["hero_image"]),
            intro=data["intro"],
            body=self.stream(data["body"]),
            search_description=data["search_description"],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        self.report.add(True, "home page")
        return home

    def load_site(self, home: HomePage) -> None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="APSE"
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()

    def load_stories(self, home: HomePage) -> dict[str, StoryPage]:
        index, _ = self.page(
            home,
            StoryIndexPage,
            slug="stories",
            title="Real-life stories",
            intro=(
                "Adopters and adopted people tell their own stories: how they started, what surprised them "
                "and what family life is like now. Names have been changed."
            ),
            search_description="Real stories and blogs from people who adopted with us, and from adopted people.",
        )
        stories = {}
        for data in content.STORIES:
            author, _, description = data["author"].removeprefix("Written by ").partition(", ")
            body = list(data["body"])
            if data.get("video"):
                video = data["video"]
                body.insert(
                    min(3, len(body)),
                    (
                        "video",
                        {
                            "title": video["title"],
                            "url": f"https://www.youtube.com/watch?v=apse{data['slug'][:7]}",
                            "poster": None,
                            "caption": video["caption"],
                            "transcript": video["transcript_html"],
                        },
                    ),
                )
            page, created = self.page(
                index,
                StoryPage,
                slug=data["slug"],
                title=data["title"],
                kind=data["kind"],
                author=author,
                author_description=description,
                date=self.today - dt.timedelta(days=data["days_ago"]),
                summary=data["summary"],
                image=self.image(data["image"]),
                body=self.stream(body),
            )
            if created:
                page.tags.add(*data["tags"])
                page.save_revision().publish()
            stories[data["slug"]] = page
        return stories

    def load_featured(self, home: HomePage, stories: dict[str, StoryPage]) -> None:
        if home.featured_stories.exists():
            return
        for order, data in enumerate(item for item in content.STORIES if item.get("featured")):
            HomePageFeaturedStory.objects.create(page=home, story=stories[data["slug"]], sort_order=order)

    def load_events(self, home: HomePage) -> None:
        index, _ = self.page(
            home,
            EventIndexPage,
            slug="events",
            title="Events",
            intro=(
                "Come and meet us. Information evenings are free, friendly and there is no pressure. "
                "We hold them in Kent, Medway and Bexley, and online."
            ),
            search_description="Information evenings, training and support groups in Kent, Medway, Bexley and online.",
        )
        venues = {}
        for data in content.VENUES:
            venue, created = Venue.objects.get_or_create(
                name=data["name"],
                area=data["area"],
                defaults={key: data[key] for key in ("address", "town", "postcode", "access_notes")},
            )
            venues[data["key"]] = venue
            if created:
                self.report.add(True, f"venue {venue.name}")
        tz = timezone.get_current_timezone()
        organisers = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=DEMO_ORGANISERS.values())
        }
        for data in content.EVENTS:
            hour, minute = (int(part) for part in data["start_time"].split(":"))
            day = self.today + dt.timedelta(days=data["days_from_today"])
            start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
            end = start + dt.timedelta(minutes=data["duration_minutes"])
            page, created = self.page(
                index,
                EventPage,
                slug=data["slug"],
                title=data["title"],
                event_type=data["event_type"],
                start=start,
                end=end,
                venue=venues[data["venue"]],
                organiser=organisers.get(DEMO_ORGANISERS[venues[data["venue"]].area]),
                capacity=data["capacity"],
                summary=data["summary"],
                body=self.stream(data["body"]),
            )
            if not created and (page.start != start or page.end != end):
                page.start, page.end = start, end
                page.save_revision().publish()
                self.report.add(False, f"event dates /{data['slug']}/")

    def load_family_bookings(self) -> None:
        """Adoptive families booked on the upcoming family events, after the demo households they join."""
        upcoming = EventPage.objects.filter(event_type__in=FAMILY_EVENT_TYPES, start__gt=timezone.now())
        events = [(page.pk, page.capacity) for page in upcoming.order_by("start")[:2]]
        if made := demo_family_bookings_load(events=events):
            self.report.add(True, f"{made} family event bookings")

    def load_faqs(self, home: HomePage) -> None:
        self.page(
            home,
            FAQPage,
            slug="faqs",
            title="Questions about adoption",
            intro="Answers to the questions people ask us most. Search, or open a topic.",
            search_description="Answers to common questions about adopting in Kent, Medway and Bexley.",
        )
        categories = {}
        for order, data in enumerate(content.FAQ_CATEGORIES):
            category, _ = FAQCategory.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"], "sort_order": order},
            )
            categories[data["slug"]] = category
        for order, data in enumerate(content.FAQS):
            _, created = FAQ.objects.get_or_create(
                question=data["question"],
                defaults={
                    "answer": data["answer_html"],
                    "category": categories[data["category"]],
                    "sort_order": order,
                },
            )
            if created:
                self.report.add(True, f"FAQ {data['question'][:40]}")

    def load_journey_and_checker(self, home: HomePage) -> None:
        journey = content.JOURNEY
        self.page(
            home,
            StandardPage,
            slug=journey["slug"],
            title=journey["title"],
            intro=journey["intro"],
            search_description=journey["search_description"],
            body=self.stream(journey["body"]),
        )
        checker = content.CHECKER
        outcomes = checker["outcomes"]
        self.page(
            home,
            CheckerPage,
            slug=checker["slug"],
            title=checker["title"],
            intro=checker["intro"],
            search_description=checker["search_description"],
            questions=CheckerPage.questions.field.stream_block.to_python(
                [
                    {
                        "type": "question",
                        "value": {
                            "key": question["key"],
                            "question": question["question"],
                            "help_text": question["help_text"],
                            "options": list(question["options"]),
                        },
                    }
                    for question in checker["questions"]
                ]
            ),
            fine_heading=outcomes["fine"]["heading"],
            fine_text=outcomes["fine"]["text_html"],
            talk_heading=outcomes["talk"]["heading"],
            talk_text=outcomes["talk"]["text_html"],
            not_yet_heading=outcomes["not_yet"]["heading"],
            not_yet_text=outcomes["not_yet"]["text_html"],
            barred_heading=outcomes["barred"]["heading"],
            barred_text=outcomes["barred"]["text_html"],
        )

    def load_standard_pages(self, home: HomePage) -> None:
        for data in content.STANDARD_PAGES:
            self.page(
                home,
                StandardPage,
                slug=data["slug"],
                title=data["title"],
                intro=data["intro"],
                search_description=data["search_description"],
                body=self.stream(data["body"]),
            )

    def load_enquiry_page(self, home: HomePage) -> None:
        self.page(
            home,
            EnquiryPage,
            slug="enquire",
            title="Ask us about adopting",
            intro=(
                "Tell us a little about yourself and we will call you for a friendly chat. There is no commitment, "
                "and no question is too small."
            ),
            search_description="Ask Adoption Partnership south east about adopting. We will call you back within two working days.",
            privacy_note=(
                '<p>We use your details only to talk to you about adopting. Read our <a href="/privacy-notice/">'
                "privacy notice</a> to see how we look after them.</p>"
            ),
            thanks_text=(
                "<p>We will talk about what you would like to know, explain how adoption works and invite you to an "
                "information evening. If you miss our call, we will try again and leave a message.</p>"
            ),
            out_of_area_text=(
                "<p>From your postcode, you live outside Kent, Medway and Bexley. We have emailed you details of how to "
                "find the adoption agencies near you. If we have your postcode wrong, reply to that email and we will "
                "put it right.</p>"
            ),
        )

    def load_information_pack(self, home: HomePage) -> None:
        for contact in pack_content.COUNCIL_CONTACTS:
            _, created = CouncilContact.objects.get_or_create(council=contact["council"], defaults=contact)
            self.report.add(created, f"contact {contact['team_name']}")
        data = pack_content.INFORMATION_PACK
        stories = {
            story.slug: story.pk for story in StoryPage.objects.filter(slug__in=_pack_story_slugs(data))
        }
        sections = []
        for section in data["sections"]:
            value = {
                "topic": section["topic"],
                "heading": section["heading"],
                "body": section["body"],
                "story": stories.get(section.get("story")),
            }
            if section.get("image"):
                alt = content.IMAGES[section["image"]]["alt"]
                value["image"] = {
                    "image": self.image(section["image"]).pk,
                    "decorative": False,
                    "alt_text": alt,
                }
            sections.append({"type": "section", "value": value})
        self.page(
            home,
            InformationPackPage,
            slug=data["slug"],
            title=data["title"],
            intro=data["intro"],
            search_description=data["search_description"],
            sections=InformationPackPage.sections.field.stream_block.to_python(sections),
        )

    def load_settings(self, home: HomePage) -> None:
        site = Site.objects.get(is_default_site=True)
        settings = SiteSettings.for_site(site)
        if settings.phone:
            return
        pages = {page.slug: page for page in home.get_children().live()}
        site_data = content.SITE
        settings.phone = site_data["phone"]
        settings.email = site_data["email"]
        settings.address = site_data["address"]
        settings.opening_hours = site_data["opening_hours"]
        settings.footer_text = site_data["footer_text"]
        settings.facebook_url = site_data["facebook"]
        settings.x_url = site_data["x"]
        settings.youtube_url = site_data["youtube"]
        settings.instagram_url = site_data["instagram"]
        settings.enquire_page = pages.get("enquire")
        main = [
            ("adoption-journey", "How adoption works"),
            ("can-i-adopt", "Can I adopt?"),
            ("stories", "Stories"),
            ("events", "Events"),
            ("faqs", "FAQs"),
            ("adoption-support", "Support"),
        ]
        footer = ["about-us", "contact", "privacy-notice", "accessibility-statement"]
        settings.main_navigation = [
            ("link", {"label": label, "page": pages[slug], "url": ""}) for slug, label in main
        ]
        settings.footer_navigation = [
            ("link", {"label": "", "page": pages[slug], "url": ""}) for slug in footer
        ]
        settings.save()
        home.calls_to_action = [
            ("link", {"label": "Ask us about adopting", "page": pages.get("enquire"), "url": ""}),
            ("link", {"label": "Find an information evening", "page": pages.get("events"), "url": ""}),
            ("link", {"label": "Can I adopt?", "page": pages.get("can-i-adopt"), "url": ""}),
        ]
        home.save_revision().publish()
        self.report.add(True, "site settings")


def _pack_story_slugs(data: dict) -> list[str]:
    return [section["story"] for section in data["sections"] if section.get("story")]


@functools.lru_cache(maxsize=64)
def _rendered(key: str, scene: str, palette: str) -> bytes:
    """Drawing is the slow part of loading; the same key always draws the same picture."""
    return render_image(key, scene=scene, palette=palette)


def _named_bytes(data: bytes, name: str):
    from io import BytesIO

    buffer = BytesIO(data)
    buffer.name = name
    return buffer


def load_demo_content(*, today: dt.date | None = None, known_passwords: bool = False) -> LoadReport:
    """Build the demo site. Emails the demo households would get are worked but go nowhere.

    The demo staff get the password ``DEMO_PASSWORD`` only with ``known_passwords`` (development,
    where ``DEBUG`` is on); otherwise they get none that works, and someone sets each one by hand.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return demo_shared_story_load(DemoLoader(today=today, known_passwords=known_passwords).load())

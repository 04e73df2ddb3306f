"""Playwright driving Debian's Chromium against a live server.

The browser cannot download its own build here; it is pointed at the system Chromium and started
without the background services that would try to reach the internet.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same test
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Web-first assertions wait as long as actions do: a busy machine can take seconds to load a page or a modal.
expect.set_options(timeout=15_000)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def chromium_path():
    import shutil

    from tests.conftest import REQUIRE_BROWSER, skip_or_fail

    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        skip_or_fail("needs Debian's chromium: apt-get install chromium", required=REQUIRE_BROWSER)
    return path


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A 320px-wide phone, the narrowest screen the site supports."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, site, username):
    """Sign in to the admin as a staff member made by the factories (password "changeme")."""
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/admin/")


def axe_violations(page) -> list[str]:
    """axe-core's violations on the current page, one readable line per failing element.

    The admin slides its messages in; contrast is checked once they have finished fading in.
    """
    for messages in page.locator(".messages > ul").filter(has=page.locator("li")).all():
        expect(messages).to_have_css("opacity", "1")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.fixture
def site(transactional_db, live_server, home_page, crm_reference):
    """A small but complete site: one of every page type, with realistic content."""
    from tests.factories import (
        FAQCategoryFactory,
        FAQFactory,
        ImageFactory,
        VenueFactory,
        add_page,
        event_index,
        event_page,
        story_index,
        story_page,
    )
    from website.models import (
        CheckerPage,
        EnquiryPage,
        FAQPage,
        HomePageFeaturedStory,
        SiteSettings,
        StandardPage,
    )

    image = ImageFactory(title="Hills")
    home_page.hero_image = image
    home_page.hero_strapline = "Children in Kent, Medway and Bexley are waiting for families."
    home_page.save_revision().publish()

    stories = story_index(home_page)
    for number, (title, tags) in enumerate(
        [
            ("Becoming a mum on my own", ["Single adopters"]),
            ("Three sisters, one home", ["Sibling groups"]),
            ("Our son was nine", ["Older children", "Disability"]),
        ]
    ):
        story_page(
            stories,
            title=title,
            tags=tags,
            days_ago=number,
            image=image,
            body=[
                ("heading", {"text": "How it started", "level": "h2"}),
                ("paragraph", "<p>We came to an information evening in the spring.</p>"),
                ("quote", {"quote": "It changed our lives.", "attribution": "Jo"}),
            ],
        )
    HomePageFeaturedStory.objects.create(page=home_page, story=stories.get_children().first().specific)

    events = event_index(home_page)
    kent = VenueFactory(name="Oak Hall", area="kent", town="Ashford", postcode="TN23 1AA")
    medway = VenueFactory(name="Riverside Centre", area="medway", town="Chatham", postcode="ME4 4AA")
    online = VenueFactory(name="Online", area="online", address="", town="", postcode="")
    event_page(events, title="Information evening in Ashford", days=5, venue=kent)
    event_page(events, title="Information evening in Chatham", days=9, venue=medway)
    event_page(
        events, title="Preparation training online", days=12, venue=online, event_type="preparation_training"
    )
    event_page(events, title="Support group last month", days=-30, venue=kent, event_type="support_group")

    add_page(
        home_page,
        FAQPage,
        title="Questions about adoption",
        slug="faqs",
        intro="Answers to common questions.",
    )
    who = FAQCategoryFactory(name="Who can adopt", slug="who-can-adopt", sort_order=0)
    process = FAQCategoryFactory(name="The process", slug="the-process", sort_order=1)
    FAQFactory(
        category=who, question="Can I adopt if I rent my home?", answer="<p>Yes. Many adopters rent.</p>"
    )
    FAQFactory(
        category=who, question="Is there an upper age limit?", answer="<p>No. You must be 21 or over.</p>"
    )
    FAQFactory(category=process, question="How long does it take?", answer="<p>About six months.</p>")

    add_page(
        home_page,
        StandardPage,
        title="The adoption journey",
        slug="adoption-journey",
        intro="Adoption in small steps.",
        body=[
            (
                "steps",
                {
                    "heading": "Step by step",
                    "steps": [
                        {
                            "title": "Get in touch",
                            "summary": "Call or fill in the form.",
                            "duration": "1 day",
                            "icon": "chat",
                        },
                        {
                            "title": "Stage one",
                            "summary": "Checks and training.",
                            "duration": "2 months",
                            "icon": "checklist",
                        },
                        {
                            "title": "Stage two",
                            "summary": "Your assessment.",
                            "duration": "4 months",
                            "icon": "home",
                        },
                    ],
                },
            ),
            (
                "myths_facts",
                {
                    "heading": "Myths and facts",
                    "items": [{"myth": "You must own your home.", "fact": "You can rent."}],
                },
            ),
        ],
    )
    add_page(
        home_page,
        CheckerPage,
        title="Can I adopt?",
        slug="can-i-adopt",
        intro="Answer a few questions.",
        questions=[
            (
                "question",
                {
                    "key": "age",
                    "question": "Are you 21 or over?",
                    "help_text": "You can adopt at any age from 21.",
                    "options": [
                        {"label": "Yes", "outcome": "fine", "feedback": "You are old enough to adopt."},
                        {
                            "label": "No",
                            "outcome": "not_yet",
                            "feedback": "You can adopt from the age of 21.",
                        },
                    ],
                },
            ),
            (
                "question",
                {
                    "key": "home",
                    "question": "Do you have a spare bedroom?",
                    "help_text": "",
                    "options": [
                        {"label": "Yes", "outcome": "fine", "feedback": "A child will have their own room."},
                        {"label": "No", "outcome": "talk", "feedback": "Talk to us about your home."},
                    ],
                },
            ),
        ],
        talk_heading="Talk to us about your situation",
    )
    contact = add_page(home_page, StandardPage, title="Contact us", slug="contact", intro="Call or email us.")
    enquire = add_page(
        home_page,
        EnquiryPage,
        title="Ask us about adopting",
        slug="enquire",
        intro="Tell us a little about yourself.",
        thanks_text="<p>We will talk about what you would like to know.</p>",
        out_of_area_text="<p>You live outside our area. We have emailed you where to go.</p>",
    )
    settings = SiteSettings.for_site(home_page.get_site())
    settings.phone = "0300 000 0000"
    settings.email = "hello@adoptionpartnership.example"
    settings.enquire_page = enquire
    settings.main_navigation = [
        ("link", {"label": "", "page": page, "url": ""})
        for page in home_page.get_children().live().exclude(slug__in=["contact", "enquire"])
    ]
    settings.footer_navigation = [("link", {"label": "", "page": contact, "url": ""})]
    settings.save()
    return live_server.url


BAR = "The law does not allow us to approve you as an adopter"
CONVICTIONS = "Has anyone aged 18 or over in your home had a conviction or caution?"


@pytest.fixture
def checker_with_a_bar(site):
    """The site's checker with a question whose answers include a specified offence (reg. 25)."""
    from website.models import CheckerPage

    checker = CheckerPage.objects.get()
    questions = [("question", dict(child.value)) for child in checker.questions]
    questions.append(
        (
            "question",
            {
                "key": "convictions",
                "question": CONVICTIONS,
                "help_text": "",
                "options": [
                    {"label": "No", "outcome": "fine", "feedback": "Everyone in your home has a DBS check."},
                    {"label": "Yes, something else", "outcome": "talk", "feedback": "Tell us early."},
                    {
                        "label": "Yes, an offence against a child",
                        "outcome": "barred",
                        "feedback": "The law names offences against children.",
                    },
                ],
            },
        )
    )
    checker.questions = questions
    checker.talk_heading = "This doesn't mean you can't adopt"
    checker.talk_text = "<p>Many people in your situation go on to adopt.</p>"
    checker.barred_heading = BAR
    checker.barred_text = "<p>Please call us to talk in confidence.</p>"
    checker.save_revision().publish()
    return site

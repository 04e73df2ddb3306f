"""The demo loader builds the whole believable site, and running it again changes nothing."""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.images import get_image_model
from wagtail.models import Page

import pytest

from crm.models import RegistrationOfInterest, StepStatus
from website.checker import BARRED
from website.demo.applicant import DEMO_APPLICANT_EMAIL
from website.demo.loader import DEMO_USERS, load_demo_content
from website.models import FAQ, CheckerPage, EventPage, FAQCategory, HomePage, SiteSettings, StoryPage
from website.roles import MANAGERS, MARKETING_EDITORS, RECRUITMENT_WORKERS


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo content, loaded once for this module inside a transaction that is rolled back after it.

    Each test still runs in its own savepoint within it, so what one test changes, the next never sees.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_content(known_passwords=True)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    return None


@pytest.mark.django_db
def test_demo_site_has_everything_the_brief_asks_for(demo, client):
    assert HomePage.objects.live().count() == 1
    assert StoryPage.objects.live().count() >= 8
    upcoming = EventPage.objects.live().filter(start__gte=timezone.now())
    assert upcoming.count() >= 10
    assert {event.venue.area for event in upcoming} == {"kent", "medway", "bexley", "online"}
    assert FAQ.objects.count() >= 20
    assert FAQCategory.objects.count() >= 4
    slugs = set(Page.objects.live().values_list("slug", flat=True))
    for slug in [
        "adoption-journey",
        "can-i-adopt",
        "about-us",
        "adoption-support",
        "privacy-notice",
        "accessibility-statement",
        "contact",
        "faqs",
        "stories",
        "events",
    ]:
        assert slug in slugs
    for page in Page.objects.live().exclude(depth=1).specific():
        assert client.get(page.url).status_code == 200, page.url


@pytest.mark.django_db
def test_demo_users_have_their_roles_and_the_dev_password(demo):
    users = {user.username: user for user in get_user_model().objects.all()}
    for username, *_ in DEMO_USERS:
        assert users[username].check_password("changeme")
        assert users[username].has_perm("wagtailadmin.access_admin")
    assert users["admin"].is_superuser
    assert [group.name for group in users["marketing"].groups.all()] == [MARKETING_EDITORS]
    assert [group.name for group in users["kent.worker"].groups.all()] == [RECRUITMENT_WORKERS]
    assert [group.name for group in users["manager"].groups.all()] == [MANAGERS]
    assert users["marketing"].has_perm("website.change_faq")
    assert not users["kent.worker"].has_perm("website.change_faq")


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new(demo):
    counts = (Page.objects.count(), FAQ.objects.count(), get_image_model().objects.count())
    report = load_demo_content()
    assert report.created == []
    assert (Page.objects.count(), FAQ.objects.count(), get_image_model().objects.count()) == counts


@pytest.mark.django_db
def test_reloading_later_moves_events_back_into_the_future(demo):
    later = timezone.localdate() + dt.timedelta(days=200)
    load_demo_content(today=later)
    upcoming = EventPage.objects.live().filter(start__date__gte=later)
    assert upcoming.count() >= 10


@pytest.mark.django_db
def test_site_settings_and_navigation_are_filled_in(demo):
    settings = SiteSettings.objects.get()
    assert settings.phone and settings.email
    assert [block.value.text() for block in settings.main_navigation][:2] == [
        "How adoption works",
        "Can I adopt?",
    ]
    assert settings.enquire_page.slug == "enquire"


@pytest.mark.django_db
def test_demo_crm_has_households_in_every_council_and_stage_range(demo):
    from crm.models import Household, StaffMember, Stage

    households = Household.objects.all()
    assert households.count() >= 30
    assert {"kent", "medway", "bexley", "elsewhere"} <= {h.council for h in households}
    stages = {h.stage for h in households}
    assert {Stage.ENQUIRY, Stage.INITIAL_CONVERSATION, Stage.STAGE_ONE, Stage.APPROVED} <= stages
    # After approval: waiting, on hold, and a link with a child at each of its steps, made as a worker's are.
    after = {
        Stage.FAMILY_FINDING,
        Stage.ON_HOLD,
        Stage.LINKED,
        Stage.MATCHED,
        Stage.PLACED,
        Stage.ADOPTION_ORDER,
    }
    assert after <= stages
    from crm.models import Link

    for household in households.filter(
        stage__in=[Stage.LINKED, Stage.MATCHED, Stage.PLACED, Stage.ADOPTION_ORDER]
    ):
        link = Link.objects.get(household=household, ended_on__isnull=True)
        assert link.child_reference.startswith("DEMO-")
        assert bool(link.matched_on) == (household.stage != Stage.LINKED)
    assert households.filter(closed_at__isnull=False).exists()
    assert households.filter(due_on__lt=timezone.localdate()).exists()
    # New ones are with the central front-door team; those past the first conversation with their council's.
    assert households.filter(team__kind="central", stage=Stage.ENQUIRY).exists()
    assert not households.filter(
        team__kind="central", stage=Stage.STAGE_ONE, council__in=["kent", "medway", "bexley"]
    ).exists()
    roles = dict(StaffMember.objects.values_list("user__username", "role"))
    assert roles == {
        "central.worker": "worker",
        "kent.worker": "worker",
        "medway.worker": "worker",
        "bexley.worker": "worker",
        "family.finder": "worker",
        "manager": "manager",
        "forum.moderator": "worker",
    }
    finder = StaffMember.objects.get(user__username="family.finder")
    assert finder.team.is_family_finding


@pytest.mark.django_db
def test_demo_has_support_and_other_requests_in_their_own_services(demo):
    from campaigns.models import Touchpoint
    from crm.models import EnquiryType, Household, Stage

    requests = Household.objects.exclude(service=EnquiryType.ADOPTING)
    assert set(requests.values_list("service", flat=True)) == set(EnquiryType.values) - {
        EnquiryType.ADOPTING,
        EnquiryType.OTHER,
    }
    new_support = requests.filter(service=EnquiryType.SUPPORT, stage=Stage.SUPPORT_REQUEST)
    assert new_support.exists()
    assert all(
        household.team.is_central and household.clock.code == "support_first_contact"
        for household in new_support
    )
    assert requests.filter(stage=Stage.SUPPORT_PLAN, team__kind="locality").exists()
    assert not Touchpoint.objects.filter(household__in=requests).exists()


@pytest.mark.django_db
def test_demo_family_events_are_booked_by_adoptive_families_and_make_no_cases(demo):
    from campaigns.models import Touchpoint
    from crm.models import Enquiry, EventBooking, Household, Stage

    bookings = EventBooking.objects.filter(family_event=True).select_related("household")
    family_events = EventPage.objects.filter(pk__in=bookings.values("event_id"))
    assert family_events.exists()
    assert all(event.is_family_event for event in family_events)
    stages = {booking.household.stage for booking in bookings}
    assert stages == {Stage.APPROVED, Stage.FAMILY_EVENT_BOOKED}
    assert not Enquiry.objects.filter(bookings__family_event=True).exists()
    new_families = Household.objects.filter(stage=Stage.FAMILY_EVENT_BOOKED)
    assert new_families.count() == 2 and not new_families.filter(pk__in=Household.objects.active()).exists()
    assert set(
        Touchpoint.objects.filter(kind="event_booking", household__in=new_families).values_list(
            "channel__slug", flat=True
        )
    ) == {"networking"}


@pytest.mark.django_db
def test_demo_campaigns_have_vanity_addresses_spend_and_credited_touches(demo, client):
    from campaigns.models import Campaign, Touchpoint

    assert set(Campaign.objects.values_list("code", flat=True)) == {"WINTER26", "BUS26", "SOCIAL26"}
    assert Touchpoint.objects.filter(campaign__code="WINTER26", household__isnull=False).exists()
    response = client.get("/radio/")
    assert response.status_code == 302
    assert "utm_campaign=WINTER26" in response["Location"]


@pytest.mark.django_db
def test_the_demo_reports_add_up_to_what_the_attribution_engine_shares_out(demo):
    """Campaign results read the stored credit, kept as the demo's history went in: the same figures as the
    engine's, support and records requests left out of both (they are not recruitment)."""
    from campaigns.selectors import attribution_report

    ever = {"date_from": dt.date(2000, 1, 1), "date_to": dt.date(2100, 1, 1)}
    for outcome in ("enquiry", "registration_of_interest", "approved"):
        for dimension in ("channel", "phase", "campaign", "month"):
            dates = (
                ever
                if dimension != "month"
                else {"date_from": dt.date.today().replace(month=1, day=1), "date_to": dt.date.today()}
            )
            stored, live = (
                sorted(
                    (row.label, round(row.credit, 6))
                    for row in attribution_report(
                        outcome=outcome, model="time_decay", dimension=dimension, stored=kept, **dates
                    ).rows
                )
                for kept in (True, False)
            )
            assert stored == live, (outcome, dimension)
            assert sum(credit for _, credit in live) > 0, (outcome, dimension)


@pytest.mark.django_db
def test_demo_budgets_show_against_spend_on_channels_and_phases(demo, client):
    from campaigns.budgets import financial_year_of
    from campaigns.models import ChannelBudget

    year = financial_year_of(timezone.localdate())
    budgets = ChannelBudget.objects.filter(year=year)
    assert set(budgets.values_list("channel__slug", flat=True)) >= {"advertising", "social", "search"}
    assert budgets.get(channel__slug="advertising").plan is not None
    client.force_login(get_user_model().objects.get(username="marketing"))

    html = client.get("/admin/insight/channels/").content.decode()

    assert f"Marketing budget for {year} to {year + 1} by channel" in html
    assert "24,000.00" in html  # Advertising's budget for the year
    assert "Planned and actual spend by month" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "question", "page"),
    [
        ("LGBT", "Can LGBTQ+ people adopt?", "dev-and-marcus"),
        ("IVF", "I've had fertility treatment. When can I start?", None),
        ("renting", "Can I adopt if I rent my home?", "joanne"),
        ("ages", "How old do I need to be to adopt?", None),
    ],
)
def test_demo_search_finds_what_people_type(demo, client, query, question, page):
    """What adopters typed and found nothing for: the FAQ page and site search both answer now."""
    assert [faq.question for faq in client.get("/faqs/", {"q": query}).context["results"]][:1] == [question]
    response = client.get("/search/", {"q": query})
    assert [faq.question for faq in response.context["faqs"]][:1] == [question]
    if page:
        assert any(page in result.slug for result in response.context["results"][:5]), [
            result.slug for result in response.context["results"]
        ]


@pytest.mark.django_db
def test_demo_events_each_have_an_organiser_who_works_there(demo):
    organisers = {event.venue.area: event.organiser.username for event in EventPage.objects.live()}
    assert organisers == {
        "kent": "kent.worker",
        "medway": "medway.worker",
        "bexley": "bexley.worker",
        "online": "manager",
    }


@pytest.mark.django_db
def test_every_demo_page_and_faq_passes_the_checks_met_when_publishing_it(demo):
    # full_clean checks StreamField blocks too (website.models.mixins.BasePage.clean), so content an
    # editor could not republish cannot hide in the demo.
    problems = {}
    for page in Page.objects.exclude(depth=1).specific():
        try:
            page.full_clean()
        except ValidationError as error:
            problems[page.url_path] = error.message_dict
    for faq in FAQ.objects.all():
        try:
            faq.full_clean()
        except ValidationError as error:
            problems[faq.question] = error.message_dict
    assert problems == {}


@pytest.mark.django_db
def test_an_offence_against_a_child_leads_the_demo_checker_to_the_statutory_bar(demo, client):
    checker = CheckerPage.objects.get()
    questions = checker.question_list()
    convictions = next(question for question in questions if question["key"] == "convictions")
    against_a_child = [
        (position, option["outcome"])
        for position, option in enumerate(convictions["options"])
        if "offence against a child" in option["label"]
    ]
    assert [outcome for _, outcome in against_a_child] == [BARRED]
    answers = {question["key"]: "0" for question in questions}
    answers["convictions"] = str(against_a_child[0][0])
    html = client.post(checker.url, answers).content.decode()
    assert re.search(
        r'id="result-heading"[^>]*>The law does not allow us to approve you as an adopter<', html
    )
    assert "go on to adopt" not in html


@pytest.mark.django_db
def test_demo_content_says_only_what_is_so(demo, client):
    assert "<title>Home" not in client.get("/").content.decode()
    checker = client.get("/can-i-adopt/").content.decode()
    assert checker[checker.index("<main") : checker.index("</main>")].count("minutes") == 1
    assert "contact page" not in " ".join(FAQ.objects.values_list("answer", flat=True))
    assert 'href="/enquire/"' in FAQ.objects.get(question="How do I get in touch?").answer
    assert 'href="/enquire/"' in client.get("/contact/").content.decode()
    statement = client.get("/accessibility-statement/").content.decode().lower()
    for missing in (r"\bmap\b", r"\bpdf leaflets?\b", r"social media posts?"):
        assert not re.search(missing, statement), missing
    for story in StoryPage.objects.live().select_related("image"):
        html = client.get(story.url).content.decode()
        lead = re.search(r'<img [^>]*class="page-lead-image"[^>]*>', html).group(0)
        assert f'alt="{escape(story.image.description)}"' in lead, story.url


def test_the_demo_sends_people_to_their_own_page_to_register_their_interest(demo, client):
    # The registration of interest is online now: nothing asks people to phone for a form.
    answer = FAQ.objects.get(question="What does registering my interest mean?").answer
    assert 'href="/your-adoption/"' in answer and "registration of interest form" not in answer
    journey = client.get("/adoption-journey/").content.decode()
    assert 'href="/your-adoption/"' in journey and "registration of interest form" not in journey
    # The demo applicant has theirs half filled in, to continue on their page.
    registration = RegistrationOfInterest.objects.get(household__email=DEMO_APPLICANT_EMAIL)
    assert [registration.step_status(step) for step in ("about-you", "your-partner", "health")] == [
        StepStatus.COMPLETED,
        StepStatus.COMPLETED,
        StepStatus.NOT_STARTED,
    ]
    assert not registration.is_submitted


@pytest.mark.django_db
def test_the_demo_voice_screen_shows_survey_figures_above_the_small_number_rule(demo):
    from django.contrib.auth import get_user_model

    from core.reports.periods import default_dates
    from core.reports.tables import FEWER_THAN_5, NOT_SHOWN
    from crm.models import SurveyInvitation, SurveyResponse
    from crm.reports.voice import VoiceFilters, voice_report

    date_from, date_to = default_dates()
    manager = get_user_model().objects.get(username="manager")
    report = voice_report(user=manager, filters=VoiceFilters(date_from=date_from, date_to=date_to))

    first_contact = report.tables["questions_first_contact"]
    shown = [cell.display for row in first_contact.rows for cell in row[1:]]
    assert SurveyResponse.objects.filter(household__isnull=True).exists()
    assert SurveyResponse.objects.filter(household__isnull=False).exists()
    assert SurveyInvitation.objects.filter(
        answered=False, household__email="sam.applicant@example.com"
    ).exists()
    assert all(cell.display not in (FEWER_THAN_5, NOT_SHOWN) for cell in first_contact.column("Answers"))
    assert any(value not in (FEWER_THAN_5, NOT_SHOWN) for value in shown[1:])
    quarters = report.tables["quarters_first_contact"]
    assert sum(cell.display not in (FEWER_THAN_5, NOT_SHOWN) for cell in quarters.column("Answers")) >= 2


@pytest.mark.django_db
def test_demo_forum_has_members_topics_a_held_post_and_a_moderator(demo):
    from community.models import Membership, Post, Space, Topic
    from community.selectors import is_moderator, moderation_queue

    assert Membership.objects.filter(space=Space.MEMBERS).count() >= 3
    assert Membership.objects.filter(space=Space.NEW, household__email="sam.applicant@example.com").exists()
    assert (
        Topic.objects.filter(space=Space.MEMBERS).count() >= 2
        and Topic.objects.filter(space=Space.NEW).exists()
    )
    [held] = moderation_queue()
    assert held.status == Post.Status.HELD and "St Mary's Primary" in held.body
    moderator = get_user_model().objects.get(username="forum.moderator")
    assert moderator.check_password("changeme") and is_moderator(moderator)


@pytest.mark.django_db
def test_demo_has_old_records_moved_in_with_a_refused_row(demo):
    from crm.models import ImportedRecord, ImportRun

    run = ImportRun.objects.get(committed=True)
    assert (run.file_name, run.created, run.refused) == ("bexley-medway-adopters.csv", 3, 1)
    assert set(ImportedRecord.objects.values_list("reference", flat=True)) == {
        "BX-0412",
        "BX-0433",
        "MW-1187",
    }


@pytest.mark.django_db
def test_the_demo_has_a_shared_story_waiting_in_moderation(demo, client):
    from website.models import StorySubmission

    (waiting,) = StorySubmission.objects.filter(state=StorySubmission.State.IN_MODERATION)
    assert not waiting.page.live
    assert waiting.page.specific.current_workflow_state.status == "in_progress"
    assert client.get("/share-your-story/").status_code == 200


@pytest.mark.django_db
def test_the_demo_has_a_published_board_pack_and_one_ready_for_commentary(demo, client):
    from website.models import BoardPack

    published = BoardPack.objects.get(state=BoardPack.State.PUBLISHED)
    ready = BoardPack.objects.get(state=BoardPack.State.READY)
    assert published.council == "" and ready.council == "kent"
    assert len(published.sections) == 6 and all(published.commentary.values())
    assert any(table["rows"] for table in published.sections[0]["tables"])
    client.force_login(get_user_model().objects.get(username="manager"))
    assert "Published" in client.get(f"/admin/insight/board-pack/{published.pk}/").content.decode()

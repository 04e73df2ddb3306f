"""Factories and page builders: each test creates only what it needs."""

import datetime as dt

from django.utils import timezone

from wagtail.test.utils.wagtail_factories import ImageFactory

import factory

from website.models import FAQ, Area, EventIndexPage, EventPage, FAQCategory, StoryIndexPage, StoryPage, Venue

__all__ = [
    "UserFactory",
    "enquiry_details",
    "staff_member",
    "FAQCategoryFactory",
    "FAQFactory",
    "ImageFactory",
    "VenueFactory",
    "add_page",
    "event_index",
    "event_page",
    "story_index",
    "story_page",
]


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Community hall {n}")
    area = Area.KENT
    address = "1 High Street"
    town = "Maidstone"
    postcode = "ME14 1AA"


class FAQCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "<p>An answer.</p>"
    category = factory.SubFactory(FAQCategoryFactory)


def add_page(parent, model, **fields):
    """Create ``model`` under ``parent`` and publish it, as an editor would."""
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def story_index(home):
    return add_page(home, StoryIndexPage, title="Stories", slug="stories")


def story_page(index, *, title: str, tags=(), days_ago: int = 0, **fields):
    fields.setdefault("author", "Sam")
    fields.setdefault("summary", f"Summary of {title}.")
    fields.setdefault("body", [("paragraph", "<p>Our story.</p>")])
    page = add_page(
        index, StoryPage, title=title, date=timezone.localdate() - dt.timedelta(days=days_ago), **fields
    )
    if tags:
        page.tags.add(*tags)
        page.save_revision().publish()
    return page


def event_index(home):
    return add_page(home, EventIndexPage, title="Events", slug="events")


def event_page(index, *, title: str, days: float = 7, hours: float = 2, venue=None, **fields):
    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    fields.setdefault("summary", f"About {title}.")
    fields.setdefault("capacity", 30)
    return add_page(
        index,
        EventPage,
        title=title,
        start=start,
        end=start + dt.timedelta(hours=hours),
        venue=venue or VenueFactory(),
        **fields,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@adoptionpartnership.example")
    is_staff = True
    password = factory.django.Password("changeme")


def staff_member(username: str, *, role: str = "worker", council: str | None = "kent", team=None, **fields):
    """A user with a CRM staff record, in the Recruitment workers or Managers group."""
    from crm.services import staff_member_save
    from website.roles import MANAGERS, RECRUITMENT_WORKERS, roles_sync

    groups = roles_sync()
    user = UserFactory(username=username, **fields)
    user.groups.add(groups[MANAGERS if role == "manager" else RECRUITMENT_WORKERS])
    return staff_member_save(user=user, role=role, council=council, team=team)


def central_team():
    """The central front-door team, as an agency sets it up in the admin."""
    from crm.models import Team

    team, _ = Team.objects.get_or_create(kind=Team.Kind.CENTRAL, defaults={"name": "Front door team"})
    return team


def family_finding_team():
    """The family-finding team, across the three councils, set up as the central team is."""
    from crm.models import Team

    team, _ = Team.objects.get_or_create(
        kind=Team.Kind.FAMILY_FINDING, defaults={"name": "Family-finding team"}
    )
    return team


def enquiry_details(**fields):
    from crm.services import EnquiryDetails

    defaults = {
        "first_name": "Alex",
        "last_name": "Morgan",
        "email": "alex@example.com",
        "phone": "07700 900123",
        "postcode": "ME14 1XX",
        "contact_consent": True,
    }
    return EnquiryDetails(**{**defaults, **fields})

"""The rehearsal's site: the demo content, two managers signed in, a story with a draft waiting to be
published, and a household and worker to assign it to. Run inside the nodes' settings, after ``migrate``:
``python -m bench.cluster.site`` prints what the checks need as one line of JSON.
"""

import json
import sys

import django


def signed_in(username: str) -> str:
    """A manager who also edits the site, with a session of their own, as after signing in; returns the
    session key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from crm.services import staff_member_save
    from website.roles import MANAGERS, MARKETING_EDITORS, roles_sync

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@adoptionpartnership.example"}
    )
    groups = roles_sync()
    user.groups.add(groups[MANAGERS], groups[MARKETING_EDITORS])
    staff_member_save(user=user, role="manager", council=None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def household_for_the_least_site() -> None:
    """One adoption enquiry from Kent, and a second Kent worker to give it to (the least site has one worker
    and no households)."""
    from crm.models import Source
    from crm.services import enquiry_create
    from tests.factories import enquiry_details, staff_member

    enquiry_create(source=Source.WEB, details=enquiry_details(email="cluster.household@example.com"))
    staff_member("cluster.worker")


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from wagtail.models import Page

    from crm.models import EnquiryType, Household
    from crm.selectors.access import staff_assignable_by
    from website.demo.loader import load_demo_content
    from website.models import StoryPage

    if "--least" in sys.argv:
        household_for_the_least_site()
    else:
        load_demo_content()
    manager = signed_in("cluster.manager")
    colleague = signed_in("cluster.colleague")
    user = get_user_model().objects.get(username="cluster.manager")
    household = Household.objects.open().filter(service=EnquiryType.ADOPTING).order_by("pk").first()
    worker = next(
        member
        for member in staff_assignable_by(user).order_by("pk")
        if member.role == "worker" and member.pk != household.assigned_to_id
    )
    story = (
        StoryPage.objects.live().order_by("pk").first()
        or Page.objects.live().filter(depth__gt=2).specific().order_by("pk").first()
    )
    title = story.title
    story.title = f"{title} (updated)"
    story.save_revision(user=user)  # a draft: the live page keeps its title until it is published
    print(
        json.dumps(
            {
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
                "manager": manager,
                "colleague": colleague,
                "worker": worker.pk,
                "worker_name": str(worker),
                "household": household.pk,
                "story": story.pk,
                "story_url": story.url,
                "story_title": title,
                "draft_title": story.title,
            }
        )
    )


if __name__ == "__main__":
    main()

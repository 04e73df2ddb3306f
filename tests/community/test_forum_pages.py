"""The forum's pages: who reaches them, what each member is shown, the forms' errors, the topic page's
queries, the member's own download and deletion, subject access and erasure, and the admin screens."""

from django.test import Client

import pytest

from community.models import Membership, Post, Topic
from community.services import topic_create
from crm.selectors import person_for_anchor
from crm.services.privacy import person_erase, subject_access_export
from tests.community.helpers import household_at, member, seasoned
from tests.crm.applicant_helpers import sign_in_as
from tests.factories import staff_member

pytestmark = pytest.mark.django_db
FORUM = "/your-adoption/forum/"


@pytest.fixture(autouse=True)
def reference(crm_reference):
    return crm_reference


def signed_in(membership_or_household) -> Client:
    client = Client()
    household = getattr(membership_or_household, "household", membership_or_household)
    sign_in_as(client, household)
    return client


def test_someone_signed_in_who_is_not_a_member_gets_a_404_that_says_nothing():
    writer = seasoned(member(who="writer"))
    topic = topic_create(membership=writer, title="Panel tips", body="Ask anything").topic
    outsider = signed_in(household_at("stage_two", who="outsider"))
    for path in (FORUM, f"{FORUM}topics/{topic.pk}/", f"{FORUM}new/", f"{FORUM}your-posts/"):
        response = outsider.get(path)
        assert response.status_code == 404, path
        assert b"Panel tips" not in response.content


def test_a_new_to_adoption_member_cannot_read_the_members_forum():
    writer = seasoned(member(who="writer"))
    topic = topic_create(membership=writer, title="Panel tips", body="Ask anything").topic
    newcomer = signed_in(member(who="newcomer", stage="information_event"))
    assert newcomer.get(f"{FORUM}topics/{topic.pk}/").status_code == 404
    index = newcomer.get(FORUM)
    assert (
        index.status_code == 200
        and b"New to adoption" in index.content
        and b"Panel tips" not in index.content
    )


def test_staff_sessions_never_reach_member_pages():
    staff = Client()
    staff.force_login(staff_member("boss", role="manager").user)
    response = staff.get(FORUM)
    assert response.status_code == 302 and response["Location"] == "/your-adoption/sign-in/"


def test_joining_refuses_a_real_name_keeping_what_was_typed_then_accepts_a_pseudonym():
    membership = member(who="joiner", joined=False)
    client = signed_in(membership)
    assert client.get(FORUM)["Location"] == f"{FORUM}join/"
    page = client.get(f"{FORUM}join/")
    assert b"Keep children safe" in page.content and b"Version 2026-12" in page.content
    refused = client.post(f"{FORUM}join/", {"display_name": "Jessica Brown", "accept": "on"})
    assert refused.status_code == 400
    assert b"real full name" in refused.content and b'value="Jessica Brown"' in refused.content
    joined = client.post(f"{FORUM}join/", {"display_name": "Kettle On", "accept": "on"})
    assert joined.status_code == 302
    membership.refresh_from_db()
    assert membership.display_name == "Kettle On" and membership.conduct_version == "2026-12"


def test_a_held_post_shows_its_author_why_and_no_other_member_sees_it():
    writer = seasoned(member(who="writer"))
    reader = member(who="reader", name="Reader Here")
    topic = topic_create(membership=writer, title="First days", body="How did yours settle?").topic
    as_writer = signed_in(writer)
    response = as_writer.post(f"{FORUM}topics/{topic.pk}/", {"body": "He is at St Mary's Primary now."})
    assert response.status_code == 302 and "posted=held" in response["Location"]
    own = as_writer.get(response["Location"]).content.decode()
    assert "St Mary&#x27;s Primary" in own and "Waiting for a moderator" in own and "school" in own
    other = signed_in(reader).get(f"{FORUM}topics/{topic.pk}/").content.decode()
    assert "How did yours settle?" in other and "St Mary" not in other


def test_the_rate_limit_says_so_and_keeps_what_was_typed(settings):
    settings.FORUM_POSTS_PER_HOUR = 1
    writer = seasoned(member(who="writer"))
    topic = topic_create(membership=writer, title="Busy day", body="Morning all").topic
    response = signed_in(writer).post(f"{FORUM}topics/{topic.pk}/", {"body": "A second thought I had"})
    assert response.status_code == 400
    assert b"in the last hour" in response.content and b"A second thought I had" in response.content


def test_a_topic_page_makes_the_same_queries_however_many_posts(django_assert_max_num_queries):
    writer = seasoned(member(who="writer"))
    others = [seasoned(member(who=f"other{number}")) for number in range(3)]
    topic = topic_create(membership=writer, title="Long thread", body="Start").topic
    client = signed_in(writer)
    client.get(f"{FORUM}topics/{topic.pk}/")
    for number in range(30):
        Post.objects.create(
            topic=topic, author=others[number % 3], body=f"Reply {number}", status=Post.Status.PUBLISHED
        )
    with django_assert_max_num_queries(14):
        response = client.get(f"{FORUM}topics/{topic.pk}/")
    assert response.content.count(b'id="post-') == 31


def test_a_member_downloads_and_deletes_their_own_posts_only():
    writer = seasoned(member(who="writer"))
    other = seasoned(member(who="other"))
    mine = topic_create(membership=writer, title="Mine", body="My own words here")
    theirs = topic_create(membership=other, title="Theirs", body="Somebody else's words")
    client = signed_in(writer)
    download = client.get(f"{FORUM}your-posts/download/")
    text = b"".join(download.streaming_content).decode()
    assert "My own words here" in text and "Somebody else" not in text
    assert client.get(f"{FORUM}posts/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"{FORUM}posts/{mine.pk}/delete/").status_code == 302
    assert (
        not Post.objects.filter(pk=mine.pk).exists() and not Topic.objects.filter(pk=mine.topic_id).exists()
    )
    assert Post.objects.filter(pk=theirs.pk).exists()


def test_the_applicant_page_links_members_to_the_forum():
    writer = member(who="writer")
    assert b"/your-adoption/forum/" in signed_in(writer).get("/your-adoption/").content
    outsider = household_at("stage_two", who="outsider")
    assert b"/your-adoption/forum/" not in signed_in(outsider).get("/your-adoption/").content


def test_subject_access_includes_and_erasure_removes_forum_posts():
    writer = seasoned(member(who="writer"))
    other = seasoned(member(who="other"))
    mine = topic_create(membership=writer, title="Mine", body="Words to erase")
    reply = Post.objects.create(topic=mine.topic, author=other, body="A reply", status=Post.Status.PUBLISHED)
    manager = staff_member("boss", role="manager").user
    anchor, person = person_for_anchor(key=f"household-{writer.household_id}")
    export = subject_access_export(anchor=anchor, person=person, by=manager)
    assert "Words to erase" in str(export.sections["Forum posts"])
    from crm.services import household_close

    household_close(household=writer.household, reason="withdrew_circumstances", by=manager)
    person_erase(person=person, by=manager, reason="Asked by email")
    assert not Membership.objects.filter(pk=writer.pk).exists()
    assert not Post.objects.filter(author_id=writer.pk).exists()
    assert Post.objects.filter(pk=reply.pk).exists()
    assert Topic.objects.get(pk=mine.topic_id).author is None


def test_a_moderator_approves_a_held_post_and_a_worker_cannot_see_the_queue():
    writer = member(who="writer")
    held = topic_create(membership=writer, title="Hello", body="Our first post")
    moderator = Client()
    moderator.force_login(staff_member("boss", role="manager").user)
    queue = moderator.get("/admin/community/queue/")
    assert queue.status_code == 200 and b"Our first post" in queue.content
    response = moderator.post(f"/admin/community/posts/{held.pk}/", {"action": "approve", "reason": ""})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Post.Status.PUBLISHED
    worker = Client()
    worker.force_login(staff_member("medway.worker", council="medway").user)
    assert worker.get("/admin/community/queue/").status_code == 404
    assert (
        worker.post(f"/admin/community/posts/{held.pk}/", {"action": "remove", "reason": "x"}).status_code
        == 404
    )


def test_a_worker_grants_membership_from_the_admin():
    household = household_at("approved", who="granted")
    client = Client()
    client.force_login(staff_member("kent.worker", council="kent").user)
    found = client.get("/admin/community/members/grant/", {"reference": household.reference})
    assert "Grant membership of the members&#x27; forum" in found.content.decode()
    response = client.post("/admin/community/members/grant/", {"household": household.pk})
    assert response.status_code == 302
    assert Membership.objects.get(household=household).space == "members"
    again = client.get("/admin/community/members/grant/", {"reference": household.reference})
    assert "already a member of the members&#x27; forum" in again.content.decode()

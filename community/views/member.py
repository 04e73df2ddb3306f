"""The forum's pages for members, under /your-adoption/forum/ so the applicant's own sign-in reaches them.

Every page needs the applicant's sign-in (``applicant_required``: anyone else, staff included, goes to
sign in) and a current membership: a signed-in household that is not a member gets the site's usual
404, which says nothing about what is here. A member reads their own space only.
"""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from community.conduct import CONDUCT_VERSION, conduct_text
from community.forms import JoinForm, ReplyForm, TopicForm
from community.models import Membership, Post, Space
from community.selectors import membership_for, own_post_get, own_posts, topic_get, topic_posts, topics_for
from community.services import (
    ForumError,
    membership_join,
    post_delete_own,
    post_report,
    reply_create,
    topic_create,
)
from core.exports import csv_response
from crm.views.applicant_common import applicant_required

TOPICS_PER_PAGE = 30
DOWNLOAD_HEADER = (
    "Written",
    "Topic",
    "Starts the topic",
    "Post",
    "Status",
    "Why it was held",
    "Moderator's reason",
)


def member_required(view=None, *, joined: bool = True):
    """Run ``view`` for a signed-in household with a current membership (``request.forum_membership``).

    Not a member: a 404. Suspended: a page saying so and why. Not yet joined (no forum name, or an
    older code of conduct accepted): to the joining page first, when ``joined`` is asked for.
    """

    def decorate(view):
        @applicant_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = membership_for(request.applicant_household)
            if membership is None:
                raise Http404("Not found")
            if membership.status == Membership.Status.SUSPENDED:
                return render(request, "community/suspended.html", {"membership": membership}, status=403)
            if joined and not membership.has_joined:
                return redirect("forum:join")
            request.forum_membership = membership
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def _context(request, **extra):
    membership = request.forum_membership
    return {"membership": membership, "space_label": Space(membership.space).label, **extra}


@member_required(joined=False)
@require_http_methods(["GET", "POST"])
def join(request):
    membership = request.forum_membership
    if membership.has_joined:
        return redirect("forum:index")
    form = JoinForm(request.POST or None, name_chosen=bool(membership.display_name))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                membership_join(
                    membership=membership,
                    display_name=form.cleaned_data.get("display_name", membership.display_name),
                    accept_conduct=form.cleaned_data["accept"],
                )
            except ForumError as error:
                form.add_error("display_name" if "display_name" in form.fields else None, str(error))
            else:
                return redirect("forum:index")
        status = 400
    context = _context(request, form=form, conduct=conduct_text(), conduct_version=CONDUCT_VERSION)
    return render(request, "community/join.html", context, status=status)


@member_required
@require_http_methods(["GET"])
def conduct(request):
    return render(request, "community/conduct.html", _context(request, conduct=conduct_text()))


@member_required
@require_http_methods(["GET"])
def index(request):
    page = Paginator(topics_for(request.forum_membership), TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/index.html", _context(request, page=page))


def _posted(post: Post) -> str:
    """Where to go after posting: the topic, at the post, saying whether it is up or waiting (shown there)."""
    outcome = "up" if post.status == Post.Status.PUBLISHED else "held"
    return reverse("forum:topic", args=[post.topic_id]) + f"?posted={outcome}#post-{post.pk}"


@member_required
@require_http_methods(["GET", "POST"])
def topic_new(request):
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post = topic_create(membership=request.forum_membership, **form.cleaned_data)
            except ForumError as error:
                form.add_error(None, str(error))
            else:
                return redirect(_posted(post))
        status = 400
    return render(request, "community/topic_new.html", _context(request, form=form), status=status)


@member_required
@require_http_methods(["GET", "POST"])
def topic(request, topic_id: int):
    membership = request.forum_membership
    found = topic_get(membership=membership, topic_id=topic_id)
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post = reply_create(membership=membership, topic_id=found.pk, body=form.cleaned_data["body"])
            except ForumError as error:
                form.add_error(None, str(error))
            else:
                return redirect(_posted(post))
        status = 400
    context = _context(
        request,
        topic=found,
        posts=topic_posts(membership=membership, topic=found),
        form=form,
        posted=request.GET.get("posted", ""),
        reported=request.GET.get("reported", ""),
    )
    return render(request, "community/topic.html", context, status=status)


@member_required
@require_POST
def report(request, post_id: int):
    membership = request.forum_membership
    post = Post.objects.filter(pk=post_id, topic__space=membership.space).only("topic_id").first()
    if post is None:
        raise Http404("Not found")
    try:
        post_report(post_id=post_id, reporter=membership)
    except ForumError:
        outcome = "no"
    else:
        outcome = "yes"
    return redirect(reverse("forum:topic", args=[post.topic_id]) + f"?reported={outcome}")


@member_required
@require_http_methods(["GET", "POST"])
def post_delete(request, post_id: int):
    post = own_post_get(membership=request.forum_membership, post_id=post_id)
    if request.method == "POST":
        post_delete_own(post_id=post.pk, membership=request.forum_membership)
        return redirect(reverse("forum:your_posts") + "?deleted=1")
    return render(request, "community/post_delete.html", _context(request, post=post))


@member_required
@require_http_methods(["GET"])
def your_posts(request):
    posts = own_posts([request.forum_membership.pk])
    context = _context(request, posts=posts, deleted=request.GET.get("deleted") == "1")
    return render(request, "community/your_posts.html", context)


@member_required
@require_http_methods(["GET"])
def download(request):
    rows = (
        (
            timezone.localtime(post.created_at).strftime("%Y-%m-%d %H:%M"),
            post.topic.title,
            "yes" if post.opens_topic else "no",
            post.body,
            post.get_status_display(),
            " ".join(post.held_reasons),
            post.moderator_reason,
        )
        for post in own_posts([request.forum_membership.pk])
    )
    return csv_response(title="your-forum-posts", header=DOWNLOAD_HEADER, rows=rows)

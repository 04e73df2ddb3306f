"""Real-life stories and blogs by adopters and adopted people."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from website.blocks import BaseStreamBlock

from .mixins import BasePage, OneKindOfChildMixin

STORIES_PER_PAGE = 9


def paginate(request, queryset, per_page: int):
    """One page of ``queryset`` for the ``?page=`` parameter, falling back to the first or last page."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey("website.StoryPage", related_name="tagged_items", on_delete=models.CASCADE)


class StoryIndexPage(OneKindOfChildMixin, BasePage):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "story index page"

    def child_queryset(self):
        return StoryPage.objects.select_related("image")

    def get_stories(self):
        return (
            StoryPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    def get_tags(self):
        """Tags in use on live stories, with how many stories carry each."""
        return (
            Tag.objects.filter(website_storypagetag_items__content_object__in=self.get_stories())
            .annotate(story_count=Count("website_storypagetag_items", distinct=True))
            .order_by("name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = self.get_stories()
        tags = list(self.get_tags())
        selected = next((tag for tag in tags if tag.slug == request.GET.get("tag")), None)
        if selected:
            stories = stories.filter(tags=selected)
        context.update(stories=paginate(request, stories, STORIES_PER_PAGE), tags=tags, selected_tag=selected)
        return context


class WithdrawnStoryPermissions:
    """A page permission tester that refuses publishing, scheduling and moderation, and passes on the rest."""

    REFUSED = ("can_publish", "can_publish_subpage", "can_submit_for_moderation", "can_set_view_restrictions")

    def __init__(self, tester):
        self._tester = tester

    def __getattr__(self, name):
        if name in self.REFUSED:
            return lambda *args, **kwargs: False
        return getattr(self._tester, name)


class StoryPage(BasePage):
    class Kind(models.TextChoices):
        STORY = "story", "Real-life story"
        BLOG = "blog", "Blog"

    date = models.DateField("Published", default=timezone.localdate)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STORY)
    author = models.CharField(
        "Author's name", max_length=80, help_text="First name only is fine, e.g. Priya."
    )
    author_description = models.CharField(
        max_length=150, blank=True, help_text="Who they are, e.g. 'who adopted two brothers in 2022'."
    )
    summary = models.TextField(
        max_length=250, help_text="One or two sentences for listings and search results."
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock())
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("kind"), FieldPanel("author"), FieldPanel("author_description")],
            heading="About this story",
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
    ]

    og_type = "article"

    parent_page_types = ["website.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "story page"

    def permissions_for_user(self, user):
        """Wagtail's page permissions, except that a story whose author withdrew consent is never published again."""
        tester = super().permissions_for_user(user)
        if self.pk and self.submissions.filter(state="withdrawn").exists():
            return WithdrawnStoryPermissions(tester)
        return tester

    def related_stories(self, limit: int = 3):
        """Live stories sharing the most tags with this one, newest first among equals."""
        siblings = StoryPage.objects.live().public().exclude(pk=self.pk).select_related("image")
        tag_ids = [tag.pk for tag in self.tags.all()]
        related = list(
            siblings.filter(tags__in=tag_ids)
            .annotate(shared=Count("tagged_items", distinct=True))
            .order_by("-shared", "-date")[:limit]
        )
        if len(related) < limit:
            seen = [page.pk for page in related]
            related += list(siblings.exclude(pk__in=seen).order_by("-date")[: limit - len(related)])
        return related

    def get_context(self, request, *args, **kwargs):
        """Tags and related stories are read only when the template makes their fragment (``website.fragments``)."""
        context = super().get_context(request, *args, **kwargs)
        context["story_tags"] = SimpleLazyObject(self.tags_with_prefetch)
        context["related_stories"] = SimpleLazyObject(self.related_stories)
        return context

    def tags_with_prefetch(self) -> list:
        prefetch_related_objects([self], "tags")
        return list(self.tags.all())

    def get_structured_data(self, request) -> list[dict]:
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting" if self.kind == self.Kind.BLOG else "Article",
            "headline": self.title[:110],
            "description": self.get_meta_description(),
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).date().isoformat(),
            "author": {"@type": "Person", "name": self.author},
            "publisher": self.organization_reference(request),
            "mainEntityOfPage": self.get_full_url(request),
        }
        if self.image:
            data["image"] = request.build_absolute_uri(
                self.image.get_rendition("fill-1200x675|format-jpeg").url
            )
        return [data]

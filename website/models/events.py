"""Events: information evenings and preparation training for people thinking of adopting, and family
events (support groups, social events, activity days, training) for approved and adoptive families.

Which kinds are doors into adopting is the CRM's rule (``crm.events``): booking one of them is an
enquiry, booking a family event never is.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from website.blocks import BaseStreamBlock
from website.forms_security import public_form

from .mixins import BasePage, OneKindOfChildMixin
from .snippets import Area
from .stories import paginate

EVENTS_PER_PAGE = 10


class EventType(models.TextChoices):
    """Each kind is sorted by ``crm.events`` into recruitment events and family events; the check
    ``website.E001`` fails if one is in neither."""

    INFORMATION_EVENING = "information_evening", "Information evening"
    PREPARATION_TRAINING = "preparation_training", "Preparation training"
    SUPPORT_GROUP = "support_group", "Support group"
    SOCIAL_EVENT = "social_event", "Social event or coffee morning"
    ACTIVITY_DAY = "activity_day", "Activity day"
    POST_APPROVAL_TRAINING = "post_approval_training", "Training for approved adopters"
    POST_ADOPTION_TRAINING = "post_adoption_training", "Training for adoptive families"


class EventIndexPage(OneKindOfChildMixin, BasePage):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "event index page"

    def child_queryset(self):
        return EventPage.objects.select_related("venue")

    def get_events(self):
        return EventPage.objects.live().public().descendant_of(self).select_related("venue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        past = request.GET.get("when") == "past"
        events = self.get_events()
        events = (
            events.filter(end__lt=now).order_by("-start")
            if past
            else events.filter(end__gte=now).order_by("start")
        )
        area = request.GET.get("area", "")
        if area in Area.values:
            events = events.filter(venue__area=area)
        else:
            area = ""
        event_type = request.GET.get("type", "")
        if event_type in EventType.values:
            events = events.filter(event_type=event_type)
        else:
            event_type = ""
        context.update(
            events=paginate(request, events, EVENTS_PER_PAGE),
            past=past,
            area=area,
            event_type=event_type,
            areas=Area.choices,
            event_types=EventType.choices,
        )
        return context


class EventPage(RoutablePageMixin, BasePage):
    event_type = models.CharField(
        max_length=30, choices=EventType.choices, default=EventType.INFORMATION_EVENING
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.ForeignKey("website.Venue", on_delete=models.PROTECT, related_name="events")
    capacity = models.PositiveIntegerField(
        help_text="How many people can come. Bookings stop when it is full."
    )
    summary = models.TextField(
        max_length=250, help_text="One or two sentences for listings and search results."
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock(), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"crm_staff__is_active": True},
        help_text=(
            "The member of staff running the event. The day before, they are emailed who has booked "
            "and any access needs people told us about (only the households they may see)."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("event_type"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")])], heading="When"),
        FieldPanel("venue"),
        FieldPanel("organiser"),
        FieldPanel("capacity"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("event_type"),
    ]

    parent_page_types = ["website.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event page"
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The event must end after it starts."})

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_family_event(self) -> bool:
        """For approved and adoptive families: its booking is no enquiry about adopting (``crm.events``)."""
        from crm.events import event_type_is_family

        return event_type_is_family(self.event_type)

    @property
    def is_bookable(self) -> bool:
        """Places can be booked until the event starts."""
        return self.start > timezone.now()

    def get_context(self, request, *args, **kwargs):
        """The page is cached whole for every visitor (website.cache), so the booking form's
        hidden fields come from the address only: never from the visitor's Referer.
        """
        context = super().get_context(request, *args, **kwargs)
        if self.is_bookable:
            from crm.forms_bookings import BookingForm
            from crm.services.bookings import event_availability

            initial = {
                **BookingForm.attribution_initial(request),
                "landing": request.GET.get("landing", "")[:300],
            }
            context.setdefault(
                "booking_form", BookingForm(initial=initial, family_event=self.is_family_event)
            )
            context["booking_availability"] = event_availability(event_id=self.pk, capacity=self.capacity)
        return context

    @path("book/", name="book")
    @public_form
    def book(self, request):
        """The booking form posts here; errors re-show the event page with everything kept.

        Success redirects to the confirmation (POST/redirect/GET), so a refresh cannot book again.
        The form's submission key comes from a cached page that many visitors share, so the key
        used is that one combined with the email address: a double-click still books once, two
        people never share a key.
        """
        if request.method != "POST" or not self.is_bookable:
            return redirect(self.get_url(request) + "#book")
        from crm.forms_bookings import BookingForm
        from crm.services import EnquiryError
        from crm.services.bookings import BookingError, booking_create
        from website.attribution import request_attribution

        form = BookingForm(request.POST, family_event=self.is_family_event)
        if form.is_valid():
            shared_key = form.cleaned_data["submission_key"]
            email = form.cleaned_data["email"].lower()
            try:
                booking = booking_create(
                    event_id=self.pk,
                    capacity=self.capacity,
                    details=form.details(),
                    places=form.cleaned_data["places"],
                    submission_key=uuid.uuid5(shared_key, email) if shared_key else None,
                    attribution={
                        "landing": self.get_url(request),
                        **form.attribution(),
                        **request_attribution(request),
                    },
                    spam_reasons=form.spam_reasons(),
                    access_needs=form.cleaned_data["access_needs"],
                )
            except (BookingError, EnquiryError) as error:
                form.add_error(None, str(error))
            else:
                done = self.get_url(request) + self.reverse_subpage("book_done")
                return redirect(f"{done}?b={booking.token}" if booking else done)
        response = self.render(request, context_overrides={"booking_form": form})
        response["Cache-Control"] = "no-store"
        return response

    @path("book/done/", name="book_done")
    def book_done(self, request):
        """The confirmation. The token in the address is the only key to the booking it shows."""
        from crm.services.bookings import booking_for_token

        booking = booking_for_token(token=request.GET.get("b", ""), event_id=self.pk)
        response = self.render(
            request, template="crm/bookings/done.html", context_overrides={"booking": booking}
        )
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    @path("calendar/", name="ics")
    def ics(self, request):
        from website.ics import event_calendar

        response = HttpResponse(event_calendar(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response

    def get_structured_data(self, request) -> list[dict]:
        venue = self.venue
        if venue.is_online:
            mode = "https://schema.org/OnlineEventAttendanceMode"
            location = {"@type": "VirtualLocation", "url": self.get_full_url(request)}
        else:
            mode = "https://schema.org/OfflineEventAttendanceMode"
            location = {
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.address,
                    "addressLocality": venue.town,
                    "postalCode": venue.postcode,
                    "addressRegion": venue.get_area_display(),
                    "addressCountry": "GB",
                },
            }
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": timezone.localtime(self.start).isoformat(),
            "endDate": timezone.localtime(self.end).isoformat(),
            "eventAttendanceMode": mode,
            "eventStatus": "https://schema.org/EventScheduled",
            "location": location,
            "organizer": self.organization_reference(request),
            "isAccessibleForFree": True,
            "maximumAttendeeCapacity": self.capacity,
            "url": self.get_full_url(request),
        }
        if self.image:
            data["image"] = request.build_absolute_uri(
                self.image.get_rendition("fill-1200x675|format-jpeg").url
            )
        return [data]

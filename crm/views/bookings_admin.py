"""Staff screens for event bookings and attendance, inside the Wagtail admin.

Anyone who may see people in the CRM sees every event and every count. Names are shown only for
households the person may see (``households_visible_to``); the rest appear as "Another household".
Marketing editors, who see no personal data, get a 404 here, as on every CRM address.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.events import event_info
from crm.forms_bookings import AttendanceForm
from crm.models import AuditEvent
from crm.selectors import can_see_people
from crm.services import PipelineError
from crm.services.bookings import (
    BookingError,
    booking_mark_attendance,
    event_availability,
    event_booking_get,
    event_booking_summaries,
    event_bookings_for,
)
from crm.services.privacy import audit_record
from crm.views.households_setup import CRM_MENU_HOOK


class CRMPeopleRequiredMixin:
    """A 404 for anyone who may not see people, so the address itself gives nothing away."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_people(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class EventListView(CRMPeopleRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Event bookings"
    header_icon = "date"
    template_name = "crm/bookings/admin/events.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(event_booking_summaries())
        return context


class EventBookingsView(CRMPeopleRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "date"
    template_name = "crm/bookings/admin/event_bookings.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = event_info(kwargs["page_id"])

    def dispatch(self, request, *args, **kwargs):
        if self.event is None:
            raise Http404("No such event")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Bookings: {self.event.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("crm_event_bookings_index"), "label": "Event bookings"},
            {"url": "", "label": self.event.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = event_bookings_for(user=self.request.user, event_id=self.event.page_id)
        if shown := [row.booking for row in rows if row.visible]:
            audit_record(
                action=AuditEvent.Action.VIEW,
                target=shown,
                request=self.request,
                summary=f"Shown in the bookings list for event {self.event.page_id}",
            )
        context.update(
            event=self.event,
            rows=rows,
            availability=event_availability(event_id=self.event.page_id, capacity=self.event.capacity),
            attendance_open=timezone.localdate() >= timezone.localdate(self.event.start),
        )
        return context


@method_decorator(require_POST, name="dispatch")
class AttendanceView(CRMPeopleRequiredMixin, View):
    """Attended / did not attend buttons: one POST, one service call, back to the list."""

    def post(self, request, page_id: int, booking_id: int):
        booking = event_booking_get(user=request.user, event_id=page_id, booking_id=booking_id)
        form = AttendanceForm(request.POST)
        back = reverse("crm_event_bookings", args=[page_id]) + f"#booking-{booking.pk}"
        if not form.is_valid():
            messages.error(request, "Choose whether this household attended or not.")
            return redirect(back)
        attended = form.cleaned_data["attended"]
        try:
            booking_mark_attendance(booking=booking, attended=attended, by=request.user)
        except (BookingError, PipelineError) as error:
            messages.error(request, str(error))
        else:
            name = booking.household.display_name
            messages.success(request, f"{name}: {'attended' if attended else 'did not attend'}.")
        return redirect(back)


@hooks.register("register_admin_urls")
def register_booking_urls():
    return [
        path("crm/events/", EventListView.as_view(), name="crm_event_bookings_index"),
        path("crm/events/<int:page_id>/bookings/", EventBookingsView.as_view(), name="crm_event_bookings"),
        path(
            "crm/events/<int:page_id>/bookings/<int:booking_id>/attendance/",
            AttendanceView.as_view(),
            name="crm_booking_attendance",
        ),
    ]


class EventBookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_people(request.user)


@hooks.register(CRM_MENU_HOOK)
def register_booking_menu_item():
    """Event bookings sit in the Enquiries menu, after the households screens."""
    return EventBookingsMenuItem(
        "Event bookings", reverse("crm_event_bookings_index"), icon_name="date", order=130
    )

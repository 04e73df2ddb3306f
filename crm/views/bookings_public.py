"""Public booking addresses: the cancellation link sent in every booking email.

The token in the address is the only key, so anyone with the email can cancel without an account.
"""

from urllib.parse import urlsplit

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from crm.events import event_info
from crm.services.bookings import BookingError, booking_cancel, booking_for_token


@require_http_methods(["GET", "POST"])
def booking_cancel_view(request, token):
    """GET asks to confirm; POST cancels and redirects back here, which then says it is cancelled."""
    booking = booking_for_token(token=token)
    event = event_info(booking.event_id) if booking else None
    if event is None:
        raise Http404("No such booking")
    error = ""
    if request.method == "POST":
        try:
            booking_cancel(token=token)
        except BookingError as exception:
            error = str(exception)
        else:
            return redirect(request.path)
    response = render(
        request,
        "crm/bookings/cancel.html",
        {
            "booking": booking,
            "event": event,
            "event_path": urlsplit(event.url).path or "/",
            "started": event.start <= timezone.now(),
            "error": error,
        },
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


# A public form: the site's public-form middleware checks where the post came from instead of a
# CSRF token, as for every form an anonymous visitor sends.
booking_cancel_view.public_form = True

urlpatterns = [
    path("bookings/<uuid:token>/cancel/", booking_cancel_view, name="crm_booking_cancel"),
]

"""Public CRM addresses (the staff screens live under /admin/, registered in ``crm.wagtail_hooks``)."""

from django.urls import include, path

urlpatterns = [
    path("", include("crm.views.public")),
    path("", include("crm.views.bookings_public")),
    path("", include("crm.views.equality_public")),
    path("", include("crm.views.inbound")),
    path("", include("crm.views.surveys")),
    path("", include("crm.views.peers_public")),
    path("your-adoption/", include("crm.views.applicant")),
]

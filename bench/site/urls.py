"""The site's own addresses, plus the baseline every case is measured against and media served by Django.

The baseline is a bare Django view returning a fixed response, served by the same gunicorn with the
same settings and middleware as every page, so a case's ratio to it says what the page itself costs.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.decorators.http import require_GET
from django.views.static import serve

from website.urls import urlpatterns as site_urlpatterns

BASELINE_BODY = b"<!doctype html><title>Baseline</title><p>A fixed response.</p>"


@require_GET
def baseline(request):
    return HttpResponse(BASELINE_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline")]
if not settings.SERVE_MEDIA:
    # The demo's images: production keeps media in its own storage, the benchmark has only this machine.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
urlpatterns += site_urlpatterns

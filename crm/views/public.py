"""Small public helpers for the front door's forms."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from crm.models import Council
from crm.postcodes import postcode_prefixes
from crm.selectors import postcode_council


@require_GET
@cache_control(max_age=60 * 60, public=True)
def council_suggestion(request):
    """Which council a postcode is in, so the enquiry form can suggest it. The table is public data."""
    postcode = request.GET.get("postcode", "")[:10]
    if not postcode_prefixes(postcode):
        return JsonResponse({"council": "", "label": ""})
    council = postcode_council(postcode)
    return JsonResponse({"council": council, "label": Council(council).label})


urlpatterns = [path("enquire/council/", council_suggestion, name="crm_council_suggestion")]

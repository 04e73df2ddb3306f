"""Public views that are not Wagtail pages: search, robots.txt, and the cookie choice."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.csrf import csrf_failure
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Page

from website.attribution import (
    CookieChoiceForm,
    consent_choice_apply,
    consent_state,
    safe_next,
    same_origin,
)
from website.forms import InformationPackForm
from website.forms_security import public_form
from website.information_pack_requests import information_pack_opened
from website.information_pack_requests import information_pack_request as information_pack_request_service
from website.models import FAQ, FAQPage, InformationPackPage, InformationPackRequest
from website.models.stories import paginate
from website.search import search_help, search_query_clean, search_query_expand

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Pages and FAQs matching what was typed or its synonyms; the FAQ topics and enquiry page if none."""
    query = search_query_clean(request.GET.get("q", ""))
    context = {"query": query, "results": None, "faqs": None, "faq_page": FAQPage.objects.live().first()}
    if query:
        expanded = search_query_expand(query)
        pages = Page.objects.live().public().specific().search(expanded)
        context["results"] = paginate(request, pages, RESULTS_PER_PAGE)
        context["faqs"] = list(FAQ.objects.search(expanded)[:5])
        if not context["results"].paginator.count and not context["faqs"]:
            context.update(search_help(request))
    return TemplateResponse(request, "website/search.html", context)


@require_GET
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


CHOICE_MESSAGES = {
    "accepted": "You’ve accepted analytics cookies.",
    "rejected": "You’ve rejected analytics cookies.",
}


def cookies_page(request, form=None):
    """What each cookie is for, and the visitor's choice, which they can change here at any time."""
    state = consent_state(request)
    if form is None:
        initial = {"accepted": "accept", "rejected": "reject"}.get(state)
        form = CookieChoiceForm(initial={"analytics": initial, "next": reverse("cookies")})
    response = TemplateResponse(
        request,
        "website/cookies.html",
        {"form": form, "consent_state": state},
        status=400 if form.is_bound else 200,
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def cookie_choice(request):
    """Record "accept" or "reject" from the banner or the cookies page, then go back where they were.

    The banner's script asks for JSON and stays on the page; without a script, the browser is
    redirected back to ``next`` if that is on this site.
    """
    if not same_origin(request):
        return csrf_failure(request, reason="The cookie choice did not come from a page on this site.")
    form = CookieChoiceForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"error": "Choose whether you accept analytics cookies."}, status=400)
        return cookies_page(request, form)
    choice = form.choice()
    if wants_json:
        response = JsonResponse({"choice": choice, "message": CHOICE_MESSAGES[choice]})
    else:
        response = redirect(safe_next(request, form.cleaned_data["next"]))
    response["Cache-Control"] = "private, no-store"
    consent_choice_apply(
        response,
        request=request,
        choice=choice,
        next_url=form.cleaned_data["next"],
        referrer=form.cleaned_data["referrer"],
    )
    return response


@csrf_exempt  # Checked by same_origin(): the banner sits on cacheable pages with no per-visitor token.
@require_http_methods(["GET", "HEAD", "POST"])
def cookies(request):
    if request.method == "POST":
        return cookie_choice(request)
    return cookies_page(request)


def _published_pack() -> InformationPackPage:
    page = InformationPackPage.objects.live().public().first()
    if page is None:
        raise Http404("No information pack is published.")
    return page


@public_form
@require_http_methods(["GET", "POST"])
def information_pack_request(request):
    """The pack request from the pack page or the home page; errors are shown in full on the pack page."""
    page = _published_pack()
    if request.method == "GET":
        return redirect(page.url)
    form = InformationPackForm(request.POST)
    if not form.is_valid():
        return page.render(request, context_overrides={"pack_form": form})
    if not form.is_trapped:
        information_pack_request_service(
            first_name=form.cleaned_data["first_name"],
            email=form.cleaned_data["email"],
            postcode=form.cleaned_data["postcode"],
            source=form.cleaned_data["source"] or InformationPackRequest.Source.PACK_PAGE,
        )
    context = {"page": page, "email": form.cleaned_data["email"]}
    return TemplateResponse(request, "website/information_pack_sent.html", context)


@require_GET
def information_pack_open(request, token: str):
    """The link in the pack's email: opening it is a touch, then the PDF itself."""
    page = _published_pack()
    information_pack_opened(token=token)
    response = redirect(page.url + "pdf/")
    add_never_cache_headers(response)
    return response

"""Peer mentors and buddies on the applicant's own page (/your-adoption/peers/): volunteering once approved,
asking for a peer while in assessment or just after a child moved in, and ending a match.

Every address here is the signed-in household's own; a match is found among their own open matches only.
"""

from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from crm.forms_peers import ApplicantEndForm, PeerRequestForm, VolunteerOfferForm
from crm.models import PeerMatch, PeerSource
from crm.selectors.peers import applicant_match_get, applicant_peers
from crm.services.peers import PeerError, peer_match_end, peer_request_create, peer_volunteer_offer

from .applicant_common import applicant_required

DONE = {
    "volunteer": "Thank you for offering to volunteer. Your worker will check a few things with you, then we will let you know.",
    "request": "We have your request. We will email you when we have found someone, usually within a few weeks.",
    "ended": "The match has ended. Your worker has been told; you do not need to explain to the other person.",
}


def _initial(household) -> dict:
    return {
        "council": household.council,
        "single_adopter": household.household_type == "single",
        "early_permanence": household.early_permanence,
    }


def _page(request, *, bound: dict | None = None, status: int = 200):
    household = request.applicant_household
    bound = bound or {}
    peers = applicant_peers(household)
    context = {
        **peers,
        "volunteer_form": bound.get("volunteer")
        or VolunteerOfferForm(initial=_initial(household), prefix="volunteer"),
        "request_form": bound.get("request")
        or PeerRequestForm(initial=_initial(household), prefix="request"),
        "end_forms": {
            own.match.pk: bound.get(f"end-{own.match.pk}") or ApplicantEndForm(prefix=f"end-{own.match.pk}")
            for own in peers["matches"]
        },
        "done": DONE.get(request.GET.get("done", ""), ""),
        "error_form": next((form for form in bound.values() if form.errors), None),
    }
    context["own_matches"] = [(own, context["end_forms"][own.match.pk]) for own in peers["matches"]]
    return render(request, "crm/applicant/peers.html", context, status=status)


@applicant_required
@require_http_methods(["GET"])
def peers(request):
    return _page(request)


@applicant_required
@require_POST
def volunteer(request):
    household = request.applicant_household
    form = VolunteerOfferForm(request.POST, prefix="volunteer")
    if form.is_valid():
        try:
            peer_volunteer_offer(
                household=household,
                profile=form.profile(),
                about=form.cleaned_data["about"],
                source=PeerSource.APPLICANT,
            )
        except PeerError as error:
            form.add_error(None, str(error))
        else:
            return redirect(reverse("applicant:peers") + "?done=volunteer#done")
    return _page(request, bound={"volunteer": form}, status=400)


@applicant_required
@require_POST
def ask(request):
    household = request.applicant_household
    form = PeerRequestForm(request.POST, prefix="request")
    if form.is_valid():
        try:
            peer_request_create(
                household=household,
                profile=form.profile(),
                note=form.cleaned_data["note"],
                source=PeerSource.APPLICANT,
            )
        except PeerError as error:
            form.add_error(None, str(error))
        else:
            return redirect(reverse("applicant:peers") + "?done=request#done")
    return _page(request, bound={"request": form}, status=400)


@applicant_required
@require_POST
def end(request):
    """End one of their own open matches. A match that is not theirs (or not open) is simply not found."""
    household = request.applicant_household
    own = applicant_match_get(household, request.POST.get("match", "").strip()[:12])
    if own is None:
        return redirect(reverse("applicant:peers"))
    prefix = f"end-{own.match.pk}"
    form = ApplicantEndForm(request.POST, prefix=prefix)
    if form.is_valid():
        ended_by = PeerMatch.EndedBy.REQUESTER if own.side == "requester" else PeerMatch.EndedBy.VOLUNTEER
        peer_match_end(match=own.match, ended_by=ended_by, reason=form.cleaned_data["reason"])
        return redirect(reverse("applicant:peers") + "?done=ended#done")
    return _page(request, bound={prefix: form}, status=400)


urlpatterns = [
    path("peers/", peers, name="peers"),
    path("peers/volunteer/", volunteer, name="peers_volunteer"),
    path("peers/ask/", ask, name="peers_request"),
    path("peers/end/", end, name="peers_end"),
]

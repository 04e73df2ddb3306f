"""The website's form for experienced adopters who are not signed in to volunteer as a peer mentor or buddy.

The offer goes through the single front door (``crm.services.peers_front_door``), so it joins the record we
already hold for them; suspected spam is held in quarantine for a person, never refused outright. The
response is never cached: it carries a timing token and, after sending, what they typed.
"""

import dataclasses
import json
import uuid

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from core.network import client_ip
from core.spam import form_token, spam_reasons
from crm.forms_peers import PublicVolunteerForm
from crm.services.enquiries import EnquiryError
from crm.services.peers import PeerError
from crm.services.peers_front_door import peer_volunteer_offer_public

from .applicant_common import private


def _submission_key(form: PublicVolunteerForm) -> uuid.UUID | None:
    """The form's key combined with what was typed: a double-click makes one offer."""
    key = form.cleaned_data.get("submission_key")
    if not key:
        return None
    typed = json.dumps(
        [dataclasses.asdict(form.details()), form.profile(), form.cleaned_data["about"]], default=str
    )
    return uuid.uuid5(key, typed)


@require_http_methods(["GET", "POST"])
def volunteer(request):
    if request.method == "GET":
        form = PublicVolunteerForm(initial={"submission_key": uuid.uuid4(), "form_token": form_token()})
        return private(render(request, "crm/peers/public_volunteer.html", {"form": form}))
    form = PublicVolunteerForm(request.POST)
    if form.is_valid():
        reasons = spam_reasons(
            honeypot=form.cleaned_data["website"],
            token=form.cleaned_data["form_token"],
            ip_address=client_ip(request) or "",
            email=form.cleaned_data["email"],
        )
        try:
            peer_volunteer_offer_public(
                details=form.details(),
                profile=form.profile(),
                about=form.cleaned_data["about"],
                submission_key=_submission_key(form),
                spam_reasons=reasons,
            )
        except (EnquiryError, PeerError) as error:
            form.add_error(None, str(error))
        else:
            context = {"first_name": form.cleaned_data["first_name"]}
            return private(render(request, "crm/peers/public_thanks.html", context))
    return private(render(request, "crm/peers/public_volunteer.html", {"form": form}, status=400))


# A public form: the site's public-form middleware checks where the post came from instead of a CSRF token.
volunteer.public_form = True

urlpatterns = [path("peers/volunteer/", volunteer, name="crm_peer_volunteer_public")]

"""The enquiry page: the single front door's web form, with words the marketing team edits.

It asks first what the visitor would like help with (``EnquiryAboutForm``, a GET form: ``?about=support``),
then shows that service's form: the adopting ``EnquiryForm`` (with no ``about``, as it always has), or a
``ServiceRequestForm`` for any other service. Every empty form depends only on its address, so each is
cached whole (``website.cache``); a post, its errors and the thank-you are never kept.
"""

import dataclasses
import json
import uuid

from django.core import signing
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from core.network import client_ip
from core.spam import form_token, spam_reasons
from crm.forms import SERVICE_TYPES, EnquiryAboutForm, EnquiryForm, ServiceRequestForm, attribution_from
from crm.forms_services import SERVICE_WORDS
from crm.models import PARTNER_COUNCILS, Council, EnquiryType, Source
from crm.selectors import first_contact_due
from crm.services import EnquiryError, enquiry_create
from crm.services.equality import equality_link_token
from website.attribution import request_attribution
from website.blocks.text import RICH_TEXT_FEATURES
from website.forms_security import public_form

from .mixins import BasePage

THANKS_SALT = "website.enquiry-thanks"
THANKS_MAX_AGE = 60 * 60 * 24


class EnquiryPage(RoutablePageMixin, BasePage):
    intro = models.TextField(blank=True, max_length=600)
    privacy_note = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="Shown above the send button."
    )
    thanks_heading = models.CharField(max_length=120, default="Thank you, we have your enquiry")
    thanks_text = RichTextField(features=RICH_TEXT_FEATURES, blank=True, help_text="What happens next.")
    out_of_area_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown instead when the enquirer lives outside our area.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_note"),
        MultiFieldPanel(
            [FieldPanel("thanks_heading"), FieldPanel("thanks_text"), FieldPanel("out_of_area_text")],
            heading="After sending",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "enquiry page"

    def _render(self, request, form, *, question: EnquiryAboutForm, private: bool):
        """The question, and the form for the answer to it (None: the question alone, to answer again)."""
        service = getattr(form, "service", EnquiryType.ADOPTING)
        context = self.get_context(request)
        context.update(
            form=form,
            question=question,
            words=SERVICE_WORDS.get(service) if form is not None else None,
            action=self.url if service == EnquiryType.ADOPTING else f"{self.url}?about={service}",
            error_form=next((each for each in (question, form) if each is not None and each.errors), None),
        )
        response = TemplateResponse(request, "website/enquiry_page.html", context)
        if private:
            response["Cache-Control"] = "private, no-store"
        return response

    @path("")
    @public_form
    def enquiry_form(self, request):
        """Show the question and a form, or take a submission; every submission that validates is stored."""
        if request.method == "POST":
            return self.enquiry_take(request)
        # The empty form is cached whole for every visitor (website.cache), so what it carries comes
        # from the address only, never from the visitor's Referer.
        carried = attribution_from(request.GET)
        about = request.GET.get("about", "").strip() or EnquiryType.ADOPTING
        if about != EnquiryType.ADOPTING and about not in SERVICE_TYPES:
            return self._render(
                request, None, question=EnquiryAboutForm.unknown(about, carried=carried), private=False
            )
        initial = {**carried, "submission_key": uuid.uuid4(), "form_token": form_token()}
        if about == EnquiryType.ADOPTING:
            form = EnquiryForm(initial=initial)
        else:
            form = ServiceRequestForm(initial=initial, service=about)
        question = EnquiryAboutForm(initial={"about": about}, carried=carried)
        return self._render(request, form, question=question, private=False)

    def enquiry_take(self, request):
        """A submission: what it is about is its hidden ``enquiry_type``; without one, it is about adopting."""
        carried = attribution_from(request.POST)
        about = request.POST.get("enquiry_type", "").strip() or EnquiryType.ADOPTING
        if about == EnquiryType.ADOPTING:
            form = EnquiryForm(request.POST)
        elif about in SERVICE_TYPES:
            form = ServiceRequestForm(request.POST, service=about)
        else:
            return self._render(
                request, None, question=EnquiryAboutForm.unknown(about, carried=carried), private=True
            )
        question = EnquiryAboutForm(initial={"about": about}, carried=carried)
        if not form.is_valid():
            return self._render(request, form, question=question, private=True)
        reasons = spam_reasons(
            honeypot=form.cleaned_data["website"],
            token=form.cleaned_data["form_token"],
            ip_address=client_ip(request) or "",
            email=form.cleaned_data["email"],
        )
        try:
            enquiry = enquiry_create(
                source=Source.WEB,
                details=form.details(),
                submission_key=self.submission_key(form),
                attribution={**form.attribution(), **request_attribution(request)},
                spam_reasons=reasons,
            )
        except EnquiryError as error:
            form.add_error(None, str(error))
            return self._render(request, form, question=question, private=True)
        token = signing.dumps({"e": enquiry.pk}, salt=THANKS_SALT)
        return redirect(f"{self.url}{self.reverse_subpage('thanks')}?t={token}")

    @staticmethod
    def submission_key(form) -> uuid.UUID | None:
        """The form's key combined with what was typed: a double-click still makes one enquiry, and
        two people who were shown the same cached form never share a key.
        """
        shared_key = form.submission_key_value()
        if not shared_key:
            return None
        typed = json.dumps(dataclasses.asdict(form.details()), sort_keys=True, default=str)
        return uuid.uuid5(shared_key, typed)

    @path("thank-you/", name="thanks")
    def thanks(self, request):
        from crm.models import Enquiry

        try:
            enquiry_id = signing.loads(request.GET.get("t", ""), salt=THANKS_SALT, max_age=THANKS_MAX_AGE)[
                "e"
            ]
        except (signing.BadSignature, KeyError, TypeError):
            return redirect(self.url)
        enquiry = (
            Enquiry.objects.select_related("household__team", "household__clock")
            .filter(pk=enquiry_id)
            .first()
        )
        if enquiry is None:
            return redirect(self.url)
        service = enquiry.data.get("enquiry_type") or EnquiryType.ADOPTING
        context = self.get_context(request)
        context.update(
            thanks=True,
            first_name=enquiry.data.get("first_name", ""),
            has_email=bool(enquiry.data.get("email")),
            # Only a postcode known to be outside gets the out-of-area text; "to be confirmed" is not.
            in_area=enquiry.council != Council.ELSEWHERE,
            council=thanks_team(enquiry),
            # A request to another service is answered by that service wherever the family lives (the
            # council that placed a child may be ours), in its own words, by the day its clock says.
            words=SERVICE_WORDS.get(service),
            contact_by=first_contact_due(enquiry.household) if service in SERVICE_TYPES else None,
            # The optional equality questions, for people asking about adopting: a page of their own after
            # this one, so answering them (or not) can never stop an enquiry being made.
            equality_url=(
                reverse("crm_equality_after_enquiry", args=[equality_link_token(enquiry=enquiry)])
                if service == EnquiryType.ADOPTING and enquiry.household_id
                else ""
            ),
        )
        response = TemplateResponse(request, "website/enquiry_page.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


def thanks_team(enquiry) -> str:
    """Who will call, in the words of "Someone from our … team": the central team while it holds the household."""
    team = enquiry.household.team if enquiry.household_id else None
    if team is not None and team.is_central:
        return "front-door"
    return enquiry.get_council_display() if enquiry.council in PARTNER_COUNCILS else "front-door"

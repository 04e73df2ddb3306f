"""Insight → Board pack: the packs, making one, its page with a commentary box per section, publishing, its PDF.

Managers and the Head of Service only; anyone else gets a 404. The views are thin: the figures and every
rule about them are in ``website.board_pack``.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.models import PARTNER_COUNCILS
from website.board_pack import (
    BoardPackError,
    board_pack_commentary_save,
    board_pack_publish,
    board_pack_request,
    may_see,
    packs_visible_to,
    period_choices,
)
from website.board_pack_pdf import board_pack_pdf
from website.models import BoardPack

REFRESH_SECONDS = 3


class BoardPackForm(forms.Form):
    period = forms.ChoiceField(
        label="Period",
        help_text="A quarter or a financial year (1 April to 31 March).",
        error_messages={"required": "Choose a period.", "invalid_choice": "Choose a period from the list."},
    )
    council = forms.ChoiceField(
        label="Scope",
        required=False,
        choices=[("", "Regional (all councils)"), *((c.value, c.label) for c in PARTNER_COUNCILS)],
        error_messages={"invalid_choice": "Choose the whole region or one council from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()


class BoardPackMixin(WagtailAdminTemplateMixin):
    header_icon = "table"
    page_title = "Board pack"

    def dispatch(self, request, *args, **kwargs):
        if not may_see(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("board_packs"), "label": "Insight: Board pack"}]


class BoardPackListView(BoardPackMixin, TemplateView):
    template_name = "website/admin/board_packs.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "packs": packs_visible_to(self.request.user)}


class BoardPackMakeView(BoardPackMixin, TemplateView):
    template_name = "website/admin/board_pack_make.html"
    page_title = "Make a board pack"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or BoardPackForm()}

    def post(self, request, *args, **kwargs):
        form = BoardPackForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        pack = board_pack_request(
            user=request.user, period=form.cleaned_data["period"], council=form.cleaned_data["council"]
        )
        return redirect("board_pack", pk=pack.pk)


class BoardPackView(BoardPackMixin, TemplateView):
    model = BoardPack
    template_name = "website/admin/board_pack.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pack_id = kwargs["pk"]

    def get_pack(self) -> BoardPack:
        try:
            return packs_visible_to(self.request.user).get(pk=self.pack_id)
        except BoardPack.DoesNotExist:
            raise Http404("No such pack") from None

    def get_page_title(self):
        return "Board pack"

    def get_context_data(self, **kwargs):
        pack = kwargs.get("pack") or self.get_pack()
        making = pack.state in (BoardPack.State.DRAFT, BoardPack.State.MAKING)
        sections = [
            {**section, "commentary": pack.commentary.get(section["key"], "")} for section in pack.sections
        ]
        return {
            **super().get_context_data(**kwargs),
            "pack": pack,
            "sections": sections,
            "making": making,
            "refresh_seconds": REFRESH_SECONDS if making else None,
            "editable": pack.state == BoardPack.State.READY,
            "error": kwargs.get("error", ""),
        }

    def post(self, request, *args, **kwargs):
        pack = self.get_pack()
        commentary = {key.removeprefix("commentary-"): value for key, value in request.POST.items()}
        try:
            if pack.state == BoardPack.State.READY:
                pack = board_pack_commentary_save(user=request.user, pack_id=pack.pk, commentary=commentary)
            if "publish" in request.POST:
                board_pack_publish(user=request.user, pack_id=pack.pk)
                messages.success(request, "The board pack is published and kept as it is.")
            else:
                messages.success(request, "Commentary saved as a draft.")
        except BoardPackError as error:
            context = self.get_context_data(pack=self.get_pack(), error=error.message)
            return self.render_to_response(context, status=400)
        return redirect("board_pack", pk=pack.pk)


class BoardPackPdfView(BoardPackView):
    def get(self, request, *args, **kwargs):
        pack = self.get_pack()
        if pack.state not in (BoardPack.State.READY, BoardPack.State.PUBLISHED):
            raise Http404("The pack is not made yet")
        response = HttpResponse(board_pack_pdf(pack), content_type="application/pdf")
        scope = pack.council or "regional"
        response["Content-Disposition"] = (
            f'attachment; filename="apse-board-pack-{pack.date_from:%Y-%m}-{scope}.pdf"'
        )
        return response

    def post(self, request, *args, **kwargs):
        raise Http404("Not found")

"""The applicant's documents (/your-adoption/documents/): what we asked for, sending a file, and what they sent.

Every page is the signed-in household's own (``applicant_required``): a request or document of
another household is a 404, whatever its number. An upload goes through the same checks as
anywhere (``crm.services.documents.document_upload``); a refused file leaves the page as it was,
with the reason beside the field. The upload's body is read only after the upload handler that
writes at most ``DOCUMENT_MAX_BYTES`` of a file to disk is in place, so the CSRF check is made
after that too (``csrf_exempt`` outside, ``csrf_protect`` inside: Django's documented pattern).
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from core.uploads import CappedUploadHandler
from crm.forms_documents import DocumentUploadForm
from crm.selectors import (
    applicant_document_get,
    applicant_document_request_get,
    household_document_requests,
    household_documents,
)
from crm.services.documents import APPLICANT, DocumentRefused, document_upload

from .applicant_common import applicant_required
from .document_download import document_response


@applicant_required
@require_GET
def documents(request):
    household = request.applicant_household
    sent = list(household_documents(household=household))
    just_sent = request.GET.get("sent", "")
    context = {
        "open_requests": [
            wanted for wanted in household_document_requests(household=household) if wanted.is_open
        ],
        "documents": sent,
        "just_sent": next((document for document in sent if str(document.pk) == just_sent), None),
    }
    return render(request, "crm/applicant/documents.html", context)


@csrf_exempt
def document_send(request, request_id: int):
    """Upload handlers first (before anything reads the body), then the applicant check, then CSRF."""
    request.upload_handlers = [CappedUploadHandler(request, limit=settings.DOCUMENT_MAX_BYTES)]
    return _document_send(request, request_id=request_id)


@applicant_required
@csrf_protect
@require_http_methods(["GET", "POST"])
def _document_send(request, request_id: int):
    household = request.applicant_household
    wanted = applicant_document_request_get(household=household, pk=request_id)
    posted = request.method == "POST"
    form = DocumentUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            document = document_upload(
                household=household, uploaded_file=form.cleaned_data["file"], request=wanted, by=APPLICANT
            )
        except DocumentRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect(f"{reverse('applicant:documents')}?sent={document.pk}")
    status = 400 if form.errors else 200
    return render(
        request, "crm/applicant/document_send.html", {"wanted": wanted, "form": form}, status=status
    )


@applicant_required
@require_GET
def document_download(request, document_id: int):
    document = applicant_document_get(household=request.applicant_household, pk=document_id)
    return document_response(document=document, by=APPLICANT, request=request)


urlpatterns = [
    path("documents/", documents, name="documents"),
    path("documents/asked/<int:request_id>/", document_send, name="document_send"),
    path("documents/<int:document_id>/download/", document_download, name="document_download"),
]

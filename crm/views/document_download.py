"""A stored document as a download, for staff and for the applicant alike.

An attachment (never shown inside the browser, where a crafted file could run as this site), of the
type judged from its content, with a policy that lets nothing in it run, kept by no cache.
"""

from django.http import FileResponse, Http404

from crm.models import Document
from crm.services.documents import DocumentError, document_open


def document_response(*, document: Document, by, request) -> FileResponse:
    """The stored file as a download: an attachment, of the type judged by its content, kept by nobody."""
    try:
        stored = document_open(document=document, by=by, request=request)
    except DocumentError as error:
        raise Http404(str(error)) from None
    response = FileResponse(
        stored, as_attachment=True, filename=document.download_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

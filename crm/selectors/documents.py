"""Documents and the requests for them, as staff and the applicant may see them.

Staff reach a document only through a household they may see (``households_visible_to``), so a
document of another team's family is the same 404 as its household. The applicant reaches only
their own household's documents.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from crm.models import Document, DocumentRequest, Household

from .access import RecordHidden, households_visible_to


def household_documents(*, household: Household) -> QuerySet[Document]:
    return household.documents.select_related("request", "uploaded_by").order_by("-uploaded_at", "-pk")


def household_document_requests(*, household: Household) -> QuerySet[DocumentRequest]:
    """Open requests first (oldest first), then those answered; each with the documents sent for it."""
    documents = Document.objects.order_by("uploaded_at", "pk")
    return (
        household.document_requests.select_related("requested_by")
        .prefetch_related(Prefetch("documents", queryset=documents))
        .order_by("fulfilled_at", "requested_at", "pk")
    )


def document_get(*, user, pk: int) -> Document:
    """One document of a household this member of staff may see, or a 404 (recorded as a refusal)."""
    try:
        return Document.objects.select_related("household", "request", "uploaded_by").get(
            pk=pk, household__in=households_visible_to(user)
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise RecordHidden("No such document", object_type="document", object_id=pk) from None


def applicant_document_get(*, household: Household, pk: int) -> Document:
    """One of the applicant's own documents; any other number is a 404, whoever's it is."""
    try:
        return Document.objects.select_related("request").get(pk=pk, household=household)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("No such document") from None


def applicant_document_request_get(*, household: Household, pk: int) -> DocumentRequest:
    try:
        return DocumentRequest.objects.get(pk=pk, household=household)
    except (DocumentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request") from None


def documents_of(household_ids) -> QuerySet[Document]:
    """Every document of these households (subject access, erasure), oldest first."""
    return Document.objects.filter(household__in=household_ids).select_related("request", "uploaded_by")

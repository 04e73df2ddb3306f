"""Publishing the information pack queues its PDF, once the publish is committed."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published

from core.outbox import enqueue
from crm import signals as crm_signals
from crm.selectors import enquiry_by_id
from website.information_pack_requests import information_pack_request
from website.models import InformationPackPage, InformationPackRequest
from website.tasks import information_pack_pdf_make_run


@receiver(page_published, sender=InformationPackPage, dispatch_uid="website.information_pack_published")
def information_pack_published(sender, instance, revision, **kwargs):
    page_id, revision_id = instance.pk, revision.pk
    transaction.on_commit(lambda: enqueue(information_pack_pdf_make_run, page_id, revision_id))


@receiver(crm_signals.enquiry_accepted, dispatch_uid="website.enquiry_asked_for_pack")
def enquiry_asked_for_pack(sender, *, enquiry_id: int, **kwargs):
    """An enquiry that ticked "Email me the information pack": sent once the enquiry is taken in."""
    enquiry = enquiry_by_id(pk=enquiry_id)
    if enquiry is None or not enquiry.data.get("information_pack") or enquiry.household is None:
        return
    household = enquiry.household
    if household.email:
        information_pack_request(
            first_name=household.first_name,
            email=household.email,
            postcode=household.postcode,
            source=InformationPackRequest.Source.ENQUIRY,
        )

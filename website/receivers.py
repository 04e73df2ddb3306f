"""Publishing the information pack queues its PDF, once the publish is committed."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published

from core.outbox import enqueue
from website.models import InformationPackPage
from website.tasks import information_pack_pdf_make_run


@receiver(page_published, sender=InformationPackPage, dispatch_uid="website.information_pack_published")
def information_pack_published(sender, instance, revision, **kwargs):
    page_id, revision_id = instance.pk, revision.pk
    transaction.on_commit(lambda: enqueue(information_pack_pdf_make_run, page_id, revision_id))

from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "Enquiries and adopters"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.personal_data import register_holder
        from crm import checks  # noqa: F401 - registers the journey table's checks
        from crm.privacy_peers import holder

        # Peer connection's rows are covered by subject access, erasure and retention through a holder.
        register_holder(holder)

        # Connects the inbound-email receiver at start-up, whichever process handles the webhook.
        from crm.views import inbound  # noqa: F401

        post_migrate.connect(journeys_fill, sender=self, dispatch_uid="crm.journeys_fill")


def journeys_fill(sender, using="default", **kwargs) -> None:
    """After migrating, give any household without journey dates its own (all of them, the first time)."""
    from crm.models import Household
    from crm.services.journeys import journey_refresh

    if using != "default":
        return

    missing = list(
        Household.objects.using(using).filter(journey_dates__isnull=True).values_list("pk", flat=True)
    )
    for start in range(0, len(missing), 5000):
        journey_refresh(household_ids=missing[start : start + 5000])

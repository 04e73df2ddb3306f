from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Campaigns"

    def ready(self):
        from django.db.models.signals import post_migrate

        from campaigns import (
            checks,  # noqa: F401 - registers the consent and journey checks
            receivers,  # noqa: F401 - connects the CRM signal listeners
        )
        from campaigns.privacy import holder
        from campaigns.selectors import FirstTouches
        from core.personal_data import register_holder
        from crm.services.journeys import register_touch_source

        register_holder(holder)
        register_touch_source(FirstTouches())
        post_migrate.connect(credits_fill, sender=self, dispatch_uid="campaigns.credits_fill")


def credits_fill(sender, using="default", **kwargs) -> None:
    """After migrating, work out everyone's stored credit if none is stored yet (the first time), and
    its sums by day if those are missing."""
    from campaigns.credits import credit_days_rebuild, credits_rebuild
    from campaigns.models import Credit, CreditDay
    from crm.models import Household

    if using != "default" or not Household.objects.exists():
        return
    if not Credit.objects.exists():
        credits_rebuild()
    elif not CreditDay.objects.exists():
        credit_days_rebuild()

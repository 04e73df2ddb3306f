from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Campaigns"

    def ready(self):
        from campaigns import (
            checks,  # noqa: F401 - registers the consent check
            receivers,  # noqa: F401 - connects the CRM signal listeners
        )
        from campaigns.privacy import holder
        from campaigns.selectors import FirstTouches
        from crm.personal_data import register_holder
        from crm.services.journeys import register_touch_source

        register_holder(holder)
        register_touch_source(FirstTouches())

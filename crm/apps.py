from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "Enquiries and adopters"

    def ready(self):
        # Connects the inbound-email receiver at start-up, whichever process handles the webhook.
        from crm.views import inbound  # noqa: F401

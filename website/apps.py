from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Public website"

    def ready(self):
        from core.personal_data import register_holder
        from crm.events import register_event_listing, register_event_provider
        from website import checks, receivers  # noqa: F401 - registers the checks; connects the pack's listener
        from website.crm_adapter import event_info, events_between
        from website.story_privacy import holder

        register_event_provider(event_info)
        register_event_listing(events_between)
        register_holder(holder)

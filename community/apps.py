from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Forum"

    def ready(self):
        from community import receivers  # noqa: F401 - connects the CRM signal listeners
        from community.privacy import holder
        from community.selectors import applicant_link
        from core.personal_data import register_holder
        from crm.selectors.applicants import register_applicant_link

        register_holder(holder)
        register_applicant_link(applicant_link)

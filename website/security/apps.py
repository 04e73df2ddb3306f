from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "website.security"
    label = "website_security"
    verbose_name = "Security"

    def ready(self):
        from website.security import checks  # noqa: F401  (registers the deploy checks)
        from website.security.csp import nonce_wagtail_widgets

        nonce_wagtail_widgets()

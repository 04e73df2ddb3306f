"""Campaign screens in the Wagtail admin. Each module registers its own hooks on import."""

import campaigns.views.insight_channels  # noqa: F401
from campaigns.views import admin_setup, newsletter_admin, reports  # noqa: F401

"""Staff screens for the CRM inside the Wagtail admin. Each module registers its own hooks on import."""

import crm.views.desk  # noqa: F401
import crm.views.insight  # noqa: F401
import crm.views.privacy_admin  # noqa: F401
from crm.views import bookings_admin, households_admin  # noqa: F401

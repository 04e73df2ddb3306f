"""The worker's desk on the admin dashboard, as a Wagtail homepage panel.

https://docs.wagtail.org/en/stable/reference/hooks.html#construct-homepage-panels
"""

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component

from crm.desk import desk_for
from crm.selectors import can_see_people


class DeskPanel(Component):
    """Today's work for the person signed in: unassigned, first calls, overdue, due soon, this week's events."""

    name = "crm_desk"
    order = 10
    template_name = "crm/admin/desk/panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {"desk": desk_for(user=request.user), "queue_url": reverse("crm_households")}


@hooks.register("construct_homepage_panels")
def add_the_desk(request, panels):
    """The desk comes first, and only for people who may see households: nobody else sees a name here."""
    if can_see_people(request.user):
        panels.insert(0, DeskPanel())

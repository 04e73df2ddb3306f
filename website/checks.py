"""System checks that the website and the CRM agree about events.

https://docs.djangoproject.com/en/5.2/topics/checks/
"""

from django.core.checks import Error, Tags, register


def event_type_errors(values, *, recruitment, family) -> list[Error]:
    """Each kind of event the CRM does not sort into exactly one of recruitment events and family events."""
    errors = []
    for value in values:
        if (value in recruitment) == (value in family):
            where = "both" if value in recruitment else "neither"
            errors.append(
                Error(
                    f"The event type {value!r} is in {where} of crm.events.RECRUITMENT_EVENT_TYPES and "
                    "FAMILY_EVENT_TYPES, so the CRM cannot tell whether booking it is an enquiry about adopting.",
                    hint=(
                        "Add it to RECRUITMENT_EVENT_TYPES in crm/events.py if booking it is an enquiry (a door into "
                        "adopting), or to FAMILY_EVENT_TYPES if it is for approved and adoptive families."
                    ),
                    obj="website.EventType",
                    id="website.E001",
                )
            )
    return errors


@register(Tags.models)
def event_types_sorted_by_the_crm(app_configs=None, **kwargs) -> list[Error]:
    if app_configs is not None and not any(config.name == "website" for config in app_configs):
        return []
    from crm.events import FAMILY_EVENT_TYPES, RECRUITMENT_EVENT_TYPES
    from website.models import EventType

    return event_type_errors(EventType.values, recruitment=RECRUITMENT_EVENT_TYPES, family=FAMILY_EVENT_TYPES)

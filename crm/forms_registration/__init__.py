"""The registration of interest's questions: one form a step, asked in plain English, checked specifically.

``STEP_FORMS`` gives each step's form by its slug, in the order of ``crm.models.REGISTRATION_STEPS``. Nothing here
writes: the views check a step's form and call ``crm.services.registrations``.
"""

from .base import APPROVE_FROM, REGISTER_FROM, StepForm
from .declarations import ChecksForm, DeclarationsForm, HealthForm, RefereesForm
from .people import AboutYouForm, HouseholdForm, PartnerForm

STEP_FORMS: dict[str, type[StepForm]] = {
    form.slug: form
    for form in (
        AboutYouForm,
        PartnerForm,
        HouseholdForm,
        HealthForm,
        RefereesForm,
        ChecksForm,
        DeclarationsForm,
    )
}

__all__ = [
    "APPROVE_FROM",
    "REGISTER_FROM",
    "STEP_FORMS",
    "AboutYouForm",
    "ChecksForm",
    "DeclarationsForm",
    "HealthForm",
    "HouseholdForm",
    "PartnerForm",
    "RefereesForm",
    "StepForm",
]

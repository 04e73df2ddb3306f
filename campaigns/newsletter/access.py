"""Who runs the newsletter, and who among them may see the CRM side of a subscriber."""

from django.contrib.auth.models import Group

from crm import selectors as crm_selectors

# The groups (``website.roles``) whose members run the newsletter, besides superusers and CRM managers.
NEWSLETTER_GROUPS = ("Marketing editors", "Managers")


def newsletter_admin_allowed(user) -> bool:
    """Marketing editors, managers and superusers run the newsletter; nobody else sees it at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or crm_selectors.sees_everything(user):
        return True
    # Every newsletter menu item asks on each admin page: once per request's user is enough.
    if not hasattr(user, "_newsletter_admin_allowed"):
        user._newsletter_admin_allowed = Group.objects.filter(user=user, name__in=NEWSLETTER_GROUPS).exists()
    return user._newsletter_admin_allowed


def newsletter_sees_casework(user) -> bool:
    """Whether this person may see that a subscriber is also an enquirer, applicant or adopter.

    Marketing runs the newsletter, so it sees the people who signed up (address, first name,
    status, when and under which wording they agreed), but never the CRM side of them: where
    consent came from ("Enquiry: Phone call"), or a link to their household. Managers and
    superusers, who see the CRM anyway, see both.
    """
    return crm_selectors.sees_everything(user)

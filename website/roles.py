"""The staff roles and what each may do in the admin.

``roles_sync`` creates or updates the groups; it is safe to run any number of times. Later parts of
the system (the CRM, reports) add their own permissions to these same groups.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

MARKETING_EDITORS = "Marketing editors"
RECRUITMENT_WORKERS = "Recruitment workers"
MANAGERS = "Managers"
# Staff who work the forum's moderation queue besides managers (who moderate by default); they also need a
# CRM staff record (``community.selectors.is_moderator``).
FORUM_MODERATORS = "Forum moderators"
ROLES = (MARKETING_EDITORS, RECRUITMENT_WORKERS, MANAGERS, FORUM_MODERATORS)

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
MODEL_PERMISSIONS = {
    MARKETING_EDITORS: [
        ("website", "venue", ("add", "change", "delete", "view")),
        ("website", "faq", ("add", "change", "delete", "view")),
        ("website", "faqcategory", ("add", "change", "delete", "view")),
        ("website", "searchsynonym", ("add", "change", "delete", "view")),
        ("website", "sitesettings", ("change",)),
        ("wagtailredirects", "redirect", ("add", "change", "delete")),
        # Campaigns and channels are kept, never deleted: touches and reports point at them.
        ("campaigns", "campaign", ("add", "change", "view")),
        ("campaigns", "channel", ("add", "change", "view")),
        # A budget entered for the wrong channel or year may be deleted: nothing points at it.
        ("campaigns", "channelbudget", ("add", "change", "delete", "view")),
    ],
    RECRUITMENT_WORKERS: [],
    MANAGERS: [
        ("campaigns", "campaign", ("view",)),
        ("campaigns", "channel", ("view",)),
        ("campaigns", "channelbudget", ("view",)),
    ],
    FORUM_MODERATORS: [("community", "post", ("moderate",))],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the role groups with admin access and their permissions."""
    access_admin = _permission("wagtailadmin", "access_admin")
    groups = {}
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, model, actions in MODEL_PERMISSIONS[name]:
            group.permissions.add(*(_permission(app_label, f"{action}_{model}") for action in actions))
        groups[name] = group

    marketing = groups[MARKETING_EDITORS]
    # Wagtail's migrations create the root page and collection; a test that emptied the database may lack them.
    if root_page := Page.get_first_root_node():
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=marketing, page=root_page, permission=_permission("wagtailcore", codename)
            )
    if root_collection := Collection.get_first_root_node():
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=marketing, collection=root_collection, permission=_permission(app_label, codename)
                )
    return groups

"""The household page's "Family finding" section: the matching profile, the links, and their forms.

Shown for approved adopters (approval and every stage after it). Which forms it offers follows the open
link: record a link while the family waits; then the match, the placement and the order in turn, with
"End the link" and the early permanence dates while the link is open. Each form posts to its own address
(``crm.views.family_finding``) and calls one service in ``crm.services.matching``.
"""

from crm.forms_matching import (
    EndLinkForm,
    FosteringForm,
    LinkForm,
    MatchForm,
    MatchingProfileForm,
    OrderForm,
    PlaceForm,
)
from crm.models import EnquiryType, Household, Stage
from crm.selectors import household_links, matching_profile_of
from crm.services.matching import PROFILE_STAGES

# Each form's title (also its heading on the page) and its button.
FAMILY_FINDING_ACTIONS = {
    "profile": ("Matching profile", "Save the profile"),
    "link": ("Record a link with a child", "Record the link"),
    "match": ("Record the match", "Record the match"),
    "place": ("Record the placement", "Record the placement"),
    "order": ("Record the adoption order", "Record the order"),
    "fostering": ("Early permanence dates", "Save the dates"),
    "endlink": ("End the link", "End the link"),
}
FAMILY_FINDING_TITLES = {name: title for name, (title, _) in FAMILY_FINDING_ACTIONS.items()}
FORMS = {
    "profile": MatchingProfileForm,
    "link": LinkForm,
    "match": MatchForm,
    "place": PlaceForm,
    "order": OrderForm,
    "fostering": FosteringForm,
    "endlink": EndLinkForm,
}
# Where a family may be linked with a child from (``crm.journey``: the moves recorded with a link).
LINK_FROM = (Stage.APPROVED, Stage.FAMILY_FINDING)


def family_finding_shown(household: Household) -> bool:
    return household.service == EnquiryType.ADOPTING and household.stage in PROFILE_STAGES


def family_finding_actions(household: Household, links: list) -> list[str]:
    """The family-finding forms that make sense now, in the order the section shows them."""
    if not (household.is_open and family_finding_shown(household)):
        return []
    current = next((link for link in links if link.is_open and not link.order_on), None)
    actions = []
    if current is None:
        if household.stage in LINK_FROM and not any(link.is_open for link in links):
            actions.append("link")
    elif not current.matched_on:
        actions.append("match")
    elif not current.placed_on:
        actions.append("place")
    else:
        actions.append("order")
    if current is not None:
        actions += ["fostering", "endlink"]
    return [*actions, "profile"]


def family_finding_form(name: str, *, household: Household, data=None, profile=None):
    """The form for one family-finding action, bound to ``data`` when it was just submitted."""
    kwargs = {"data": data, "prefix": name}
    if name == "profile" and data is None:
        profile = profile or matching_profile_of(household=household)
        kwargs["initial"] = {
            "age_bands": profile.age_bands if profile else [],
            "siblings": profile.siblings if profile else "",
            "disability": profile.disability if profile else "",
            "early_permanence": household.early_permanence,
        }
    return FORMS[name](**kwargs)


def family_finding_context(household: Household, *, bound: dict) -> dict:
    """What the section shows: the profile, every link (newest first, the open one on top) and the forms."""
    if not family_finding_shown(household):
        return {"shown": False}
    links = list(household_links(household=household))
    names = family_finding_actions(household, links)
    profile = matching_profile_of(household=household)
    return {
        "shown": True,
        "profile": profile,
        "links": links,
        "forms": [
            {
                "name": name,
                "title": FAMILY_FINDING_ACTIONS[name][0],
                "button": FAMILY_FINDING_ACTIONS[name][1],
                "form": bound.get(name) or family_finding_form(name, household=household, profile=profile),
            }
            for name in names
        ],
        "names": names,
    }

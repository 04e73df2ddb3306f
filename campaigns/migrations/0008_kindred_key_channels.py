"""The fifteen key channels of the business case's Kindred table (section 3.6), each under its own name
in its own phase, with every finer channel beneath one of them.

Key channels (no parent), by phase:

1. Editorial coverage (``editorial``), Advertising (``advertising``, new), Friends and family
   (``friends-family``);
2. Websites (``website``, was "Website"), Online search (``search``), Information packs
   (``information-packs``), Information events (``information-events``);
3. Social media (``social``), Online forums (``forums``);
4. Revisited channels (``return-visits``, was "Return visits"), Keeping in touch channels (newsletters)
   (``newsletter``, was "Newsletters");
5. Agency channels (``agency``, new), Peers (``peers``);
6. Mentor schemes (``mentors``, was "Mentors"), Networking opportunities (``networking``, was
   "Networking events").

Finer channels and their key channel:

- Advertising: Radio advertising (``radio``), Posters (``posters``), Direct mail and leaflets
  (``leaflets``), Paid social (awareness) (``paid-social``, new);
- Editorial coverage: Council channels (``council``): council websites, magazines and staff carry
  news and features about adoption, which is editorial, not bought;
- Social media: Facebook, Twitter / X, YouTube, Instagram (their slugs unchanged), Paid social
  (engagement) (``paid-social-engagement``, new);
- Agency channels: Single front door (``front-door``): the enquiry line, email and recruitment team
  are the agency's own channels, phase 5, not phase 2.

Renamed channels are renamed in place and every slug is kept, so tracked links (``utm_medium``) keep
working and no channel's touches or credit move: none is merged into another.

What does move is the touches the new taxonomy records differently (``crm.journey``):

- a stage touch goes to the channel of its stage's phase: an information event to Information events
  (2), a registration of interest to Revisited channels (4), stage one, the break, stage two, panel and
  approval to Agency channels (5); the initial conversation and ROI accepted are outcomes rather than
  touches, so their stage touches are deleted;
- every touch takes its channel's phase (an enquiry by phone or email, on the single front door, is
  phase 5, no longer 2).

Stored credit follows touches and phases, so it is deleted here and worked out again from the touches
straight after migrating (``campaigns.apps.credits_fill``). Going back renames the channels, removes
the parents and the new channels that nothing uses, and leaves the touches where they are.
"""

from django.db import migrations

# (slug, name, phase, kind, description) of each key channel.
KEY_CHANNELS = [
    ("editorial", "Editorial coverage", 1, "offline", "News stories, features and interviews."),
    ("advertising", "Advertising", 1, "offline", "Paid adverts: radio, posters, leaflets, paid social."),
    ("friends-family", "Friends and family", 1, "referral", "Heard about us from someone they know."),
    ("website", "Websites", 2, "online", "This website, and other adoption websites, reached directly."),
    ("search", "Online search", 2, "online", "Search engines, paid or unpaid."),
    ("information-packs", "Information packs", 2, "offline", "Packs sent or handed out."),
    ("information-events", "Information events", 2, "event", "Information evenings and drop-ins."),
    ("social", "Social media", 3, "online", "Social media, when people do not say which."),
    ("forums", "Online forums", 3, "online", "Adoption forums and community groups."),
    ("return-visits", "Revisited channels", 4, "online", "Coming back to channels they have used before."),
    ("newsletter", "Keeping in touch channels (newsletters)", 4, "newsletter", "Keeping in touch emails."),
    ("agency", "Agency channels", 5, "offline", "The agency's own contact through assessment and matching."),
    ("peers", "Peers", 5, "referral", "Other adopters and people in the process."),
    ("mentors", "Mentor schemes", 6, "referral", "The mentor scheme for new adopters."),
    ("networking", "Networking opportunities", 6, "event", "Support groups and adopter networking."),
]
# (slug, name, phase, kind, description, key channel's slug) of each finer channel.
FINER_CHANNELS = [
    ("radio", "Radio advertising", 1, "offline", "Adverts on local radio.", "advertising"),
    (
        "posters",
        "Posters",
        1,
        "offline",
        "Poster campaigns on buses, stations and noticeboards.",
        "advertising",
    ),
    (
        "leaflets",
        "Direct mail and leaflets",
        1,
        "offline",
        "Leaflets through doors and in public places.",
        "advertising",
    ),
    (
        "paid-social",
        "Paid social (awareness)",
        1,
        "online",
        "Paid social media adverts that raise awareness.",
        "advertising",
    ),
    ("council", "Council channels", 1, "offline", "Council websites, magazines and staff.", "editorial"),
    ("facebook", "Facebook", 3, "online", "", "social"),
    ("twitter", "Twitter / X", 3, "online", "", "social"),
    ("youtube", "YouTube", 3, "online", "", "social"),
    ("instagram", "Instagram", 3, "online", "", "social"),
    (
        "paid-social-engagement",
        "Paid social (engagement)",
        3,
        "online",
        "Paid social media posts that deepen engagement.",
        "social",
    ),
    (
        "front-door",
        "Single front door",
        5,
        "offline",
        "The enquiry line, email and recruitment team.",
        "agency",
    ),
]
NEW_SLUGS = {"advertising", "agency", "paid-social", "paid-social-engagement"}
OLD_NAMES = {
    "website": "Website",
    "return-visits": "Return visits",
    "newsletter": "Newsletters",
    "mentors": "Mentors",
    "networking": "Networking events",
}
# The channel each stage's touch is now recorded on; None where reaching the stage is no touch.
STAGE_CHANNELS = {
    "initial_conversation": None,
    "information_event": "information-events",
    "registration_of_interest": "return-visits",
    "roi_accepted": None,
    "stage_one": "agency",
    "break": "agency",
    "stage_two": "agency",
    "panel": "agency",
    "approved": "agency",
}


def _place(Channel, slug, name, phase, kind, description, parent=None):
    """The channel with this slug, named and placed as the table says; created if missing."""
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:
        # A channel someone added by hand under the same name becomes the key channel.
        channel = Channel.objects.filter(name=name).first() or Channel(
            slug=slug, kind=kind, description=description
        )
    channel.slug, channel.name, channel.phase, channel.parent = slug, name, phase, parent
    channel.save()
    return channel


def load(apps, schema_editor):
    """Every channel of the table, named and placed; reference data that the tests load after a flush too."""
    Channel = apps.get_model("campaigns", "Channel")
    keys = {}
    for slug, name, phase, kind, description in KEY_CHANNELS:
        keys[slug] = _place(Channel, slug, name, phase, kind, description)
    for slug, name, phase, kind, description, key in FINER_CHANNELS:
        _place(Channel, slug, name, phase, kind, description, parent=keys[key])


def forwards(apps, schema_editor):
    Channel = apps.get_model("campaigns", "Channel")
    Touchpoint = apps.get_model("campaigns", "Touchpoint")
    Credit = apps.get_model("campaigns", "Credit")
    load(apps, schema_editor)

    channels = {channel.slug: channel for channel in Channel.objects.all()}
    for stage, slug in STAGE_CHANNELS.items():
        touches = Touchpoint.objects.filter(kind="stage", detail__stage=stage)
        if slug is None:
            touches.delete()
        else:
            touches.update(channel=channels[slug])
    for channel in channels.values():
        Touchpoint.objects.filter(channel=channel).exclude(phase=channel.phase).update(phase=channel.phase)
    Credit.objects.all().delete()


def backwards(apps, schema_editor):
    Channel = apps.get_model("campaigns", "Channel")
    Channel.objects.update(parent=None)
    for slug, name in OLD_NAMES.items():
        Channel.objects.filter(slug=slug).update(name=name)
    Channel.objects.filter(slug__in=NEW_SLUGS, touchpoints__isnull=True, campaign_spend__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0007_channel_parent_campaign_aim")]

    operations = [migrations.RunPython(forwards, backwards)]

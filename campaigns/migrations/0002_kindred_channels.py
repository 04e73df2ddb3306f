"""The starting taxonomy: the business case's channels, each in its Kindred phase (section 3.6).

The marketing team manages channels in the admin afterwards; this only creates missing rows.
"""

from django.db import migrations

# (phase, name, slug, kind, description)
CHANNELS = [
    (1, "Radio advertising", "radio", "offline", "Adverts on local radio."),
    (1, "Posters", "posters", "offline", "Poster campaigns on buses, stations and noticeboards."),
    (1, "Direct mail and leaflets", "leaflets", "offline", "Leaflets through doors and in public places."),
    (1, "Editorial coverage", "editorial", "offline", "News stories, features and interviews."),
    (1, "Friends and family", "friends-family", "referral", "Heard about us from someone they know."),
    (1, "Council channels", "council", "offline", "Council websites, magazines and staff."),
    (2, "Website", "website", "online", "This website, reached directly."),
    (2, "Online search", "search", "online", "Search engines, paid or unpaid."),
    (2, "Information packs", "information-packs", "offline", "Packs sent or handed out."),
    (2, "Information events", "information-events", "event", "Information evenings and drop-ins."),
    (3, "Facebook", "facebook", "online", ""),
    (3, "Twitter / X", "twitter", "online", ""),
    (3, "YouTube", "youtube", "online", ""),
    (3, "Instagram", "instagram", "online", ""),
    (3, "Online forums", "forums", "online", "Adoption forums and community groups."),
    (3, "Social media", "social", "online", "Social media, when people do not say which."),
    (4, "Newsletters", "newsletter", "newsletter", "Keeping in touch emails."),
    (4, "Return visits", "return-visits", "online", "Coming back to channels they have used before."),
    (5, "Single front door", "front-door", "offline", "The enquiry line, email and recruitment team."),
    (5, "Peers", "peers", "referral", "Other adopters and people in the process."),
    (6, "Mentors", "mentors", "referral", "The mentor scheme for new adopters."),
    (6, "Networking events", "networking", "event", "Support groups and adopter networking."),
]


def load(apps, schema_editor):
    Channel = apps.get_model("campaigns", "Channel")
    for phase, name, slug, kind, description in CHANNELS:
        Channel.objects.get_or_create(
            slug=slug, defaults={"name": name, "phase": phase, "kind": kind, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

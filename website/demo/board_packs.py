"""Demo board packs: last quarter's, regional and published with its commentary, and Kent's, ready for commentary.

Made by the same service as the Board pack screen, run here rather than queued, after every other part
of the demo so their figures are in it. Running again adds nothing.
"""

from django.contrib.auth import get_user_model

from website.board_pack import (
    SECTIONS,
    board_pack_commentary_save,
    board_pack_make,
    board_pack_publish,
    period_choices,
    period_dates,
)
from website.models import BoardPack

COMMENTARY = "Demo commentary: what the Head of Service would tell the Board about these figures."


def demo_board_packs_load() -> str:
    manager = get_user_model().objects.filter(username="manager").first()
    if manager is None:
        return ""
    quarter = period_choices()[0][0]
    kind, date_from, date_to = period_dates(quarter)
    made = 0
    for council in ("", "kent"):
        pack, created = BoardPack.objects.get_or_create(
            kind=kind,
            date_from=date_from,
            date_to=date_to,
            council=council,
            defaults={"made_by": manager, "sections_total": len(SECTIONS)},
        )
        if not created:
            continue
        made += 1
        board_pack_make(pack_id=pack.pk)
        if not council:
            commentary = {
                section["key"]: COMMENTARY for section in BoardPack.objects.get(pk=pack.pk).sections
            }
            board_pack_commentary_save(user=manager, pack_id=pack.pk, commentary=commentary)
            board_pack_publish(user=manager, pack_id=pack.pk)
    return f"{made} board packs" if made else ""

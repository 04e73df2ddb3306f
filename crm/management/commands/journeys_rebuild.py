"""Work out every household's journey dates and stopped clocks again, for the Insight reports.

The services keep them up to date as changes happen and the nightly beat job
(``crm.tasks.journeys_rebuild_run``) rebuilds them; run this after loading households any other way.
"""

import time

from django.core.management.base import BaseCommand

from crm.services.journeys import journeys_rebuild


class Command(BaseCommand):
    help = "Work out every household's journey dates and stopped clocks again (for the Insight reports)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = journeys_rebuild()
        self.stdout.write(
            f"Journey dates worked out for {count:,} households in {time.perf_counter() - started:.1f} s."
        )

"""Apply the retention policy now, or with ``--dry-run`` print what it would do and change nothing.

The nightly Celery beat job (``crm.tasks_privacy.retention_apply_run``) runs the same service.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from crm.models import RetentionRule
from crm.selectors import retention_report
from crm.services.privacy import retention_apply


class Command(BaseCommand):
    help = "Apply the retention policy (anonymise or delete records past their time); --dry-run only reports."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done and change nothing."
        )
        parser.add_argument(
            "--sample", type=int, default=10, help="How many records to list under each rule (default 10)."
        )

    def handle(self, *args, dry_run=False, sample=10, **options):
        now = timezone.now()
        if not dry_run:
            done = retention_apply(now=now)
            for rule in RetentionRule.objects.order_by("kind"):
                if rule.kind in done:
                    self.stdout.write(f"{rule}: {done[rule.kind]} records")
            self.stdout.write(self.style.SUCCESS(f"Done: {sum(done.values())} records in all."))
            return
        self.stdout.write(f"Dry run at {timezone.localtime(now):%d %B %Y %H:%M}: nothing is changed.")
        total = 0
        for row in retention_report(now=now, sample=sample):
            rule = row.rule
            if rule.action == RetentionRule.Action.KEEP:
                line = f"{rule.get_kind_display()}: kept ({row.plan.count} records)"
            elif not rule.is_active:
                line = f"{rule}: switched off ({row.plan.count} records would be affected)"
            else:
                line = f"{rule}: {row.plan.count} to {rule.get_action_display().lower()}"
                total += row.plan.count
            self.stdout.write(line)
            if row.will_act or rule.action == RetentionRule.Action.KEEP:
                for item in row.plan.sample:
                    self.stdout.write(f"  - {item}")
                if row.plan.count > len(row.plan.sample):
                    self.stdout.write(f"  ... and {row.plan.count - len(row.plan.sample)} more")
        self.stdout.write(f"Would change or remove {total} records in all.")

"""Move a council's old records in from a CSV or XLSX file, printing the row-by-row report.

A dry run unless ``--commit``: run it without first, read the report, then again with ``--commit`` to
import the good rows. The columns are ``crm.imports.COLUMNS``; the admin's "Old records" screen does
the same for a manager in the browser.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from crm.services.imports import ImportFileError, dataset_read, records_import


class Command(BaseCommand):
    help = "Import households, enquiries and stage history from an old system's CSV or XLSX file (dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file, headings in the first row")
        parser.add_argument(
            "--commit", action="store_true", help="import the good rows (otherwise a dry run)"
        )
        parser.add_argument("--user", default="", help="the username the import is recorded against")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        by = None
        if options["user"]:
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"There is no user {options['user']}.")
        try:
            dataset = dataset_read(content=path.read_bytes(), file_name=path.name)
            report = records_import(dataset=dataset, file_name=path.name, by=by, commit=options["commit"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"{report.seconds:.1f} s")
        if not options["commit"] and report.importable:
            self.stdout.write(f"Run again with --commit to import the {report.importable} good rows.")

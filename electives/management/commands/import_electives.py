from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from electives.csv import import_csv


class Command(BaseCommand):
    help = "Import electives from a CSV file (all rows or none; see SPEC.md for the columns)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, but write nothing."
        )

    def handle(self, file, dry_run, **options):
        try:
            data = file.open("rb")
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        with data:
            result = import_csv(data, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} invalid row(s); nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{result.created} elective(s) {verb} created and {result.updated} {verb} updated."
        )

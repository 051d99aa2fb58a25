from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from electives.csv import import_csv


class Command(BaseCommand):
    help = (
        "Import electives from a CSV file (all rows or none; see SPEC.md for the columns). "
        "A sponsor name close to an existing one is refused as a likely misspelling unless "
        "--create-organizations confirms the new sponsors; a clearly different name creates one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, but write nothing."
        )
        parser.add_argument(
            "--create-organizations",
            action="store_true",
            help="Create the sponsors the file names that do not exist yet, even those whose "
            "names are close to an existing sponsor's.",
        )

    def handle(self, file, dry_run, create_organizations, **options):
        try:
            data = file.open("rb")
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        with data:
            result = import_csv(data, dry_run=dry_run, create_organizations=create_organizations)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} problem(s); nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{result.created} elective(s) {verb} created and {result.updated} {verb} updated"
            + (f" ({result.unchanged} of them unchanged)." if result.unchanged else ".")
        )
        if result.new_sponsors:
            names = ", ".join(f'"{name}"' for name in result.new_sponsors)
            self.stdout.write(f"New sponsor(s) {verb} created: {names}.")

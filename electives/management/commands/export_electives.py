from django.core.management.base import BaseCommand

from electives.csv import csv_chunks, write_csv
from electives.models import Elective, Status


class Command(BaseCommand):
    help = "Export electives as CSV (SPEC.md's columns), ordered by slug."

    def add_arguments(self, parser):
        parser.add_argument(
            "--status", choices=Status.values, help="Only electives in this status."
        )
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, status, output, **options):
        electives = Elective.objects.order_by("slug")
        if status:
            electives = electives.filter(status=status)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                write_csv(electives, out)
        else:
            for chunk in csv_chunks(electives):
                self.stdout.write(chunk, ending="")

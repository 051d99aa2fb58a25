from django.core.management.base import BaseCommand

from curation.digest import send_review_digest


class Command(BaseCommand):
    help = "E-mail curators what waits for review, open problem reports and sponsors' edits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=1,
            help="List sponsors' edits of the last N days (default 1: a daily digest).",
        )

    def handle(self, *args, days, **options):
        if send_review_digest(days):
            self.stdout.write("Digest sent.")
        else:
            self.stdout.write("Nothing waits: no digest sent.")

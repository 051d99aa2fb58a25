from curation.digest import send_review_digest
from web.jobs import JobCommand


class Command(JobCommand):
    help = "E-mail curators what waits for review, open problem reports and sponsors' edits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=1,
            help="List sponsors' edits of the last N days (default 1: a daily digest).",
        )

    def handle(self, *args, days, **options):
        delivery = send_review_digest(days)
        if delivery.sent:
            self.stdout.write("Digest sent.")
        elif delivery.failed:
            self.stdout.write("Digest not sent: kept queued for send_queued_mail.")
        else:
            self.stdout.write("Nothing waits, or no curator addresses: no digest sent.")
        delivery.raise_if_failed()

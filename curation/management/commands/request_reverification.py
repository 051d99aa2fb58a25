from django.core.management.base import BaseCommand

from curation.verification import request_reverification


class Command(BaseCommand):
    help = "E-mail each sponsor contact one link to confirm or correct its stale electives."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-months",
            type=int,
            default=None,
            help="default: the REVERIFY_AFTER_MONTHS setting (12)",
        )

    def handle(self, *args, older_than_months, **options):
        sent = request_reverification(older_than_months)
        electives = sum(request.electives.count() for request in sent)
        self.stdout.write(f"Sent {len(sent)} e-mail(s) covering {electives} elective(s).")

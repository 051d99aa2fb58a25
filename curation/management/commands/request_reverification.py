from curation.verification import VERIFY_MAX_AGE_DAYS, request_reverification
from web.jobs import JobCommand


class Command(JobCommand):
    help = "E-mail each sponsor contact one link to confirm or correct its stale electives."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-months",
            type=int,
            default=None,
            help="default: the REVERIFY_AFTER_MONTHS setting (12)",
        )

    def handle(self, *args, older_than_months, **options):
        created, delivery = request_reverification(older_than_months)
        electives = sum(request.electives.count() for request in created)
        self.stdout.write(
            f"{len(created)} new request(s) covering {electives} elective(s); "
            f"{len(delivery.sent)} e-mail(s) sent, {len(delivery.failed)} failed. "
            f"Electives asked about in the last {VERIFY_MAX_AGE_DAYS} days are not asked again."
        )
        delivery.raise_if_failed()

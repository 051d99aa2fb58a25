from django.utils import timezone

from curation.verification import expire_stale
from web.jobs import JobCommand


class Command(JobCommand):
    help = "Move published electives not verified for that long to review, off the site."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24)

    def handle(self, *args, months, **options):
        moved = expire_stale(months, timezone.localdate())
        self.stdout.write(f"Moved {moved} elective(s) to review.")

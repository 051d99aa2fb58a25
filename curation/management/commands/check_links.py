from django.core.management.base import CommandError

from curation.links import check_links
from electives.models import LinkState
from web.jobs import JobCommand


class Command(JobCommand):
    help = "Check every published elective's URL and record its status and date."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument(
            "--concurrency", type=int, default=8, help="Requests at once (be polite)."
        )

    def handle(self, *args, timeout, concurrency, **options):
        if timeout <= 0 or concurrency < 1:
            raise CommandError("--timeout must be above 0 and --concurrency at least 1.")
        results = check_links(timeout, concurrency)
        broken = {url: r for url, r in results.items() if r.state != LinkState.OK}
        for url, result in sorted(broken.items()):
            self.stdout.write(f"broken: {url} ({result.status or result.error})")
        self.stdout.write(f"Checked {len(results)} URL(s): {len(broken)} broken.")

from django.core.management.base import BaseCommand, CommandError

from electives.advisories import FEED_URL, FeedError, parse_feed, read_source, store


class Command(BaseCommand):
    help = (
        "Update each country's travel advisory from the U.S. State Department RSS feed "
        f"(a local file or an http(s) URL, e.g. {FEED_URL})."
    )

    def add_arguments(self, parser):
        parser.add_argument("file_or_url", help="A path to the RSS file, or its http(s) URL.")
        parser.add_argument(
            "--timeout", type=int, default=30, help="Seconds to wait for a URL (default 30)."
        )

    def handle(self, file_or_url, timeout, **options):
        try:
            feed = parse_feed(read_source(file_or_url, timeout=timeout))
        except FeedError as error:
            raise CommandError(f"{error}. Stored advisories were left unchanged.") from None
        if feed.skipped:
            self.stderr.write(f"{len(feed.skipped)} item(s) not matched to a country, skipped:")
            for skipped in feed.skipped:
                self.stderr.write(f"  {skipped}")
        if not feed.advisories:
            raise CommandError(
                "No item in the feed matched a country. Stored advisories were left unchanged."
            )
        result = store(feed.advisories)
        self.stdout.write(
            f"{len(feed.advisories)} advisories imported: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )

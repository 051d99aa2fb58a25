import argparse
import math

from django.core.management.base import CommandError
from django.utils import timezone

from electives.advisories import (
    FEED_URL,
    FETCH_TIMEOUT_SECONDS,
    FeedError,
    dated_as_of,
    parse_feed,
    read_source,
    store,
)
from web.jobs import JobCommand


def positive_seconds(text):
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not (seconds > 0 and math.isfinite(seconds)):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return seconds


class Command(JobCommand):
    help = (
        "Update each country's travel advisory from the U.S. State Department RSS feed "
        f"(a local file or an http(s) URL, e.g. {FEED_URL})."
    )

    def add_arguments(self, parser):
        parser.add_argument("file_or_url", help="A path to the RSS file, or its http(s) URL.")
        parser.add_argument(
            "--timeout",
            type=positive_seconds,
            default=FETCH_TIMEOUT_SECONDS,
            help=f"Seconds to fetch a URL in, all told (default {FETCH_TIMEOUT_SECONDS}).",
        )
        parser.add_argument(
            "--demo-dates",
            action="store_true",
            help="For demo data only: re-date the items so the newest is today and none is a "
            "year old, in the feed's order (real advisories' dates are never changed).",
        )

    def handle(self, file_or_url, timeout, verbosity=1, demo_dates=False, **options):
        try:
            feed = parse_feed(read_source(file_or_url, timeout=timeout))
        except FeedError as error:
            raise CommandError(f"{error}. Stored advisories were left unchanged.") from None
        # Items the import could not read are counted (-v 1, the default) or listed (-v 2,
        # for whoever keeps the table of codes); -v 0 says nothing but errors.
        for items, what in (
            (feed.skipped, "skipped (no country, no level or no usable date)"),
            (
                feed.unknown_tags,
                "matched by the country name in the title only (add their codes to "
                "electives/data/state_department_country_tags.csv)",
            ),
        ):
            if items and verbosity >= 1:
                listed = ":" if verbosity >= 2 else "; -v 2 lists them."
                self.stderr.write(f"{len(items)} item(s) {what}{listed}")
            if items and verbosity >= 2:
                for item in items:
                    self.stderr.write(f"  {item}")
        if not feed.advisories:
            raise CommandError(
                "No item in the feed matched a country. Stored advisories were left unchanged."
            )
        if demo_dates:
            feed.advisories = dated_as_of(feed.advisories, timezone.localdate())
        result = store(feed.advisories)
        if verbosity >= 1:
            self.stdout.write(
                f"{len(feed.advisories)} advisories imported: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged."
            )

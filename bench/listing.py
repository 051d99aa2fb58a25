#!/usr/bin/env python3
"""Server time of the directory at 10,000 electives on PostgreSQL, in process.

    .venv/bin/python bench/listing.py [--electives 10000] [--requests 60] [--keep]

Creates its own database (electives_listing_bench; BENCH_DB to rename it), migrates it,
seeds it with `seed_demo`, then sends each realistic query to the listing (and a few to
the JSON and the CSV) through Django's test client, and prints the median and 95th
percentile of the time from request to finished response. The page cache is off for the
timed requests (settings.PUBLIC_PAGE_CACHE), so the figures are the work of the view, its
queries and its template; the last column is the same page served from the cache. The
database is dropped at the end unless --keep is given. It prints figures; it checks nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"

QUERIES = [
    ("every elective, page 1", "/electives/"),
    ("every elective, page 50", "/electives/?page=50"),
    ("pediatrics, PGY-2", "/electives/?specialty=pediatrics&pgy=2"),
    (
        "Africa, clinical, open, by deadline",
        "/electives/?region=sub-saharan-africa&category=clinical&open=1&sort=deadline",
    ),
    (
        "Kenya or Uganda, under $1,000, housing",
        "/electives/?country=KE&country=UG&max_cost=1000&housing=1",
    ),
    (
        "Spanish, 4 to 8 weeks, by fee",
        "/electives/?language=es&min_weeks=4&max_weeks=8&sort=cost",
    ),
    ("search: malaria", "/electives/?q=malaria"),
    ("search: pediatric kenya, open", "/electives/?q=pediatric+kenya&open=1"),
    ("search: peds africa (alias, region)", "/electives/?q=peds+africa"),
    ("search: malria (corrected)", "/electives/?q=malria"),
    ("search: xylophone (no results)", "/electives/?q=xylophone&country=KE"),
    (
        "JSON: surgery in South Asia",
        "/api/electives/?specialty=surgery&region=latin-america-caribbean",
    ),
    ("CSV: community health, open", "/electives/export.csv?category=community-health&open=1"),
]


def admin_sql(statement):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--electives", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per query")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    database = os.environ.get("BENCH_DB", "electives_listing_bench")
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ["DEBUG"] = "1"  # static files without collectstatic; see settings.DEBUG below
    os.environ.pop("CACHE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    admin_sql(f'DROP DATABASE IF EXISTS "{database}"')
    admin_sql(f'CREATE DATABASE "{database}"')
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        # As in production: no query log, no debug pages.
        settings.DEBUG = False
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", electives=args.electives, verbosity=0)
        call_command(
            "import_travel_advisories", str(ROOT / "tests/data/travel_advisories.xml"), verbosity=0
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT count(*) FROM electives_elective WHERE status = 'published'")
            published = cursor.fetchone()[0]
        print(
            f"Seeded {args.electives:,} electives ({published:,} published) "
            f"in {time.perf_counter() - started:.1f} s; PostgreSQL database {database}.\n"
        )

        client = Client()
        print(f"{'query':<42} {'status':>6} {'median':>9} {'p95':>9} {'cached':>9}")
        for label, url in QUERIES:
            timings = []
            settings.PUBLIC_PAGE_CACHE = False
            for n in range(args.requests + 5):
                begin = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                elapsed = time.perf_counter() - begin
                if n >= 5:  # the first few warm up connections and templates
                    timings.append(elapsed)
            cached = []
            settings.PUBLIC_PAGE_CACHE = True
            cache.clear()
            client.get(url)
            for _ in range(20):
                begin = time.perf_counter()
                client.get(url)
                cached.append(time.perf_counter() - begin)
            print(
                f"{label:<42} {response.status_code:>6} "
                f"{statistics.median(timings) * 1000:>7.1f}ms "
                f"{percentile(timings, 0.95) * 1000:>7.1f}ms "
                f"{statistics.median(cached) * 1000:>7.1f}ms"
            )
        connection.close()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(f'DROP DATABASE IF EXISTS "{database}"')


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The judged query set's score and the search's latency, on SQLite or PostgreSQL.

    .venv/bin/python bench/search_quality.py [--electives 10000] [--requests 5]

PostgreSQL when BENCH_DATABASE_URL (or DATABASE_URL) names a server: a database of its own
(electives_search_bench) is created there and dropped at the end. SQLite otherwise, in a
temporary file.

1. Quality: the judged directory alone (tests/judged_search.py, built with the tests'
   factories); for each query, whether its first result is one a physician expects first,
   nDCG@10 (gain 2 for an expected first result, 1 for another expected result, 0 for
   anything else; a query that should find nothing scores 1 when it finds nothing), and
   whether every check of tests/test_search_judged.py passes (all expected results found
   in the CSV, none of those that must not appear).
2. Latency: `seed_demo --electives N` added around it, then each judged query as the JSON
   listing with the page cache off and the index's kept searches emptied before each
   request, so each one runs its full-text search and ranking in the database. Median
   and 95th percentile over every query's requests.

It prints figures; it checks nothing (tests/test_search_judged.py checks the set).
"""

import argparse
import csv
import io
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "electives_search_bench"


def ndcg(slugs, query, k=10):
    if query.first is None:
        return 1.0 if not slugs else 0.0

    def gain(slug):
        return 2 if slug in query.first else 1 if slug in query.relevant else 0

    dcg = sum(gain(s) / math.log2(i + 2) for i, s in enumerate(slugs[:k]))
    ideal = sorted([2] * len(query.first) + [1] * len(query.relevant - query.first), reverse=True)
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:k]))
    return dcg / best


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def database_url():
    """(the URL to use, a function that drops what it made)."""
    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        import psycopg

        parts = urlsplit(server)
        admin = parts._replace(path="/postgres").geturl()

        def sql(statement):
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(statement)

        sql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        sql(f'CREATE DATABASE "{DATABASE}"')
        return parts._replace(path=f"/{DATABASE}").geturl(), lambda: sql(
            f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'
        )
    path = Path(tempfile.mkdtemp()) / "search_bench.sqlite3"
    return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--electives", type=int, default=10_000, help="demo electives added")
    parser.add_argument("--requests", type=int, default=5, help="timed requests per query")
    args = parser.parse_args()

    url, drop = database_url()
    os.environ.update(DATABASE_URL=url, DEBUG="1", PUBLIC_PAGE_CACHE="0")
    os.environ.pop("CACHE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop()


def run(args):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from electives import index
    from tests.judged_search import JUDGED, build_directory

    settings.DEBUG = False  # no query log
    call_command("migrate", verbosity=0)
    build_directory()
    client = Client()

    def slugs(words):
        response = client.get("/api/electives/?" + urlencode({"q": words}))
        return [result["slug"] for result in response.json()["results"]]

    def every(words):
        response = client.get("/electives/export.csv?" + urlencode({"q": words}))
        return {row["slug"] for row in csv.DictReader(io.StringIO(response.content.decode()))}

    right, whole, scores, wrong = 0, 0, [], []
    for query in JUDGED:
        found = slugs(query.words)
        ok = not found if query.first is None else bool(found) and found[0] in query.first
        right += ok
        scores.append(ndcg(found, query))
        if not ok:
            wrong.append(f"{query.words!r}: {found[:3]}")
        # Every expected result found, none of those that must not appear.
        all_of = every(query.words)
        expected = (query.first or frozenset()) | query.relevant
        whole += ok and expected <= all_of and not query.absent & all_of
    print(f"Database: {connection.vendor} {connection.get_database_version()}")
    print(f"Judged queries: {len(JUDGED)}")
    print(f"First result right: {right}/{len(JUDGED)} ({right / len(JUDGED):.0%})")
    print(f"Mean nDCG@10: {statistics.mean(scores):.3f}")
    print(f"Every check of the query passed: {whole}/{len(JUDGED)} ({whole / len(JUDGED):.0%})")
    for line in wrong:
        print(f"  wrong first result: {line}")

    started = time.perf_counter()
    call_command("seed_demo", electives=args.electives, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from electives.models import Elective

    published = Elective.objects.published().count()
    print(f"\nLatency with {args.electives:,} demo electives more, {published:,} published "
          f"(seeded in {time.perf_counter() - started:.0f} s):")  # fmt: skip
    client.get("/api/electives/")  # the index, built once
    timings, by_query = [], {}
    for query in JUDGED:
        for _ in range(args.requests):
            index.current_index()._searches.clear()
            begin = time.perf_counter()
            client.get("/api/electives/?" + urlencode({"q": query.words}))
            timings.append(time.perf_counter() - begin)
        by_query[query.words] = statistics.median(timings[-args.requests :])
    print(
        f"JSON listing of a judged query, its search not kept: median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 {percentile(timings, 0.95) * 1000:.1f}"
        f" ms ({len(timings)} requests)"
    )
    slowest = sorted(by_query.items(), key=lambda item: -item[1])[:5]
    print("Slowest: " + ", ".join(f"{words!r} {t * 1000:.0f} ms" for words, t in slowest))


if __name__ == "__main__":
    main()

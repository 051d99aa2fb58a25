#!/usr/bin/env python3
"""The directory index's build and update, timed in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_index_layers \
        .venv/bin/python bench/index_times.py [--rounds 7]

Against an existing seeded database (`seed_demo --electives 10000`, then VACUUM ANALYZE):
a full build (`Index(version)`, six queries), then one published elective's title saved
and the index brought up to that version from the one before (`Index.updated`, four
queries), each repeated and given as a median with the spread. The edit is written to the
database (a title; run it on a database of your own). It prints figures; it checks nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")


def timed(make, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        make()
        times.append((time.perf_counter() - start) * 1000)
    return f"median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log in the timings
    from electives.cache import current_version
    from electives.index import Index
    from electives.models import Elective

    before = Index(current_version())
    print(f"{len(before.rows):,} published electives, {rounds} rounds")
    print("build: ", timed(lambda: Index(current_version()), rounds))
    edited = Elective.objects.published().order_by("pk").first()
    edited.title = edited.title.removesuffix(" (edited)") + " (edited)"
    edited.save()
    version = current_version()
    print("update:", timed(lambda: before.updated(version), rounds))


if __name__ == "__main__":
    main()

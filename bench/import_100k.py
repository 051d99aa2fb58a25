#!/usr/bin/env python3
"""Import benchmark: a CSV of 100,000 electives through `manage.py import_electives`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/electives_bench \\
        .venv/bin/python bench/import_100k.py [--rows 100000]

It writes a realistic file (seed_demo's places, topics and descriptions; every row names
its slug, as an export does), empties the electives of the database DATABASE_URL names
(after migrating it), then runs the import twice as a subprocess: once creating every
elective, once updating them all. For each it prints the wall time and the peak RSS of
the importing process (and its CPU time: on a shared machine the wall time also counts
the waits for a core), and, measured meanwhile from this process, how long a curator's
"Publish" (saving one elective) took at worst.
"""

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")


def write_file(path, rows):
    from django.utils.text import slugify

    from electives.csv import COLUMNS, RICHER_COLUMNS
    from electives.demo.listings import description
    from electives.demo.places import PLACES
    from electives.demo.sponsors import SPONSORS
    from electives.demo.topics import TOPICS
    from electives.models import Specialty

    # The scope each category's descriptions are written for (research is research only).
    SCOPES = {category: "" for category in TOPICS} | {"research": "research-only"}
    rng = random.Random(2026)
    known = set(Specialty.objects.values_list("slug", flat=True))
    sponsors = [name for name, *_ in SPONSORS]
    today = datetime.date.today()
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        # The first 21 columns: the richer ones are optional and left out here.
        writer.writerow([column for column in COLUMNS if column not in RICHER_COLUMNS])
        for n in range(rows):
            category = rng.choice(list(TOPICS))
            country, cities, local_languages, _ = rng.choice(PLACES)
            city = rng.choice(cities)
            topic = rng.choice(TOPICS[category])
            summary = f"{topic.leads[0]}."
            suits = [slug for slug in topic.specialties if slug in known]
            chosen = rng.sample(suits, k=rng.randint(1, min(3, len(suits)))) if suits else []
            title = f"{topic.title} in {city}"
            weeks_min = rng.choice([2, 4, 6])
            pgy_min = rng.choice(["", "1", "2"])
            writer.writerow(
                [
                    f"{slugify(title)[:180]}-{n}",
                    title,
                    category,
                    rng.choice(sponsors),
                    country,
                    city,
                    ";".join(chosen),
                    pgy_min,
                    rng.choice(["", "", "5"]),
                    weeks_min,
                    weeks_min + rng.choice([0, 2, 4]),
                    rng.choice(["", "0", "450", "1200"]),
                    rng.choice(["yes", "no"]),
                    ";".join(local_languages if rng.random() < 0.5 else []),
                    rng.choice(["", (today + datetime.timedelta(days=rng.randint(1, 300)))]),
                    f"https://example.org/electives/{n}",
                    "electives@example.org",
                    summary,
                    description(summary, category, SCOPES[category], topic, supervisor=""),
                    rng.choice(["published", "published", "draft"]),
                    today.isoformat(),
                ]
            )


def publish_waits(stop, waits):
    """Save one elective again and again, as a curator publishing would; record each wait."""
    from django.db import connection

    from electives.models import Elective, Status
    from tests.factories import ElectiveFactory

    elective = Elective.objects.filter(slug="curator-edit").first()
    elective = elective or ElectiveFactory(slug="curator-edit", status=Status.PUBLISHED)
    while not stop.is_set():
        started = time.monotonic()
        Elective.objects.get(pk=elective.pk).save()
        waits.append(time.monotonic() - started)
        time.sleep(0.2)
    connection.close()


def high_water_mark(pid):
    """The process's peak resident memory so far (kB), 0 once it has exited."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_import(path, log):
    from django.db import connection

    stop, waits = threading.Event(), []
    # SQLite has one writer at a time: a curator waits for any import there.
    curator = threading.Thread(target=publish_waits, args=(stop, waits))
    if connection.vendor == "postgresql":
        curator.start()
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_electives", str(path)],
            cwd=ROOT,
            # As in production: DEBUG on would also keep the SQL of the last 9,000 queries.
            env={**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "x" * 50},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # The peak RSS of the command itself: VmHWM restarts at exec, whereas ru_maxrss would
        # count this (large) process, which the child was forked from.
        peak = 0
        while True:
            peak = max(peak, high_water_mark(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.1)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    stop.set()
    if curator.is_alive():
        curator.join()
    output = Path(log).read_text()
    if process.returncode:
        sys.exit(output[-2000:])
    print(f"  {output.strip()}")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"  time {seconds:.1f} s (CPU {cpu:.1f} s), peak RSS {peak / 1024:.0f} MB", end="")
    if waits:
        waits.sort()
        print(
            f"; {len(waits)} publishes meanwhile: median {waits[len(waits) // 2] * 1000:.0f} ms,"
            f" slowest {waits[-1] * 1000:.0f} ms"
        )
    else:
        print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from electives.models import Elective

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", "--noinput", verbosity=0)
    Elective.objects.all().delete()
    with tempfile.TemporaryDirectory(prefix="electives-import-") as tmp:
        path = Path(tmp) / "electives.csv"
        write_file(path, args.rows)
        print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
        log = Path(tmp) / "log"
        print("import (every elective created):")
        run_import(path, log)
        print("import again (every elective updated):")
        run_import(path, log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE electives_elective")


if __name__ == "__main__":
    main()

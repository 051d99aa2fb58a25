#!/usr/bin/env python3
"""Export benchmark: 8 concurrent downloads of /electives/export.csv with 100,000 published
electives, and what the rest of the site feels meanwhile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/electives_bench \\
        .venv/bin/python bench/export_burst.py [--electives 100000] [--downloads 8]

It makes sure the database DATABASE_URL names holds that many published electives (importing
bench/import_100k.py's file if not, and publishing them all), starts gunicorn as in
production (tests/servers.py: DEBUG off, gunicorn.conf.py, 2 workers x 4 threads), then
starts the downloads at once while it asks /healthz/ping every 50 ms and samples the
workers' memory (RSS). It prints each download's status, size and time, the ping
latencies, and the workers' largest RSS before and during the burst.
"""

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")


def ensure_published(count):
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from electives.cache import content_changed
    from electives.csv import import_csv
    from electives.models import Elective, Status

    call_command("migrate", "--noinput", verbosity=0)
    if Elective.objects.count() < count:
        from import_100k import write_file

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "electives.csv"
            write_file(path, count - Elective.objects.count())
            with open(path, "rb") as data:
                result = import_csv(data)
            assert result.ok, result.errors[:5]
    Elective.objects.exclude(status=Status.PUBLISHED).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    content_changed()  # QuerySet.update() sends no signals
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return Elective.objects.published().count()


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def workers(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def download(port, results):
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", "/electives/export.csv", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
    connection.close()
    results.append((response.status, size, time.monotonic() - started))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--electives", type=int, default=100_000)
    parser.add_argument("--downloads", type=int, default=8)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from tests.servers import Server, production_env

    published = ensure_published(args.electives)
    print(f"{published:,} published electives ({connection.vendor})")
    url = os.environ.get("DATABASE_URL", "")
    connection.close()

    with Server(production_env(url), workers=2, threads=4) as server:
        pids = workers(server.process.pid)
        server.get("/electives/")  # each worker loads its code before the burst
        server.get("/electives/")
        idle = max(rss_mb(pid) for pid in pids)
        pings, peak, results = [], idle, []
        threads = [
            threading.Thread(target=download, args=(server.port, results))
            for _ in range(args.downloads)
        ]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            started = time.monotonic()
            assert server.get("/healthz/ping").status == 200
            pings.append((time.monotonic() - started) * 1000)
            peak = max([peak] + [rss_mb(pid) for pid in pids])
            time.sleep(0.05)
        for thread in threads:
            thread.join()

    print(f"{args.downloads} concurrent downloads of /electives/export.csv:")
    for status, size, seconds in sorted(results):
        print(f"  {status}  {size / 1e6:6.1f} MB  {seconds:5.1f} s")
    pings.sort()
    print(
        f"/healthz/ping meanwhile ({len(pings)} requests): p50 {statistics.median(pings):.0f} ms,"
        f" p95 {pings[int(len(pings) * 0.95)]:.0f} ms, max {pings[-1]:.0f} ms"
    )
    print(f"worker RSS: {idle:.0f} MB before, {peak:.0f} MB at most during the burst")


if __name__ == "__main__":
    main()

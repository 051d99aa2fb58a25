#!/usr/bin/env python3
"""What each tier of the page cache saves a request, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_index_layers \
        CACHE_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/page_tiers.py [--rounds 30]

Against an existing seeded database and a Redis (CACHE_URL; its keys are the page cache's
own, kept an hour): each page requested through Django's test client rendered afresh (the
page cache off), served from this process's memory (the `pages` tier), and served from
Redis with this process's memory emptied before each request (what another worker or
server gets from a page one of them rendered). Medians, whole requests, no network
between client and server: what the tier saves, not a throughput. It prints figures.
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
PAGES = ["/", "/electives/", "/electives/?country=KE&pgy=2", "/countries/", "/api/electives/"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client

    from electives.models import Elective

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    assert settings.CACHE_URL, "CACHE_URL (Redis) is needed to measure the shared tier"
    detail = Elective.objects.published().order_by("pk").first().get_absolute_url()
    client = Client()
    local = (caches["pages"], caches["big_pages"])

    def median_ms(url, before=lambda: None):
        times = []
        for _ in range(rounds):
            before()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times)

    print(f"{'page':<32} {'rendered':>9} {'memory':>8} {'Redis':>8}  (ms, median of {rounds})")
    for url in [*PAGES, detail]:
        settings.PUBLIC_PAGE_CACHE = False
        client.get(url)  # the index built, templates compiled
        rendered = median_ms(url)
        settings.PUBLIC_PAGE_CACHE = True
        client.get(url)  # stored in both tiers
        memory = median_ms(url)
        shared = median_ms(url, before=lambda: [cache.clear() for cache in local])
        print(f"{url[:32]:<32} {rendered:9.2f} {memory:8.2f} {shared:8.2f}")


if __name__ == "__main__":
    main()

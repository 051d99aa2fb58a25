#!/usr/bin/env python3
"""Building and validating the directory's filters, with ElectiveFilter's speed-ups each
turned off, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prof10k .venv/bin/python bench/filter_build.py
        [--urls 300] [--rounds 5]

Against an existing seeded PostgreSQL database (DATABASE_URL; every connection is made
read-only, so nothing is written), over the listing URLs of `cold.py`'s combinations plus
`listing.py`'s queries and one with every filter wrong: `directory_filters(params).is_valid()`
as it is, and with each override off (django-filter's deep copy of every filter, Django's
copy of every choice), beside the whole uncached listing request for scale. It prints
figures and a verdict for each.

(It compared the listing in Jinja2 with a Django-template port too, bench/django_listing/;
the port drifted from the real templates unchecked and was deleted: its figures are in
bench/README.md.)
"""

import argparse
import contextlib
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cold import combinations
from listing import QUERIES

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "postgres://postgres@127.0.0.1:5432/prof10k"
EXTRA = [
    "/electives/?pgy=12&country=XX&sort=bogus&view=grid&page=0&max_cost=-1&housing=2",
    "/electives/?view=table&region=south-asia&page=2",
]
# A saving below this share of the uncached request is "a few per cent": not worth its layer.
SMALL = 0.03


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextlib.contextmanager
def patched(owner, name, value):
    """owner.name set to value for a while (None: removed, so the base class's is used)."""
    original = owner.__dict__[name]
    if value is None:
        delattr(owner, name)
    else:
        setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=300, help="cold.py combinations (300)")
    parser.add_argument("--rounds", type=int, default=5, help="timed validations per URL")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DATABASE)
    os.environ["DEBUG"] = "1"  # no SECRET_KEY needed; DEBUG is off again below
    os.environ.pop("CACHE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.PUBLIC_PAGE_CACHE = False
    settings.DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c default_transaction_read_only=on"
    )

    from django.http import QueryDict
    from django.test import Client

    from electives.cache import _this_request, current_version
    from electives.filters import CaseInsensitiveChoiceField, ShallowCopied, directory_filters

    print(f"Database: {settings.DATABASES['default']['NAME']} (read-only connections)\n")
    urls = [url for url in combinations(args.urls) if url.startswith("/electives/")]
    urls += [url for _, url in QUERIES if url.startswith("/electives/?")] + EXTRA

    # Whole uncached listing requests, for scale.
    client = Client()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the invalid URL's 400
    requests = []
    for r in range(min(args.rounds, 3) + 1):
        for url in urls:
            begin = time.perf_counter()
            client.get(url)
            if r:  # round 0 warms caches, cards and compiled templates
                requests.append(time.perf_counter() - begin)
    request_ms = statistics.median(requests) * 1e3
    print(f"Whole uncached listing requests: {request_ms:.2f} ms median\n")

    queries = [QueryDict(urlsplit(url).query) for url in urls]

    def validating():
        values = []
        for _ in range(args.rounds + 1):
            for query in queries:
                begin = time.perf_counter()
                directory_filters(query).is_valid()
                values.append(time.perf_counter() - begin)
        return values[len(queries) :]  # the first pass warms up

    variants = {
        "as they are": [],
        "ShallowCopied off": [(ShallowCopied, "__deepcopy__", None)],
        "choices copy off": [(CaseInsensitiveChoiceField, "__deepcopy__", None)],
    }
    variants["both off"] = [p for patches in variants.values() for p in patches]
    pinned = _this_request.set(current_version())
    validated = {}
    for label, patches in variants.items():
        with contextlib.ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patched(*patch))
            validated[label] = validating()
    _this_request.reset(pinned)
    print(f"Building and validating the filters ({args.rounds} x {len(queries)} each)")
    base = statistics.median(validated["as they are"])
    for label, values in validated.items():
        median = statistics.median(values)
        print(
            f"  {label:<30} {median * 1e6:6.0f} us median "
            f"{percentile(values, 0.9) * 1e6:6.0f} p90  (+{(median - base) * 1e6:.0f} us)"
        )
    for label, name in [
        ("ShallowCopied off", "ShallowCopied"),
        ("choices copy off", "CaseInsensitiveChoiceField.__deepcopy__"),
    ]:
        saved = statistics.median(validated[label]) - base
        share = saved * 1e3 / request_ms
        keep = "keep" if share >= SMALL else "small: remove"
        print(f"{name} saves {saved * 1e6:.0f} us per request ({share:.1%}) -> {keep}")


if __name__ == "__main__":
    main()

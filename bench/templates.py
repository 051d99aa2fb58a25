#!/usr/bin/env python3
"""The listing's template engine, and the filters' speed-ups, measured in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prof10k .venv/bin/python bench/templates.py
        [--urls 300] [--rounds 5]

Against an existing seeded PostgreSQL database (DATABASE_URL; every connection is made
read-only, so nothing is written), over the listing URLs of `cold.py`'s combinations plus
`listing.py`'s queries, a table and one with every filter wrong:

1. the listing's filter form and results (electives.listing.listing_context) rendered by
   Jinja2 as today, and by a Django-template port of the same templates (bench/django_listing/,
   Django's own {% querystring %}), with Django's widget templates as an all-Django page
   would have them (and, to tell the two apart, with today's Jinja2 widget templates). Each
   render gets a freshly built context, untimed. The outputs are compared, whitespace aside,
   for every URL. Then whole uncached requests through the test client, both ways;
2. building and validating the filters (`directory_filters(params).is_valid()`) with
   ElectiveFilter's overrides as they are and with each turned off (django-filter's deep
   copy of every filter, a new form class per request, Django's copy of every choice).

Templates are cached as in production: DEBUG off before any engine is built, so Django's
cached loader and Jinja2 without auto-reload. It prints figures and a verdict for each.
"""

import argparse
import contextlib
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cold import combinations  # noqa: E402
from listing import QUERIES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "postgres://postgres@127.0.0.1:5432/prof10k"
EXTRA = [
    "/electives/?pgy=12&country=XX&sort=bogus&view=grid&page=0&max_cost=-1&housing=2",
    "/electives/?view=table&region=south-asia&page=2",
]
# Parts of the listing the compared pages must show for the comparison to cover them.
MARKERS = {
    "errors": 'class="error-summary"',
    "no results": 'class="empty-state"',
    "ways out": 'class="ways-out"',
    "correction": 'class="search-correction"',
    "missing words": 'class="search-missing"',
    "chips": 'class="chips"',
    "pages": 'class="pagination"',
    "table": "<table",
}
# A saving below this share of the uncached request is "a few per cent": not worth its layer.
SMALL = 0.03


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(values):
    median, p90 = statistics.median(values) * 1e3, percentile(values, 0.9) * 1e3
    return f"{median:6.2f} ms median {p90:6.2f} p90"


def normalized(html):
    """Whitespace aside, and the two engines' spellings of the same escaped quotes."""
    html = html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


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
    parser.add_argument("--rounds", type=int, default=5, help="timed renders per URL and way")
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

    # As in production, before any template engine exists: no debug info, cached templates.
    settings.DEBUG = False
    settings.PUBLIC_PAGE_CACHE = False
    settings.TEMPLATES[0]["DIRS"].append(ROOT / "bench")  # bench/django_listing/
    settings.DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c default_transaction_read_only=on"
    )

    from django.core.paginator import EmptyPage
    from django.forms.renderers import DjangoTemplates
    from django.forms.renderers import Jinja2 as Jinja2Renderer
    from django.http import QueryDict
    from django.shortcuts import render
    from django.template import engines
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.utils.safestring import mark_safe

    from electives import views
    from electives.cache import _this_request, current_version
    from electives.filters import (
        CaseInsensitiveChoiceField,
        FilterForm,
        ShallowCopied,
        directory_filters,
    )
    from electives.listing import card, listing_context, paginate

    loader = type(engines["django"].engine.template_loaders[0]).__module__
    auto_reload = engines["jinja2"].env.auto_reload
    print(f"Django templates: {loader}; Jinja2 auto_reload={auto_reload}")
    print(f"Database: {settings.DATABASES['default']['NAME']} (read-only connections)\n")

    jinja_widgets, django_widgets = Jinja2Renderer(), DjangoTemplates()
    factory = RequestFactory()

    def context_for(url, widgets):
        """(request, listing context) as the view builds them, the form drawn by `widgets`."""
        request = factory.get(url)
        with patched(FilterForm, "default_renderer", widgets):
            filters = directory_filters(request.GET)
            valid = filters.is_valid()
        page = None
        if valid:
            page = paginate(filters, each=card if filters.shown_as == "cards" else None)
        return request, listing_context(request, filters, page=page)

    def jinja2(request, context):
        return render_to_string("listing/listing.html", context, request, using="jinja2")

    def django_port(request, context):
        return render_to_string("django_listing/listing.html", context, request, using="django")

    ways = {
        "jinja2 (today)": (jinja2, jinja_widgets),
        "django port": (django_port, django_widgets),
        "django port, jinja2 widgets": (django_port, jinja_widgets),
    }

    candidates = [url for url in combinations(args.urls) if url.startswith("/electives/")]
    candidates += [url for _, url in QUERIES if url.startswith("/electives/?")] + EXTRA
    pinned = _this_request.set(current_version())  # one version read, as public_page does
    urls = []
    for url in candidates:
        with contextlib.suppress(EmptyPage):  # a page past the end: the view's 404
            context_for(url, jinja_widgets)
            urls.append(url)

    # 1a. Same HTML from both engines?
    mismatches = 0
    shown = dict.fromkeys(MARKERS, 0)
    for url in urls:
        expected = normalized(jinja2(*context_for(url, jinja_widgets)))
        for name, marker in MARKERS.items():
            shown[name] += marker in expected
        for label, (render_with, widgets) in list(ways.items())[1:]:
            got = normalized(render_with(*context_for(url, widgets)))
            if got != expected:
                mismatches += 1
                at = next(i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b)
                print(f"MISMATCH {label} {url}\n  jinja2: {expected[at - 80 : at + 80]}")
                print(f"  django: {got[at - 80 : at + 80]}")
    print(f"{len(urls)} listing URLs; outputs compared whitespace aside: {mismatches} mismatches")
    print("  pages showing " + ", ".join(f"{name} {n}" for name, n in shown.items()) + "\n")

    # 1b. The listing's inner part, each way, a fresh context for every render.
    timings = {label: [] for label in ways}
    for r in range(args.rounds + 1):
        for i, url in enumerate(urls):
            order = list(ways.items())
            shift = (i + r) % len(order)
            for label, (render_with, widgets) in order[shift:] + order[:shift]:
                request, context = context_for(url, widgets)
                begin = time.perf_counter()
                render_with(request, context)
                if r:  # round 0 warms caches, cards and compiled templates
                    timings[label].append(time.perf_counter() - begin)
    print(f"The listing's form and results rendered ({args.rounds} x {len(urls)} renders each)")
    for label, values in timings.items():
        print(f"  {label:<30} {ms(values)}")
    _this_request.reset(pinned)

    # 1c. Whole uncached requests, for scale.
    def render_listing_django(request, filters, *, page, status=200):
        context = listing_context(request, filters, page=page)
        html = render_to_string("django_listing/listing.html", context, request)
        context["listing"] = mark_safe(html)  # noqa: S308 - escaped by Django's templates
        return render(request, "electives/elective_list.html", context, status=status)

    whole = {
        "jinja2 (today)": (views.render_listing, jinja_widgets),
        "django port": (render_listing_django, django_widgets),
    }
    requests = {label: [] for label in whole}
    client = Client()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the invalid URL's 400
    for r in range(min(args.rounds, 3) + 1):
        for i, url in enumerate(urls):
            order = list(whole.items())[i % 2 :] + list(whole.items())[: i % 2]
            for label, (render_listing, widgets) in order:
                with (
                    patched(views, "render_listing", render_listing),
                    patched(FilterForm, "default_renderer", widgets),
                ):
                    begin = time.perf_counter()
                    response = client.get(url)
                    elapsed = time.perf_counter() - begin
                assert response.status_code in (200, 400), (url, response.status_code)
                if r:
                    requests[label].append(elapsed)
    print(f"Whole uncached listing requests ({min(args.rounds, 3)} x {len(urls)} each)")
    for label, values in requests.items():
        print(f"  {label:<30} {ms(values)}")

    # 2. The filters: built and validated with the overrides on, and each one off.
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
    print(f"\nBuilding and validating the filters ({args.rounds} x {len(queries)} each)")
    base = statistics.median(validated["as they are"])
    for label, values in validated.items():
        median = statistics.median(values)
        print(
            f"  {label:<30} {median * 1e6:6.0f} us median "
            f"{percentile(values, 0.9) * 1e6:6.0f} p90  (+{(median - base) * 1e6:.0f} us)"
        )

    # Verdicts, against the uncached request as it is today.
    request_ms = statistics.median(requests["jinja2 (today)"]) * 1e3
    jinja_ms = statistics.median(timings["jinja2 (today)"]) * 1e3
    django_ms = statistics.median(timings["django port"]) * 1e3
    share = (django_ms - jinja_ms) / request_ms
    verdict = "keep jinja2" if share >= SMALL else "one engine: Django templates"
    print(
        f"\nlisting: jinja2 {jinja_ms:.2f} ms vs django {django_ms:.2f} ms "
        f"({(django_ms - jinja_ms):+.2f} ms, {share:+.1%} of the {request_ms:.1f} ms request) "
        f"-> {verdict}"
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

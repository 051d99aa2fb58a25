"""Hostile input never gives a 500, on any URL of config/urls.py.

The URLs come from walking the resolver, so a page added anywhere is covered without
editing this file. Each pattern is requested with hostile values in its path parameters,
then with valid ones and hostile query parameters, as an anonymous visitor and as a
curator (the admin's as a curator and as a sponsor editor); every POST form on the pages
this finds is sent hostile values in all its fields, by each of them.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from curation.models import VerificationRequest
from electives.filters import ElectiveFilter
from electives.models import Elective, Language
from guide.pages import GUIDE_SLUGS
from tests.factories import (
    AlertFactory,
    CuratorFactory,
    OrganizationFactory,
    PublishedDebriefFactory,
    PublishedElectiveFactory,
    SpecialtyFactory,
    SponsorEditorFactory,
    TravelAdvisoryFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = [
    "a\x00b",
    "A\r\nB",
    "x" * 3000,
    # A number past any database integer. SQLite's driver refuses one outright inside
    # Django's own admin forms (choice lookups): production and CI run PostgreSQL, which
    # this value is for.
    *(["99999999999999999999999"] if connection.vendor == "postgresql" else []),
    "0001-01-01",
    "9999-12-31",
    "'\"<ÿ>%",
]
# Dates matter in queries (a plan's start); in paths and forms, fewer values keep it fast.
IN_PATHS_AND_FORMS = [v for v in HOSTILE if v not in ("0001-01-01", "'\"<ÿ>%")]
# Every query parameter a page reads (the directory's filters, the shortlist's `e`, the
# plan's `start`, the forms' `next`) and the admin's own.
QUERY_NAMES = [*ElectiveFilter.base_filters, "e", "start", "next", "o", "p", "_popup", "all"]


# A regex route's unnamed groups, in order: django-simple-history's revert page
# (`<id>/history/<version>/`) is the only one.
UNNAMED = ("object_id", "version_id")
GROUP = re.compile(r"(?<!\\)\((?!\?:)")


def parts(pattern):
    """A pattern's route as literal text and parameter names: ["electives/", ("slug",), "/"]."""
    if hasattr(pattern, "_route"):
        pieces = re.split(r"<(?:\w+:)?(\w+)>", pattern._route)
        return [(piece,) if i % 2 else piece for i, piece in enumerate(pieces)]
    regex, out, i = pattern._regex.lstrip("^").rstrip("$").removesuffix(r"\Z"), [], 0
    unnamed = iter(UNNAMED)
    while group := GROUP.search(regex, i):
        start = group.start()
        out.append(regex[i:start])
        if regex.startswith("(?P<", start):
            name = regex[start + 4 : regex.index(">", start)]
        else:
            name = next(unnamed)
        depth, end = 0, start
        for end in range(start, len(regex)):
            depth += {"(": 1, ")": -1}.get(regex[end], 0)
            if depth == 0:
                break
        out.append((name,))
        i = end + 1
    out.append(regex[i:])
    return [re.sub(r"\\(.)", r"\1", p) if isinstance(p, str) else p for p in out]


def every_pattern(resolver=None, prefix=()):
    """(route parts, URL name) for every pattern, depth first."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = (*prefix, *parts(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from every_pattern(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name or ""


def build(route, values):
    return "/" + "".join(quote(values[p[0]], safe="") if isinstance(p, tuple) else p for p in route)


class Forms(HTMLParser):
    """The POST forms of a page: (action, {field name: value})."""

    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.current = (attrs.get("action") or "", {})
            self.forms.append(self.current)
        elif tag in ("input", "select", "textarea") and self.current and attrs.get("name"):
            self.current[1][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


@pytest.fixture
def world(settings):
    settings.FORM_RATE_LIMIT = "100000/h"
    specialty = SpecialtyFactory(name="Emergency Medicine", slug="emergency-medicine")
    organization = OrganizationFactory(name="Fuzz Health Partners")
    elective = PublishedElectiveFactory(
        organization=organization,
        specialties=[specialty],
        languages=[Language.objects.get(code="sw")],
        deadline="2031-01-15",
    )
    TravelAdvisoryFactory()
    PublishedDebriefFactory(elective=elective)
    alert = AlertFactory(query="country=KE")
    verification = VerificationRequest.objects.create(
        organization=organization, email="sponsor@example.org"
    )
    verification.electives.set([elective])
    return {
        "elective": elective,
        # Candidate valid values of each path parameter; the first the page accepts is used.
        "valid": {
            "slug": [elective.slug, organization.slug, GUIDE_SLUGS[0]],
            "token": [alert.token, verification.token],
            "code": ["ke"],
            "section": ["electives"],
            "app_label": ["electives"],
            "content_type_id": [str(ContentType.objects.get_for_model(Elective).pk)],
            "url": ["electives/"],
        },
        "curator": CuratorFactory(is_superuser=True),
        # Their own sponsor's pages open to them; the rest must refuse them, not fail.
        "editor": SponsorEditorFactory(organizations=[organization]),
    }


def admin_model(name):
    """The model of an admin's `<app>_<model>_<view>` URL name."""
    for model in apps.get_models():
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return Elective


def admin_object_ids(name):
    first = admin_model(name)._default_manager.order_by("pk").first()
    return [str(first.pk)] if first else ["1"]


def admin_version_ids(name):
    """A version of the object admin_object_ids() gives, for the revert page."""
    model = admin_model(name)
    first = model._default_manager.order_by("pk").first()
    version = model.history.filter(pk=first.pk).first() if first else None
    return [str(version.history_id)] if version else ["1"]


def valid_values(world, route, name):
    params = [p[0] for p in route if isinstance(p, tuple)]
    admin_ids = {"object_id": admin_object_ids, "version_id": admin_version_ids}
    candidates = {
        p: admin_ids[p](name) if p in admin_ids else world["valid"].get(p, ["1"]) for p in params
    }
    return params, candidates


class Probe:
    def __init__(self, world):
        self.anonymous = Client()
        self.curator = Client()
        self.curator.force_login(world["curator"])
        self.editor = Client()
        self.editor.force_login(world["editor"])
        self.failures = []
        self.posted = set()  # (who, action, field names): each form once for each of them

    def send(self, client, method, url, data=None):
        try:
            response = getattr(client, method)(url, data)
        except Exception as error:  # what the visitor would see as a 500
            self.failures.append(f"{method.upper()} {url!r} {data!r}: {error!r}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url!r} {data!r}: {response.status_code}")
        return response

    def post_forms(self, client, page_url, response):
        if response is None or "html" not in response.get("Content-Type", ""):
            return
        parser = Forms()
        parser.feed(response.content.decode(errors="replace"))
        for action, fields in parser.forms:
            target = urlsplit(action).path or urlsplit(page_url).path
            key = (id(client), target, tuple(sorted(fields)))
            if key in self.posted or "logout" in target:
                continue
            self.posted.add(key)
            for value in IN_PATHS_AND_FORMS:
                data = {
                    field: old if field == "csrfmiddlewaretoken" else value
                    for field, old in fields.items()
                }
                self.send(client, "post", target, data)


def probe_pattern(world, route, name):
    probe = Probe(world)
    params, candidates = valid_values(world, route, name)
    chosen = {p: values[0] for p, values in candidates.items()}
    if route[0] == django_settings.ADMIN_URL:
        # Anonymous visitors are sent to the login page, whatever the rest of the URL.
        nul_everywhere = build(route, {**chosen, **dict.fromkeys(params, "\x00")})
        probe.send(probe.anonymous, "get", nul_everywhere)
        clients = [probe.curator, probe.editor]
    else:
        clients = [probe.anonymous, probe.curator]
    for client in clients:
        # Hostile values in each path parameter, the others valid.
        for param in params:
            for value in IN_PATHS_AND_FORMS:
                probe.send(client, "get", build(route, {**chosen, param: value}))
        # The first valid values the page answers; its forms; then hostile query parameters
        # (public pages read no per-visitor state, so those once, as anonymous).
        page = None
        for combination in zip(*candidates.values(), strict=False) if params else [()]:
            url = build(route, {**chosen, **dict(zip(params, combination, strict=False))})
            page = probe.send(client, "get", url)
            if page is not None and page.status_code < 400:
                break
        probe.post_forms(client, url, page)
        if client is clients[0]:
            for value in HOSTILE:
                query = urlencode(dict.fromkeys(QUERY_NAMES, value))
                probe.send(client, "get", f"{url}?{query}")
    return probe.failures


def shown(route):
    return "".join(p if isinstance(p, str) else f"<{p[0]}>" for p in route)


def section(route):
    """The first segment of a URL, two for the admin's (admin/electives/): a test each."""
    depth = 2 if route[0] == django_settings.ADMIN_URL else 1
    return "/".join(shown(route).split("/")[:depth]) + "/"


SECTIONS = {}
for route, name in dict.fromkeys(every_pattern()):
    SECTIONS.setdefault(section(route), []).append((route, name))


@pytest.mark.parametrize("patterns", SECTIONS.values(), ids=SECTIONS.keys())
def test_hostile_input_never_gives_a_server_error(world, patterns):
    failures = []
    for route, name in patterns:
        # Each pattern starts from the same data, whatever the last one's POSTs changed.
        with transaction.atomic():
            failures += probe_pattern(world, route, name)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures[:20])

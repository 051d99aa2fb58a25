"""Caching that is never stale: public pages keyed by the content version.

Every change to what the public pages show (electives and their specialties and languages,
organizations, travel advisories) replaces the token of the single ContentVersion row, in
the same transaction as the change (the signal handlers below). A cached page is stored
under that token, the normalised query string and today's date, so after an edit no
process on any server can find the old page again: the edit shows on the very next
request. The token lives in the database rather than in the cache, so this holds with a
per-process local-memory cache as well as with a shared Redis.

The same token gives the ETag, and the time of the change the Last-Modified, of every
public page: a browser revalidating an unchanged page gets a 304 without a body.

Writes that send no signals (QuerySet.update(), bulk_create()) must call content_changed().
"""

import contextlib
import contextvars
import datetime
import functools
import hashlib
import logging
import secrets
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from web.database import on_a_fresh_connection_if_stale

from . import version_watch
from .models import (
    ContentChange,
    ContentVersion,
    Elective,
    Language,
    Organization,
    Specialty,
    TravelAdvisory,
)

logger = logging.getLogger(__name__)

# Pages larger than this (a CSV of every elective) are rendered each time, not stored;
# pages larger than the second are kept in each process's "big_pages" cache, of few entries.
MAX_CACHED_BYTES = 1_000_000
MAX_LOCAL_BYTES = 256_000
TIMEOUT = 3600
PUBLIC_MODELS = (Elective, Organization, Specialty, Language, TravelAdvisory)
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
VERSION_SQL = (
    f'SELECT token, changed_at, sequence FROM "{ContentVersion._meta.db_table}" WHERE id = 1'
)


class Version(NamedTuple):
    token: str
    changed_at: datetime.datetime
    sequence: int  # the number of the latest change (ContentChange)


EVERYTHING, NOTHING = ContentChange.EVERYTHING, ContentChange.NOTHING
# ContentChange rows kept: an index further behind than this many changes is rebuilt.
KEEP_CHANGES = 2_000


def content_changed(sender=None, instance=None, *, electives=EVERYTHING, **kwargs):
    """Give the public content a new version (a signal receiver, or call it directly).

    `electives`: the ids of the only electives the change touched, when it is known; an
    elective's own save or deletion says so itself. Anything else (a sponsor, an advisory,
    a bulk write) may have touched any elective, and has the directory's index rebuilt. A
    sponsor's change touches its electives (their cards show its name).
    """
    if sender is Elective and instance is not None:
        electives = {instance.pk}
    elif sender is Organization and instance is not None:
        created = kwargs.get("created", False)
        electives = set() if created else set(instance.electives.values_list("pk", flat=True))
    touched = EVERYTHING if electives is EVERYTHING else set(electives)
    noted = _deferred.get()
    if noted is not _OUTSIDE:
        if noted is not EVERYTHING:
            _deferred.set(EVERYTHING if touched is EVERYTHING else noted | touched)
        return
    _record(touched)


def _record(touched):
    """A new version: token, time and number, with the ContentChange rows of its number."""
    values = {"token": secrets.token_hex(8), "changed_at": timezone.now()}
    with transaction.atomic():
        # A plain UPDATE of one row; the row only goes missing when a test flushes the tables.
        changed = ContentVersion.objects.filter(pk=1)
        if not changed.update(sequence=F("sequence") + 1, **values):
            ContentVersion.objects.update_or_create(pk=1, defaults={**values, "sequence": 1})
        # Read under the row's lock: no other change can take this number.
        sequence = changed.values_list("sequence", flat=True).get()
        ids = [EVERYTHING] if touched is EVERYTHING else sorted(touched) or [NOTHING]
        ContentChange.objects.bulk_create(
            ContentChange(sequence=sequence, token=values["token"], elective_id=pk) for pk in ids
        )
        # Every server's listener hears of it at the commit (electives.version_watch); this
        # process knows at once, so its own next request never reads the old version.
        version = (values["token"], values["changed_at"], sequence)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_notify(%s, %s)",
                    [version_watch.CHANNEL, version_watch.payload(*version)],
                )
        transaction.on_commit(lambda: version_watch.saw(version))
        if sequence % 100 == 0:
            ContentChange.objects.filter(sequence__lte=sequence - KEEP_CHANGES).delete()


# Inside one_version_change(): the ids noted so far, or EVERYTHING; _OUTSIDE outside it.
_OUTSIDE = object()
_deferred = contextvars.ContextVar("content_change_deferred", default=_OUTSIDE)


@contextlib.contextmanager
def one_version_change():
    """Within the block content_changed() only takes note; the version moves once, at the end.

    For bulk writes (an import of 100,000 rows) inside a transaction: updating the version
    row locks it until the commit, and every curator's edit waits for that lock. Moved once
    at the end of the block, the row stays locked only between the end and the commit.
    Nested blocks leave the change to the outermost one.
    """
    if _deferred.get() is not _OUTSIDE:
        yield
        return
    token = _deferred.set(set())
    try:
        yield
    except BaseException:
        noted = _deferred.get()
        _deferred.reset(token)
        # Inside a transaction the error rolls the changes back: nothing to announce (and
        # after a failed statement PostgreSQL would refuse the UPDATE anyway).
        if noted != set() and not connection.in_atomic_block:
            _record(noted)
        raise
    noted = _deferred.get()
    _deferred.reset(token)
    if noted != set():
        _record(noted)


def _read_version():
    # Through Django's cursor, not the driver's connection: as fast (bench/README.md).
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        return cursor.fetchone()


# The version public_page read for the request being served: what else the request reads
# (the directory's index) is of that same version, and costs no second query.
_this_request = contextvars.ContextVar("content_version", default=None)
# The cache key of the page being made (without its gzip variant): a download too big for
# the page cache is kept on disk under it (electives.csv.kept).
_this_page = contextvars.ContextVar("page_key", default=None)


def page_key():
    return _this_page.get()


def current_version():
    """The Version (token, changed_at, sequence): what this process's listener heard
    (electives.version_watch), or else one query by primary key, once per public request.

    Plain SQL: building it through the ORM costs four times as much CPU as running it.
    """
    known = _this_request.get()
    if known is not None:
        return known
    heard = version_watch.known()
    if heard is not None:
        return Version(*heard)
    row = on_a_fresh_connection_if_stale(_read_version)
    if row is None:
        return Version("none", EPOCH, 0)
    token, changed_at, sequence = row
    if timezone.is_naive(changed_at):  # SQLite keeps UTC without saying so
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return Version(token, changed_at, sequence)


def _relation_changed(action, instance, reverse, pk_set, **kwargs):
    """An elective's specialties or languages changed: from the elective (its own change),
    or from a specialty or language (the electives in pk_set; all of them on a clear)."""
    if action.startswith("post_"):
        if not reverse:
            content_changed(electives={instance.pk})
        else:
            content_changed(electives=EVERYTHING if pk_set is None else pk_set)


def connect_signals():
    """Called by ElectivesConfig.ready() after electives.signals, so that an elective's
    search index is updated before the version moves on, never after."""
    for model in PUBLIC_MODELS:
        name = model.__name__
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content-saved-{name}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-gone-{name}")
    for through in (Elective.specialties.through, Elective.languages.through):
        m2m_changed.connect(
            _relation_changed, sender=through, dispatch_uid=f"content-m2m-{through.__name__}"
        )


def _today():
    """Today's date in the site's time zone and the timestamp of its midnight."""
    global _midnight
    today = timezone.localdate()
    if _midnight[0] != today:
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        _midnight = (today, start.timestamp())
    return _midnight


_midnight = (None, 0.0)


def parameters_read_by(filterset, *, ignore=()):
    """{name: repeatable} for the parameters a FilterSet reads, as public_page(reads=) takes.

    A repeatable parameter is one whose widget reads every value (`country=KE&country=TZ`);
    the others read only the last one, as QueryDict.get() does.
    """
    return {
        name: getattr(field.field.widget, "allow_multiple_selected", False)
        for name, field in filterset.base_filters.items()
        if name not in ignore
    }


def normalised_query(request, reads):
    """What the page reads of its query string, as text: one page, one key.

    Only the parameters the view reads count (`?utm_source=...` is the page without it),
    with empty values dropped, as the filters drop them. A repeatable parameter counts as
    its set of values (`?country=TZ&country=KE` is `?country=KE&country=TZ`). A single-valued
    one keeps its values in order: the filters use the last (`?q=malaria&q=surgery` finds
    surgery, `?q=surgery&q=malaria` malaria) and the page's links keep them all.
    """
    pairs = []
    for name, given in sorted(request.GET.lists()):
        if name not in reads:
            continue
        values = [value for value in (value.strip() for value in given) if value]
        pairs += [(name, value) for value in (sorted(set(values)) if reads[name] else values)]
    return urlencode(pairs)


def _signed_in(request):
    # Without a session cookie nobody is signed in; that costs no query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def _cacheable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_CACHED_BYTES
        # A page that used a CSP nonce or a CSRF token belongs to one response only.
        and getattr(request, "_csp_nonce", None) is None
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _shared_tier():
    """The cache every process shares, if there is one (Redis), else None.

    Each process also keeps pages in its own memory first (`_local_tier`): safe across
    processes because every key holds the version read from the database for this very
    request; it saves the shared cache's round trip.
    """
    shared = caches["default"]
    return None if isinstance(shared, LocMemCache) else shared


def _local_tier(response):
    """This process's memory: up to 1,000 pages of MAX_LOCAL_BYTES, and a few larger ones
    (a search's CSV) up to MAX_CACHED_BYTES (settings.CACHES["big_pages"])."""
    return caches["pages" if len(response.content) <= MAX_LOCAL_BYTES else "big_pages"]


def _store(key, request, response):
    if not (settings.PUBLIC_PAGE_CACHE and _cacheable(request, response)):
        return response
    _local_tier(response).set(key, response, TIMEOUT)
    if (shared := _shared_tier()) is not None:
        try:
            shared.set(key, response, TIMEOUT)
        except Exception:  # a cache outage must not take pages down with it
            logger.warning("Cache unavailable: page not stored", exc_info=True)
    return response


def _fetch(key):
    if not settings.PUBLIC_PAGE_CACHE:
        return None
    for name in ("pages", "big_pages"):
        if (response := caches[name].get(key)) is not None:
            return response
    if (shared := _shared_tier()) is None:
        return None
    try:
        response = shared.get(key)
    except Exception:
        logger.warning("Cache unavailable: page rendered afresh", exc_info=True)
        return None
    if response is not None:
        _local_tier(response).set(key, response, TIMEOUT)
    return response


def accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


# Django's own compression, applied once to a page that is then kept compressed: browsers
# (which all accept gzip) then cost no compression per request. Safe to keep: a cached page
# holds no secret (no CSRF token, nobody's data), which is what BREACH would look for.
_gzip = GZipMiddleware(lambda request: None)


def _policy():
    """Pages mark electives over the institution's travel policy (electives.policy), which
    is set in the environment: a server started with another policy must not serve, from
    the shared cache, pages marked by the old one."""
    # So do the rule for countries with no advisory and the timeline's settings (the plan,
    # the packet, plan.ics and the guide's timeline page date steps by them).
    return ":".join(
        str(value)
        for value in (
            settings.ADVISORY_POLICY_MAX_LEVEL,
            ",".join(settings.ADVISORY_POLICY_COUNTRIES),
            settings.ADVISORY_POLICY_UNKNOWN,
            settings.GME_APPROVAL_LEAD_DAYS,
            settings.TRAVEL_RISK_COMMITTEE,
        )
    )


def _identity(request, reads, token, changed_at, *, gzip=False):
    """(ETag, Last-Modified as a timestamp, cache key) of a page of this content version:
    with gzip, of its compressed form (a weak ETag, as GZipMiddleware gives it)."""
    today, midnight = _today()
    # Pages answer "open now?" and "closes in N days" by today's date: a new day is a new
    # version too. HTTP dates have whole seconds; two edits within one second are told
    # apart by the ETag.
    last_modified = int(max(changed_at.timestamp(), midnight))
    query = normalised_query(request, reads)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(f"{token}|{today}|{_policy()}|{url}".encode()).hexdigest()[:32]
    if gzip:
        return f'W/"{digest}"', last_modified, f"page:{digest}:gzip"
    return f'"{digest}"', last_modified, f"page:{digest}"


def _validate(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)


def public_page(view, reads):
    """Cache a public view's page and answer conditional GETs for it.

    `reads` names every query parameter the view reads, {name: repeatable} (see
    parameters_read_by()); the key is built from those alone, so any other parameter
    serves the same page from the same entry. Required, so that no page can forget it: a
    view that reads a parameter missing here would serve one page for every value of it.

    Only for anonymous GET and HEAD requests: curators see drafts and must never get, or
    leave behind, a page made for someone else.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _signed_in(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response

        version = current_version()
        gzip = accepts_gzip(request)
        etag, last_modified, key = _identity(
            request, reads, version.token, version.changed_at, gzip=gzip
        )
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            _validate(not_modified, etag, last_modified)
            return not_modified

        response = _fetch(key)
        if response is None:
            reset = _this_request.set(version)
            reset_page = _this_page.set(key.removesuffix(":gzip").removeprefix("page:"))
            try:
                response = view(request, *args, **kwargs)
            finally:
                _this_request.reset(reset)
                _this_page.reset(reset_page)
            if response.status_code != 200:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(functools.partial(_store, key, request))
            else:
                if gzip and not response.streaming:
                    response = _gzip.process_response(request, response)
                _store(key, request, response)
        # The validators this decorator checks, even where a view (the feed) set its own.
        _validate(response, etag, last_modified)
        # Browsers keep the page but ask each time; an unchanged page costs them a 304.
        if "Cache-Control" in response:
            patch_cache_control(response, no_cache=True)
        else:
            response["Cache-Control"] = "no-cache"
        return response

    return wrapped


def listen_for_changes():
    """Called in each gunicorn worker after the fork: know the version without queries."""
    return version_watch.start(VERSION_SQL)

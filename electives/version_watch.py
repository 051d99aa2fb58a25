"""Each worker knows the content version without a query per request.

A change commits a new ContentVersion row and, in the same transaction, a PostgreSQL
notification on CHANNEL carrying the new version (electives.cache). Each app process keeps
one connection of its own that LISTENs (not Django's: it sits waiting in a thread of its
own), and holds the latest version in memory; a cached public page then costs no query at
all. Notifications reach every server milliseconds after the commit, so an edit shows on
every server within a second.

The promise holds only while the listener is healthy. Requests read the version from the
database, as before, when:
- the database is not PostgreSQL (SQLite in development and tests), or no listener was
  started (`start()` is called by gunicorn's post_fork; tests and runserver never call it);
- the listener has not had an answer from the server for STALE seconds (the server went
  away or froze, the connection dropped, or the thread is stuck). Waiting for
  notifications proves nothing: a frozen server or a silently dropped connection is just
  as quiet as an idle one. So every PROBE seconds the listener reads the version itself,
  and only that answer (or a notification) counts as a sign of life; the read also
  catches a notification missed for a reason nobody foresaw. A listener stuck for STUCK
  seconds has its socket shut so that it reconnects, and after reconnecting it reads the
  version again, since notifications sent while it was away are lost.

LISTEN needs a session of its own: behind PgBouncer in transaction mode it does not work.
Point the listener at PostgreSQL itself (or a PgBouncer pool in session mode) with
`CONTENT_VERSION_LISTEN_URL`; it needs one connection per app process.
"""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

CHANNEL = "content_version"
# How long the listener waits for notifications at a time; how old its last answer from
# the server may be; how often it reads the version itself (a round trip: its sign of
# life). One small query per PROBE per process.
TICK = 0.1
STALE = 1.0
PROBE = 0.4
# A listener silent this long is stuck in a read: its socket is shut so that it reconnects.
STUCK = 5.0


def payload(token, changed_at, sequence):
    return f"{sequence} {token} {changed_at.isoformat()}"


def parse(text):
    sequence, token, changed_at = text.split(" ", 2)
    return token, datetime.datetime.fromisoformat(changed_at), int(sequence)


class Watch:
    """The latest content version a process has heard of, and the thread that hears it."""

    def __init__(self, conninfo, read_sql):
        self.conninfo = conninfo
        self.read_sql = read_sql
        self.lock = threading.Lock()
        self.version = None  # (token, changed_at, sequence)
        self.alive_at = 0.0  # time.monotonic() of the last sign of a healthy connection
        self.fd = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="content-version-listener")
        self.thread.daemon = True

    def current(self):
        """The version, or None when it may be stale (then the caller asks the database)."""
        silent = time.monotonic() - self.alive_at
        if silent <= STALE:
            return self.version
        if silent > STUCK and self.fd is not None:
            from web.database import shut_down

            shut_down(self.fd)
        return None

    def saw(self, version):
        """Take a version heard of (a notification, a read, this process's own commit):
        the newest wins, whatever order they arrive in."""
        with self.lock:
            if self.version is None or version[2] >= self.version[2]:
                self.version = version

    def run(self):
        import psycopg

        pause = TICK
        while not self.stopping.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=3) as conn:
                    self.fd = conn.fileno()
                    conn.execute(f"LISTEN {CHANNEL}")
                    # Read after LISTEN: a change committed in between is heard, not lost.
                    self.reread(conn)
                    pause = TICK
                    self.listen(conn)
            except Exception as error:  # any failure: reconnect; requests query meanwhile
                self.alive_at = 0.0
                self.fd = None
                if not self.stopping.is_set():
                    logger.warning("Content version listener reconnecting: %s", error)
                    self.stopping.wait(pause)
                    pause = min(pause * 2, 5.0)

    def listen(self, conn):
        while not self.stopping.is_set():
            for notice in conn.notifies(timeout=TICK):
                self.saw(parse(notice.payload))
                self.alive_at = time.monotonic()
            if time.monotonic() - self.alive_at >= PROBE:
                self.reread(conn)

    def reread(self, conn):
        row = conn.execute(self.read_sql).fetchone()
        if row is not None:
            token, changed_at, sequence = row
            self.saw((token, changed_at, sequence))
        self.alive_at = time.monotonic()

    def stop(self):
        self.stopping.set()


_watch = None


def conninfo():
    url = settings.CONTENT_VERSION_LISTEN_URL
    if url:
        return url
    params = connections["default"].settings_dict
    parts = {
        "dbname": params["NAME"],
        "user": params.get("USER"),
        "password": params.get("PASSWORD"),
        "host": params.get("HOST"),
        "port": params.get("PORT"),
    }
    from psycopg.conninfo import make_conninfo

    return make_conninfo(**{key: value for key, value in parts.items() if value})


def start(read_sql):
    """Start this process's listener (PostgreSQL only); called after gunicorn forks."""
    global _watch
    if connections["default"].vendor != "postgresql" or _watch is not None:
        return _watch
    _watch = Watch(conninfo(), read_sql)
    _watch.thread.start()
    return _watch


def known():
    """The version this process heard of, if it can be trusted now; else None."""
    return None if _watch is None else _watch.current()


def saw(version):
    if _watch is not None:
        _watch.saw(version)

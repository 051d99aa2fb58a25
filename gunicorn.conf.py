"""gunicorn settings for Electives Abroad: `gunicorn -c gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (WEB_CONCURRENCY, GUNICORN_THREADS, PORT ...).
Start each test or benchmark server with --no-control-socket too: gunicorn 27's control
socket lives in ~/.gunicorn/, and a second instance would remove the first one's.
"""

import gc
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
# Loopback behind a reverse proxy on the same host; GUNICORN_BIND=0.0.0.0:8000 in a container.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{_int('PORT', 8000)}"

# Threads overlap database and Redis waits; processes use every core despite the GIL.
# One process per core plus one, four threads each.
# gthread, giving a new connection to a worker with a free thread first
# (web/gunicorn_worker.py).
worker_class = "web.gunicorn_worker.BalancedThreadWorker"
workers = _int("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 4)
# The listen queue in front of the workers when a newsletter sends everyone at once.
backlog = 2048
# A gthread worker keeps every keep-alive connection it accepted, and accepts whenever its
# event loop wakes first: with 32 keep-alive connections opened at once, one worker used to
# end up with most of them in about one run in four, and one core idled (bench/README.md,
# `bench/load.py --balance 10`). A worker with this many connections stops accepting, and
# the others take the rest. Keep a proxy's upstream keep-alive pool (deploy/nginx.conf)
# below workers x this, or its extra connections wait in the backlog for a free slot.
# gthread keeps at most worker_connections - threads connections alive: four per thread.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", threads * 5)

# A request that runs longer than this has gone wrong (the database's connect timeout is 3 s).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then so that a slow leak can never grow without bound; rarely,
# since a new worker starts with an empty page cache and uncompiled templates.
max_requests = 100_000
max_requests_jitter = 10_000
# Import Django once in the master: workers start (and restart) in milliseconds and share
# the imported code's memory. Nothing opens a database or Redis connection at import.
preload_app = True
# Worker heartbeats in memory rather than on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

control_socket_disable = True
# The approval packet's form (a GET: the resident's goals in the URL) needs a longer
# request line than gunicorn's default 4094 bytes; 8190 is gunicorn's ceiling.
limit_request_line = 8190

# One line per request on standard output, with the time it took (microseconds).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Answers made from what a resident typed (the approval packet) are logged without their
# query string (web.private).
logger_class = "web.access_log.AccessLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'


def pre_fork(server, worker):
    """What the master loaded before forking (Django, the URL conf, the code) lives as long
    as the worker: frozen, it is left out of each worker's cyclic garbage collections, whose
    full passes are then shorter, and its memory stays shared (Python's gc.freeze docs)."""
    gc.freeze()


def post_fork(server, worker):
    """Each worker's own listener for content changes (electives.version_watch): a cached
    page then costs no query. Started after the fork: a thread does not survive one."""
    from electives.cache import listen_for_changes

    listen_for_changes()


def when_ready(server):
    """Build the directory's index once in the master, before the first fork: every worker
    starts with it (shared, and frozen by pre_fork), and one restarted later catches up
    from it by the electives changed since (electives.index), instead of each building its
    own on its first request (about 1.6 s at 100,000 electives). Without a database the
    workers build it themselves, as before. No connection is left open across the fork."""
    from django.db import connections

    from electives.index import current_index
    from electives.warm import warm_up

    try:
        current_index()
        warm_up()
    except Exception:  # a database down at start must not stop the server
        server.log.warning("Directory index not built before the workers start", exc_info=True)
    finally:
        connections.close_all()

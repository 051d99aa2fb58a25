"""Keep-alive connections are shared among the workers (gunicorn.conf.py's worker_connections):
no worker takes more than its share while the others idle."""

import http.client
import logging
import os
from collections import deque
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.workers.gthread import ThreadWorker

from tests.servers import Server, production_env
from web import gunicorn_worker
from web.gunicorn_worker import BalancedThreadWorker

pytestmark = pytest.mark.slow


def established_inodes(port):
    """Socket inodes of the server side of established TCP connections to 127.0.0.1:port."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "01" and int(local.split(":")[1], 16) == port:
            found.add(inode)
    return found


def sockets_of(pid):
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def workers_of(master):
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit()
        and (entry / "stat").exists()
        and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master
    ]


def test_keep_alive_connections_are_shared_between_the_workers(tmp_path):
    threads = 2
    # As the shipped config reads it (the test server also passes --threads).
    env = {**production_env(f"sqlite:///{tmp_path}/db.sqlite3"), "GUNICORN_THREADS": str(threads)}
    # gunicorn.conf.py: worker_connections, of which gthread keeps all but one per thread
    # alive.
    per_worker = threads * 5 - threads
    with Server(env, workers=2, threads=threads) as server:
        connections = []
        try:
            for _ in range(2 * per_worker):
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                connection.request("GET", "/healthz/ping", headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                assert response.status == 200
                connections.append(connection)  # kept open: a keep-alive connection
            open_connections = established_inodes(server.port)
            held = {
                pid: len(sockets_of(pid) & open_connections)
                for pid in workers_of(server.process.pid)
            }
        finally:
            for connection in connections:
                connection.close()
    # Without the cap one worker used to take most of them (2 and 14 in one run).
    assert len(held) == 2 and max(held.values()) <= per_worker, held
    assert min(held.values()) >= per_worker // 2, held


def test_a_worker_whose_threads_are_all_busy_leaves_a_new_connection_to_the_others(
    monkeypatch,
):
    # web/gunicorn_worker.py: a busy worker waits a moment before accepting, so that a worker
    # with a free thread (which accepts at once) takes the connection.
    config = Config()
    config.set("threads", 2)
    worker = BalancedThreadWorker(0, os.getppid(), [], None, 30, config, logging.getLogger())
    events = []
    monkeypatch.setattr(gunicorn_worker.time, "sleep", lambda seconds: events.append(seconds))
    monkeypatch.setattr(ThreadWorker, "accept", lambda self, listener: events.append("accept"))

    def accepting(busy, kept_alive=0, waiting=0):
        worker.keepalived_conns = deque(range(kept_alive))
        worker.pending_conns = deque(range(waiting))
        worker.nr_conns = busy + kept_alive + waiting
        events.clear()
        worker.accept(listener=None)
        return events

    assert accepting(busy=0) == ["accept"]
    assert accepting(busy=1, kept_alive=6, waiting=1) == ["accept"]  # idle ones free a thread
    assert accepting(busy=2) == [gunicorn_worker.DEFER, "accept"]  # then takes it if still there
    assert accepting(busy=2, kept_alive=6) == [gunicorn_worker.DEFER, "accept"]

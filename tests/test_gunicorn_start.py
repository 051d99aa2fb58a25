"""gunicorn's master builds the directory's index before it forks the workers
(gunicorn.conf.py: when_ready), and starts all the same without a database."""

import runpy
from pathlib import Path

import pytest
from django.db import OperationalError, connections

from electives import index
from electives.cache import current_version
from tests.factories import PublishedElectiveFactory

ROOT = Path(__file__).resolve().parent.parent


def _gunicorn_hooks():
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


class _Server:
    def __init__(self):
        self.warnings = []
        self.log = self

    def warning(self, message, *args, **kwargs):
        self.warnings.append(message)


@pytest.mark.django_db(transaction=True)
def test_the_master_builds_the_index_before_the_workers_fork(monkeypatch):
    PublishedElectiveFactory(title="Built before the fork")
    monkeypatch.setattr(index, "_current", None)
    server = _Server()
    _gunicorn_hooks()["when_ready"](server)
    # None open across a fork (an in-memory SQLite test database is never closed).
    open_ones = [c for c in connections.all() if c.connection is not None]
    assert all(c.vendor == "sqlite" and c.is_in_memory_db() for c in open_ones)
    built = index._current
    assert built is not None and server.warnings == []
    assert built.version == current_version().token
    assert [row.title for row in built.rows] == ["Built before the fork"]


def test_a_master_without_a_database_starts_all_the_same(monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(index, "current_index", unreachable)
    server = _Server()
    _gunicorn_hooks()["when_ready"](server)
    assert server.warnings == ["Directory index not built before the workers start"]

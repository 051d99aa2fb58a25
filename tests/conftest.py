import io
import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import CommandError, call_command
from django.db import connection

from electives import index

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch):
    """Each test starts as a freshly started worker: no directory index of an earlier test's
    data (whose history each test's rollback takes back)."""
    monkeypatch.setattr(index, "_current", None)
    monkeypatch.setattr(index, "_previous", None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """A page cached by one test must not leak into the next."""
    for cache in caches.all():
        # The rate limit's database cache needs the database; each test's rollback
        # empties it instead.
        if not isinstance(cache, DatabaseCache):
            cache.clear()


@pytest.fixture(autouse=True)
def _kept_downloads(settings, tmp_path):
    """Each test's large downloads are kept in a folder of its own (electives.csv.kept)."""
    settings.KEPT_DOWNLOADS_DIR = str(tmp_path / "kept")


@pytest.fixture
def postgres(db):
    """Use in tests that need PostgreSQL: they skip without it, but never in CI."""
    if connection.vendor != "postgresql":
        message = "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
        if IN_CI:
            pytest.fail(f"CI must run against PostgreSQL ({message})")
        pytest.skip(message)


@pytest.fixture
def redis_url():
    """A Redis database for tests (REDIS_TEST_URL): they skip without it, but never in CI."""
    url = os.environ.get("REDIS_TEST_URL", "")
    problem = "" if url else "set REDIS_TEST_URL=redis://127.0.0.1:6379/15"
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            problem = f"Redis at {url} does not answer: {error}"
    if problem:
        if IN_CI:
            pytest.fail(f"CI must run against Redis ({problem})")
        pytest.skip(f"needs Redis: {problem}")
    return url


@pytest.fixture
def run_import(tmp_path):
    """Runs import_electives on a CSV text: (succeeded, stdout, stderr and the error)."""

    def run(text, *args):
        path = tmp_path / "electives.csv"
        path.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_electives", str(path), *args, stdout=out, stderr=err)
        except CommandError as error:
            return False, out.getvalue(), err.getvalue() + str(error)
        return True, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(autouse=True)
def _mail_courier_idle():
    """Mail a request handed to the background courier is dealt with before the next test
    (whose database it would otherwise write to)."""
    yield
    from mail.outbox import courier

    courier.wait_idle(30)

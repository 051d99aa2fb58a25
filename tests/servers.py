"""Real servers for the few slow tests: gunicorn subprocesses and a throwaway PostgreSQL.

The app runs as in production (DEBUG=0, collected static files, gunicorn.conf.py), on
loopback ports chosen at random, with --no-control-socket so instances never collide.
"""

import atexit
import contextlib
import functools
import glob
import hashlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tempdir(prefix):
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return Path(path)


def production_env(database_url, redis_url=""):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root()),
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@functools.cache
def static_root():
    """collectstatic as in production (hashed, compressed names), kept between test runs
    in the temporary directory until a static file changes: it takes seconds."""
    from django.contrib.staticfiles import finders

    fingerprint = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            fingerprint.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    path = Path(tempfile.gettempdir()) / f"electives-static-{fingerprint.hexdigest()[:16]}"
    if not (path / "staticfiles.json").exists():
        building = _tempdir("electives-static-")
        env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "collect", "STATIC_ROOT": str(building)}
        manage("collectstatic", "--noinput", "-v0", env=env)
        shutil.rmtree(path, ignore_errors=True)
        os.replace(building, path)
    return path


def manage(*args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read()
        self.text = self.body.decode("utf-8", "replace")


class Server:
    """One gunicorn instance; `with Server(env) as server: server.get("/")`."""

    def __init__(self, env, workers=2, threads=2):
        self.env = env
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.cookies = {}

    def __enter__(self):
        self.log_path = _tempdir("electives-gunicorn-") / "log"
        self.log = open(self.log_path, "w")  # closed in __exit__, after the server stops
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                if self.get("/healthz/ping").status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def output(self):
        return self.log_path.read_text()[-4000:]

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        # One public host name for every instance, as a load balancer in front would send.
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = Response(connection.getresponse())
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields):
        from urllib.parse import urlencode

        return self.request(
            "POST",
            path,
            body=urlencode(fields, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def log_in(self, username, password):
        """Sign in through the admin's login form, as a curator's browser does."""
        page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.post_form(
            "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        assert response.status == 302, response.text[:500]


def _pg_bin():
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin"):
        for path in sorted(glob.glob(pattern), reverse=True):
            if os.path.exists(os.path.join(path, "initdb")):
                return Path(path)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    """A throwaway PostgreSQL cluster on a spare loopback port, to stop and start at will."""

    def __init__(self):
        self.bin = _pg_bin()
        if self.bin is None:
            message = "needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql)"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
        self.port = free_port()
        self.dir = _tempdir("electives-pg-")
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args):
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and pg_ctl refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def __enter__(self):
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.start()
        return self

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def __exit__(self, *exc):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped

    def processes(self):
        """The postmaster and every process it started (backends, checkpointer ...)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = [
            int(stat.parent.name)
            for stat in Path("/proc").glob("[0-9]*/stat")
            if _parent_pid(stat) == postmaster
        ]
        return [postmaster, *children]

    @contextlib.contextmanager
    def frozen(self):
        """Every process of the cluster paused (SIGSTOP) inside the block, as a database
        whose host stalls: connections stay open, nothing answers."""
        stopped = self.processes()
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)


def _parent_pid(stat):
    try:
        # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None  # the process ended meanwhile

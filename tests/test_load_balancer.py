"""The shipped load balancer (deploy/haproxy.cfg) with two app servers on loopback: a server
stopped mid-load costs no failed request, an edit through one server shows through the
other and through the balancer within a second, static files and gzip pass through, and
oversized uploads are refused at the door."""

import http.client
import json
import os
import shutil
import subprocess
import threading
import time

import pytest

from tests.conftest import IN_CI
from tests.servers import ROOT, Server, free_port, manage, production_env
from tests.test_scale_out import edit_title_in_admin, shared_database  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.load_balancer]

PASSWORD = "load-balancer-test-passphrase"


def haproxy_binary():
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if os.path.exists("/usr/sbin/haproxy") else None
    )
    if found is None:
        message = "needs HAProxy: apt-get install -y haproxy"
        if IN_CI:
            pytest.fail(f"CI must run the load balancer test ({message})")
        pytest.skip(message)
    return found


class Balancer:
    def __init__(self, servers):
        self.port = free_port()
        self.env = {
            **os.environ,
            "LISTEN": f"127.0.0.1:{self.port}",
            "APP_SERVER_1": f"127.0.0.1:{servers[0].port}",
            "APP_SERVER_2": f"127.0.0.1:{servers[1].port}",
            "SITE_HOST": "127.0.0.1",
            "ELECTIVES_ROOT": str(ROOT),
        }

    def __enter__(self):
        self.process = subprocess.Popen(
            [haproxy_binary(), "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz/ping")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"HAProxy did not start:\n{self.process.stdout.read()}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)

    def get(self, path, **headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = connection.getresponse()
            return response.status, response.read(), response.headers
        finally:
            connection.close()


def load(balancer, paths, seconds, results):
    """One client: keep-alive requests round the paths for `seconds`; failures recorded."""
    deadline = time.monotonic() + seconds
    connection = None
    n = 0
    while time.monotonic() < deadline:
        path = paths[n % len(paths)]
        n += 1
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", balancer.port, timeout=10)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            results.append((path, response.status))
        except (OSError, http.client.HTTPException) as error:
            results.append((path, repr(error)))
            connection = None


def test_a_server_stopped_mid_load_costs_no_request(shared_database, redis_url):  # noqa: F811
    env = {**production_env(shared_database, redis_url=redis_url), "PROXY_COUNT": "1"}
    manage("migrate", "--noinput", env=env)
    setup = (
        "from django.contrib.auth.models import User\n"
        "from django.core.management import call_command\n"
        "call_command('seed_demo', electives=12)\n"
        f"User.objects.create_superuser('curator', 'curator@example.org', {PASSWORD!r})\n"
    )
    manage("shell", "-c", setup, env=env)
    with Server(env, workers=1) as a, Server(env, workers=1) as b, Balancer([a, b]) as lb:
        listing = a.get("/electives/").text
        slug = json.loads(a.get("/api/electives/").body)["results"][0]["slug"]
        paths = ["/", "/electives/", "/electives/?region=sub-saharan-africa", "/api/electives/",
                 f"/electives/{slug}/", "/healthz/ping"]  # fmt: skip

        # An edit through A shows through B and through the balancer within a second.
        a.log_in("curator", PASSWORD)
        edit_title_in_admin(a, slug, "Edited Behind The Balancer")
        edited = time.monotonic()
        while "Edited Behind The Balancer" not in b.get(f"/electives/{slug}/").text:
            assert time.monotonic() - edited < 1, "B did not show the edit within a second"
            time.sleep(0.01)
        for _ in range(4):  # either server may answer
            assert b"Edited Behind The Balancer" in lb.get(f"/electives/{slug}/")[1]

        # Static files and compression pass through.
        css = next(
            part.split('"')[0] for part in listing.split('href="') if part.startswith("/static/")
        )
        status, body, headers = lb.get(css, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
        # An upload larger than any CSV import is refused before it reaches an app server.
        connection = http.client.HTTPConnection("127.0.0.1", lb.port, timeout=10)
        connection.putrequest("POST", "/electives/suggest/", skip_host=True)
        connection.putheader("Host", "127.0.0.1")
        connection.putheader("Content-Length", str(50 * 1024 * 1024))
        connection.endheaders()
        assert connection.getresponse().status == 413
        connection.close()

        # A bounded load of four clients for four seconds; A stops after one second.
        results = []
        clients = [threading.Thread(target=load, args=(lb, paths, 4, results)) for _ in range(4)]
        for client in clients:
            client.start()
        time.sleep(1)
        a.__exit__(None, None, None)
        for client in clients:
            client.join(30)

        failed = [(path, outcome) for path, outcome in results if outcome != 200]
        assert len(results) > 100
        assert failed == [], failed
        # After the stop, B answers everything.
        assert lb.get("/electives/")[0] == 200

"""check_links against real HTTP servers on loopback (never the internet)."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from electives.models import LinkState
from tests.factories import (
    CuratorFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)
from tests.servers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    """The sponsors' sites here run on loopback, which production never requests."""
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    return settings


class Sponsor(BaseHTTPRequestHandler):
    """A sponsor's website with every case a link checker meets."""

    requests = []
    hosts = []
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()

    def answer(self, method):
        Sponsor.requests.append((method, self.path))
        Sponsor.hosts.append(self.headers["Host"])
        if self.path.startswith("/to?"):  # an open redirect: /to?<any address>
            return self.reply(302, location=self.path.removeprefix("/to?"))
        if self.path == "/slow":  # longer than any timeout the tests give
            time.sleep(2)
        if self.path.startswith("/busy?"):
            with Sponsor.lock:
                Sponsor.in_flight += 1
                Sponsor.most_in_flight = max(Sponsor.most_in_flight, Sponsor.in_flight)
            time.sleep(0.6)
            with Sponsor.lock:
                Sponsor.in_flight -= 1
        if self.path == "/old":
            return self.reply(301, location="/moved")
        if self.path == "/moved":
            return self.reply(302, location="/programs/elective")
        if self.path == "/no-head" and method == "HEAD":
            return self.reply(405)
        if self.path == "/head-unimplemented" and method == "HEAD":
            return self.reply(501)
        if self.path == "/missing":
            return self.reply(404)
        return self.reply(200)

    def reply(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        body = b"<p>ok</p>" if self.command == "GET" else b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    Sponsor.requests = []
    Sponsor.hosts = []
    Sponsor.in_flight = Sponsor.most_in_flight = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sponsor)
    server.daemon_threads = True
    # The checker hangs up on /slow when it times out: not an error worth printing.
    server.handle_error = lambda request, address: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def listing(url, **kwargs):
    return PublishedElectiveFactory(url=url, **kwargs)


def test_every_case_is_recorded_on_its_elective(site, capsys):
    ok = listing(f"{site}/programs/elective")
    missing = listing(f"{site}/missing")
    slow = listing(f"{site}/slow")
    redirected = listing(f"{site}/old")
    no_head = listing(f"{site}/no-head")
    unimplemented = listing(f"{site}/head-unimplemented")
    refused = listing(f"http://127.0.0.1:{free_port()}/nobody-listens")
    draft = DraftElectiveFactory(url=f"{site}/draft-only")

    call_command("check_links", "--timeout", "0.5", "--concurrency", "3")

    def found(elective):
        elective.refresh_from_db()
        return elective.link_state, elective.link_status, elective.link_error

    assert found(ok) == (LinkState.OK, 200, "")
    assert found(missing) == (LinkState.BROKEN, 404, "")
    assert found(slow) == (LinkState.BROKEN, None, "timed out")
    assert found(redirected) == (LinkState.OK, 200, "")
    assert redirected.link_final_url == f"{site}/programs/elective"
    assert found(no_head) == (LinkState.OK, 200, "")
    assert found(unimplemented) == (LinkState.OK, 200, "")
    assert found(refused)[:2] == (LinkState.BROKEN, None)
    assert refused.link_error.startswith("no answer")
    assert ok.link_checked_at is not None
    # Only published electives are checked.
    assert found(draft) == (LinkState.UNCHECKED, None, "")
    assert ("HEAD", "/draft-only") not in Sponsor.requests

    # HEAD first; GET only where HEAD was refused.
    assert ("GET", "/programs/elective") not in Sponsor.requests
    assert ("GET", "/missing") not in Sponsor.requests
    assert ("HEAD", "/no-head") in Sponsor.requests and ("GET", "/no-head") in Sponsor.requests
    assert ("GET", "/head-unimplemented") in Sponsor.requests

    out = capsys.readouterr().out
    assert "Checked 7 URL(s): 3 broken." in out
    assert f"broken: {site}/missing (404)" in out


def test_each_url_is_requested_once(site):
    for _ in range(3):
        listing(f"{site}/programs/elective")
    call_command("check_links", "--timeout", "2")
    assert Sponsor.requests == [("HEAD", "/programs/elective")]


def test_the_concurrency_limit_holds(site):
    for n in range(6):
        listing(f"{site}/busy?{n}")
    call_command("check_links", "--timeout", "5", "--concurrency", "2")
    assert Sponsor.most_in_flight == 2


def test_broken_links_are_flagged_in_the_admin(site, client):
    listing(f"{site}/missing", title="Gone away elective")
    listing(f"{site}/programs/elective", title="Healthy elective")
    call_command("check_links", "--timeout", "2")
    client.force_login(CuratorFactory())
    changelist = reverse("admin:electives_elective_changelist")
    page = client.get(changelist).text
    assert "broken" in page
    broken_only = client.get(changelist, {"link_state__exact": "broken"}).text
    assert "Gone away elective" in broken_only and "Healthy elective" not in broken_only


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--concurrency", "0"]])
def test_bad_options_are_refused(args):
    with pytest.raises(CommandError):
        call_command("check_links", *args)


# Internal addresses: never requested, at the first hop or any redirect.


def found(elective):
    elective.refresh_from_db()
    return elective.link_state, elective.link_status, elective.link_error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/programs/elective",
        "http://localhost:{port}/programs/elective",
        "http://[::1]:{port}/programs/elective",
        "http://[::ffff:127.0.0.1]:{port}/programs/elective",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/",
        "http://224.0.0.1/",
        "http://0.0.0.0:{port}/",
    ],
)
def test_internal_addresses_are_refused_without_a_request(site, settings, url):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    elective = listing(url.format(port=site.rsplit(":", 1)[1]))
    call_command("check_links", "--timeout", "2")
    state, status, error = found(elective)
    assert (state, status) == (LinkState.BROKEN, None)
    assert error.startswith("refused: the address is a")
    assert elective.link_final_url == ""
    assert Sponsor.requests == []


@pytest.mark.parametrize(
    "target, reason",
    [
        ("http://localhost:{port}/secret", "a name for this machine"),
        ("http://[::1]:{port}/secret", "a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://192.168.1.1/secret", "a private address"),
        ("http://2130706433/secret", "not a public domain name"),
        ("file:///etc/passwd", "not a web page"),
    ],
)
def test_a_redirect_to_an_internal_address_is_refused_and_not_shown(site, client, target, reason):
    target = target.format(port=site.rsplit(":", 1)[1])
    lakeside = OrganizationFactory()
    elective = listing(f"{site}/to?{target}", organization=lakeside)
    call_command("check_links", "--timeout", "2")
    state, status, error = found(elective)
    assert (state, status) == (LinkState.BROKEN, None)
    assert error.startswith("refused: it redirects to") and reason in error
    assert elective.link_final_url == ""
    assert [path for _, path in Sponsor.requests] == [f"/to?{target}"]

    # The sponsor's editors read the link report: it names no internal address.
    client.force_login(SponsorEditorFactory(organizations=[lakeside]))
    page = client.get(reverse("admin:electives_elective_change", args=[elective.pk])).text
    assert f"Broken: {error}" in page
    assert "redirected to" not in page


def test_a_name_that_resolves_to_an_internal_address_is_refused(site, monkeypatch):
    resolve = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host == "intranet.example.org":
            return resolve("10.1.2.3", *args, **kwargs)
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    elective = listing(f"{site}/to?http://intranet.example.org/")
    call_command("check_links", "--timeout", "2")
    assert found(elective) == (
        LinkState.BROKEN,
        None,
        "refused: it redirects to its name leads to a private address",
    )


def test_the_checked_address_is_the_one_requested(site, settings, monkeypatch):
    """A name is resolved once per hop and the request goes to that answer: a second,
    different answer (DNS rebinding) is never asked for, let alone used."""
    settings.OUTBOUND_ALLOWED_HOSTS = ["sponsor.example.org"]
    port = site.rsplit(":", 1)[1]
    resolve = socket.getaddrinfo
    lookups = []

    def lookup(host, *args, **kwargs):
        if host == "sponsor.example.org":
            lookups.append(host)
            if len(lookups) > 1:
                raise socket.gaierror("a second lookup would have answered 10.0.0.1")
            return resolve("127.0.0.1", *args, **kwargs)
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    elective = listing(f"http://sponsor.example.org:{port}/no-head")
    call_command("check_links", "--timeout", "2")
    assert found(elective) == (LinkState.OK, 200, "")
    assert elective.link_final_url == f"http://sponsor.example.org:{port}/no-head"
    assert lookups == ["sponsor.example.org"]
    # HEAD, refused, then GET: both to the one address, both naming the site.
    assert Sponsor.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]
    assert Sponsor.hosts == [f"sponsor.example.org:{port}"] * 2

"""Real-browser tests: Playwright driving Debian's Chromium against the live server.

Like PostgreSQL, a missing Chromium, Node modules (axe-core, vnu-jar) or Java skips
these tests with the reason outside CI, and fails them in CI.
"""

import functools
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.factories import UserFactory

from .pages import seed_directory

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Every browser test: the live server needs committed data; serialized_rollback puts
# back the rows the migrations seed (specialties, languages) for the tests after.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def unavailable(reason):
    """Skip outside CI; in CI the tools are part of the set-up, so fail."""
    if IN_CI:
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)


def require_tools(*, java=False):
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        unavailable(f"no {AXE.relative_to(ROOT)} (run `npm ci` in the project)")
    if java:
        if not VNU.exists():
            unavailable(f"no {VNU.relative_to(ROOT)} (run `npm ci` in the project)")
        if not shutil.which("java"):
            unavailable("no java on PATH (the Nu HTML Checker needs Java 11+)")


USES_A_BROWSER = {"playwright", "browser", "context", "page"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last, after pytest-django's own ordering.

    While Playwright runs, its event loop sits in the test thread, so no other test
    touching the database may run until it stops (see the `playwright` fixture).
    """
    items.sort(key=lambda item: bool(USES_A_BROWSER & set(getattr(item, "fixturenames", ()))))


@pytest.fixture(scope="session")
def playwright(playwright):
    # Sync Playwright keeps an event loop in the test thread, and Django's ORM refuses
    # to run beside one unless told this is not async code. Only for as long as the
    # browser runs: a process-wide setting would reach subprocesses (`check --deploy`
    # rightly rejects it there).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_tools()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def directory():
    seed_directory()


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception on the page (CSP violations show here)."""
    errors = []

    def on_console(message):
        # A page meant to answer 400, 404 or 410 logs its own status: not a fault.
        if message.type == "error" and message.location.get("url") != page.url:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@functools.cache
def AXE_SOURCE():  # upper case: a constant, read once
    return AXE.read_text()


def run_axe(page):
    """axe-core's violations for WCAG 2.0-2.2 A/AA and best practice, as readable lines."""
    # Not add_script_tag: the site's CSP rightly blocks an inline <script>. A DevTools
    # evaluation is outside the page's CSP, which stays on to catch our own faults.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + json.dumps([node["target"] for node in v["nodes"][:5]])
        for v in result["violations"]
    ]


def has_horizontal_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def widest_elements(page):
    """The elements sticking out past the right edge: what to fix when a page scrolls."""
    return page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > limit + 0.5)
            .slice(-5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
              + (typeof el.className === 'string' && el.className
                ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
              + ' right=' + Math.round(el.getBoundingClientRect().right));
        }"""
    )


@pytest.fixture
def signed_in(page, live_server):
    """A page signed in to the admin as a curator."""
    # A superuser: transactional tests after a flush may lack the migrations' groups.
    UserFactory(username="ana", is_staff=True, is_superuser=True)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page

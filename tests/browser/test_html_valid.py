"""Every public page is valid HTML according to the Nu HTML Checker (vnu-jar).

The pages come from Django's test client; one JVM checks them all (Java takes
seconds to start, the check itself milliseconds a page)."""

import json
import subprocess

import pytest
from django.test import Client

from .conftest import VNU, require_tools
from .pages import PAGES, seed_directory


@pytest.fixture
def rendered_pages(db, tmp_path):
    """{page name: (saved file, status)}; a page that fails fails only its own subtest."""
    seed_directory()
    client = Client(raise_request_exception=False)
    pages = {}
    for name, (path, _) in PAGES.items():
        response = client.get(path)
        pages[name] = (tmp_path / f"{name}.html", response.status_code)
        pages[name][0].write_bytes(response.content)
    return pages


def check_html(files):
    """{file name: [vnu error messages]} for the given files, in one run."""
    files = list(files)
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(completed.stderr or completed.stdout)["messages"]
    errors = {str(path): [] for path in files}
    for message in messages:
        where = message.get("url", "").removeprefix("file:")
        line = message.get("lastLine", "?")
        errors.setdefault(where, []).append(f"line {line}: {message['message']}")
    return errors


def test_every_page_is_valid_html(rendered_pages, subtests):
    require_tools(java=True)
    errors = check_html(path for path, _ in rendered_pages.values())
    for name, (path, status) in rendered_pages.items():
        url, expected = PAGES[name]
        with subtests.test(msg=name):
            assert status == expected, f"{url} answered {status}"
            assert errors[str(path)] == [], f"{url} is not valid HTML"

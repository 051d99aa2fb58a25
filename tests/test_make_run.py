"""`make run` is quiet (issue 28): each step says nothing unless asked (`V=1`), and the
address and the curator's login come last, before the server's own lines."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def recipe(*args):
    """The commands `make run` would run (make -n), one a line."""
    result = subprocess.run(
        ["make", "-n", "-s", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = result.stdout.replace("\\\n", " ").splitlines()
    return [line for line in lines if "manage.py" in line]


def test_every_step_is_quiet_by_default_and_speaks_with_v():
    quiet, loud = recipe(), recipe("V=1")
    steps = [
        "migrate",
        "seed_demo_debriefs",
        "seed_demo",
        "import_travel_advisories",
        "demo_curator",
        "runserver",
    ]
    order = ["migrate", "seed_demo", "seed_demo_debriefs", *steps[3:]]
    assert [next(s for s in steps if s in line) for line in quiet] == order
    for line in quiet[:4]:
        assert "-v 0" in line, line
    for line in loud[:4]:
        assert "-v 1" in line, line
    assert "--skip-checks" in quiet[-1] and "DJANGO_RUNSERVER_HIDE_WARNING=true" in quiet[-1]
    assert "--skip-checks" not in loud[-1]


@pytest.mark.django_db
def test_the_steps_print_nothing_but_the_address_and_login(settings):
    settings.DEBUG = True
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", "--if-empty", electives=12, verbosity=0, stdout=out, stderr=err)
    call_command("seed_demo_debriefs", "--if-empty", verbosity=0, stdout=out, stderr=err)
    call_command(
        "import_travel_advisories",
        "--demo-dates",
        str(ROOT / "tests/data/travel_advisories.xml"),
        verbosity=0,
        stdout=out,
        stderr=err,
    )
    assert out.getvalue() == err.getvalue() == ""
    call_command("demo_curator", stdout=out)
    assert re.search(r"http://127\.0\.0\.1:8000/", out.getvalue())
    assert re.search(r"username: curator\n\s+password: \S+", out.getvalue())

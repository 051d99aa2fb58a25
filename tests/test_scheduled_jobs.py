"""The shipped schedule runs exactly the declared jobs; each run is recorded; the
dashboard shows a job that failed or has not run on time."""

import configparser
import datetime
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.urls import reverse
from django.utils import timezone

from curation.jobs import SCHEDULE
from tests.factories import CuratorFactory
from web.jobs import JobCommand
from web.models import JobRun

pytestmark = pytest.mark.django_db

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SEVEN = {
    "send_alerts",
    "send_queued_mail",
    "send_review_digest",
    "check_links",
    "request_reverification",
    "expire_stale",
    "import_travel_advisories",
}


def test_the_declaration_names_the_seven_jobs():
    assert {job.name for job in SCHEDULE} == SEVEN


def test_the_crontab_runs_exactly_the_declared_jobs():
    lines = [
        line
        for line in (DEPLOY / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    shipped = set()
    for line in lines:
        fields = line.split(None, 5)
        command = re.search(r"manage\.py (.+)$", fields[5]).group(1)
        shipped.add((" ".join(fields[:5]), command))
    assert shipped == {(job.cron, job.command) for job in SCHEDULE}
    assert len(lines) == len(SCHEDULE)


def unit(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_the_systemd_timers_run_exactly_the_declared_jobs():
    systemd = DEPLOY / "systemd"
    expected = {f"electives-{job.unit}.{kind}" for job in SCHEDULE for kind in ("service", "timer")}
    assert {path.name for path in systemd.iterdir()} == expected
    for job in SCHEDULE:
        timer = unit(systemd / f"electives-{job.unit}.timer")
        assert timer["Timer"]["OnCalendar"] == job.on_calendar
        assert timer["Timer"]["Unit"] == f"electives-{job.unit}.service"
        service = unit(systemd / f"electives-{job.unit}.service")
        assert service["Service"]["ExecStart"].endswith(f"manage.py {job.command}")


def test_a_run_is_recorded_with_its_result_and_duration():
    call_command("expire_stale")
    [run] = JobRun.objects.all()
    assert (run.job, run.result, run.error) == ("expire_stale", JobRun.Result.SUCCESS, "")
    assert run.duration is not None and run.duration >= datetime.timedelta(0)


def test_a_failure_is_recorded_with_its_error(tmp_path):
    missing = tmp_path / "no-such-feed.xml"
    with pytest.raises(CommandError):
        call_command("import_travel_advisories", str(missing))
    [run] = JobRun.objects.all()
    assert run.job == "import_travel_advisories" and run.result == JobRun.Result.FAILURE
    assert "CommandError" in run.error


def jobs_box(client):
    page = client.get(reverse("admin:index")).text
    return page.split('id="scheduled-jobs"')[1].split("</div>")[0]


def ran(job, *, ago, result=JobRun.Result.SUCCESS, error=""):
    started = timezone.now() - ago
    JobRun.objects.create(
        job=job, started_at=started, finished_at=started, result=result, error=error
    )


def test_the_dashboard_shows_a_job_late_never_run_or_failed(client):
    client.force_login(CuratorFactory())
    for name in SEVEN:
        ran(name, ago=datetime.timedelta(minutes=1))
    assert "Every scheduled job ran on time" in jobs_box(client)

    ran("send_queued_mail", ago=datetime.timedelta(minutes=1))
    JobRun.objects.filter(job="send_queued_mail").update(
        started_at=timezone.now() - datetime.timedelta(hours=3)
    )
    ran("check_links", ago=datetime.timedelta(seconds=5), result="failure", error="Boom: no DNS")
    JobRun.objects.filter(job="expire_stale").delete()
    box = jobs_box(client)
    assert "<code>send_queued_mail</code> has not run since" in box
    assert "<code>check_links</code> failed" in box and "Boom: no DNS" in box
    assert "<code>expire_stale</code> has never run" in box
    assert "send_review_digest" not in box
    assert "Every scheduled job ran on time" not in box


def test_a_weekly_job_is_not_late_after_three_days(client):
    client.force_login(CuratorFactory())
    for name in SEVEN:
        ran(name, ago=datetime.timedelta(minutes=1))
    JobRun.objects.filter(job="check_links").update(
        started_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert "check_links" not in jobs_box(client)
    JobRun.objects.filter(job="check_links").update(
        started_at=timezone.now() - datetime.timedelta(days=11)
    )
    assert "<code>check_links</code> has not run since" in jobs_box(client)


def test_every_scheduled_command_records_its_runs():
    for name in SEVEN:
        command = load_command_class(get_commands()[name], name)
        assert isinstance(command, JobCommand), name

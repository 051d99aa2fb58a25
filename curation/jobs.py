"""The scheduled jobs, declared once: the shipped schedule (deploy/crontab and
deploy/systemd/, checked against this by tests/test_schedule.py) and the dashboard's
"late or failed" both read it."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from web.models import JobRun

MINUTE, DAY = datetime.timedelta(minutes=1), datetime.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    unit: str  # deploy/systemd/electives-<unit>.service and .timer
    command: str  # manage.py's arguments
    cron: str  # the crontab's five fields
    on_calendar: str  # the timer's OnCalendar=
    every: datetime.timedelta  # how often it runs

    @property
    def name(self):
        return self.command.split()[0]


SCHEDULE = [
    Job("send-queued-mail", "send_queued_mail", "* * * * *", "*-*-* *:*:00", MINUTE),
    Job("send-alerts-daily", "send_alerts --frequency daily", "0 7 * * *", "*-*-* 07:00", DAY),
    Job(
        "send-alerts-weekly",
        "send_alerts --frequency weekly",
        "15 7 * * 1",
        "Mon *-*-* 07:15",
        7 * DAY,
    ),
    Job("send-review-digest", "send_review_digest", "30 7 * * *", "*-*-* 07:30", DAY),
    Job(
        "check-links",
        "check_links --timeout 10 --concurrency 8",
        "0 3 * * 0",
        "Sun *-*-* 03:00",
        7 * DAY,
    ),
    Job(
        "request-reverification",
        "request_reverification --older-than-months 12",
        "0 8 1 * *",
        "*-*-01 08:00",
        31 * DAY,
    ),
    Job("expire-stale", "expire_stale --months 24", "0 4 * * *", "*-*-* 04:00", DAY),
    Job(
        "import-travel-advisories",
        "import_travel_advisories https://travel.state.gov/_res/rss/TAsTWs.xml",
        "0 5 * * *",
        "*-*-* 05:00",
        DAY,
    ),
]


def expected_every():
    """{command: the shortest interval it is scheduled at} (send_alerts runs twice)."""
    every = {}
    for job in SCHEDULE:
        every[job.name] = min(every.get(job.name, job.every), job.every)
    return every


def grace(every):
    # Cron starts on time, but a run takes a while and a server may be restarting.
    return every + max(every / 2, 10 * MINUTE)


def attention(now=None):
    """(command, why) for each job that failed last time or has not run on time; one
    indexed query per job (seven)."""
    now = now or timezone.now()
    problems = []
    for name, interval in expected_every().items():
        run = JobRun.objects.filter(job=name).order_by("-started_at").first()
        if run is None:
            problems.append((name, "has never run"))
        elif run.result == JobRun.Result.FAILURE:
            problems.append((name, f"failed {run.started_at:%Y-%m-%d %H:%M}: {run.error}"))
        elif now - run.started_at > grace(interval):
            problems.append((name, f"has not run since {run.started_at:%Y-%m-%d %H:%M}"))
    return problems

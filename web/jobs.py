"""Scheduled commands record each run (web.models.JobRun): when, how long, and whether it
failed and why, so a curator sees a job that stopped without reading the server's logs."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from .models import JobRun

KEEP_RUNS_FOR = datetime.timedelta(days=30)


class JobCommand(BaseCommand):
    """A BaseCommand whose every run leaves a JobRun; the command's own errors still
    reach the caller (cron's mail, systemd's journal) unchanged."""

    def job_name(self):
        return self.__module__.rsplit(".", 1)[-1]

    def execute(self, *args, **options):
        run = JobRun.objects.create(job=self.job_name(), started_at=timezone.now())
        try:
            output = super().execute(*args, **options)
        except BaseException as error:
            run.result = JobRun.Result.FAILURE
            run.error = f"{type(error).__name__}: {error}"[:4000]
            raise
        else:
            run.result = JobRun.Result.SUCCESS
            return output
        finally:
            run.finished_at = timezone.now()
            run.save(update_fields=["result", "error", "finished_at"])
            # A minutely job leaves 1,440 runs a day: keep a month's.
            JobRun.objects.filter(
                job=run.job, started_at__lt=run.started_at - KEEP_RUNS_FOR
            ).delete()

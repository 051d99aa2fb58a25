from django.db import models


class JobRun(models.Model):
    """One run of a scheduled command (web.jobs.JobCommand writes it): the dashboard
    shows a job that failed or has not run on time."""

    class Result(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCESS = "success", "Succeeded"
        FAILURE = "failure", "Failed"

    job = models.CharField(max_length=100, help_text="The management command's name.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.RUNNING)
    error = models.TextField(blank=True, help_text="Why it failed.")

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # The dashboard's "last run of each job".
            models.Index(fields=["job", "-started_at"], name="jobrun_latest_idx"),
        ]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} ({self.get_result_display()})"

    @property
    def duration(self):
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at

"""The content version and its change log, which electives.cache reads and writes."""

from django.db import models


class ContentVersion(models.Model):
    """One row that changes with every edit to what the public pages show (electives.cache).

    It lives in the database, not in a cache, so that every process and every app server
    sees an edit on its very next request, and it changes in the same transaction as the edit.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    # Counts the changes: each one's ContentChange rows carry its number. The row is locked
    # from a change's UPDATE to its commit, so the numbers follow the order of the commits.
    sequence = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class ContentChange(models.Model):
    """What one content change touched: an elective, or (elective_id null) anything.

    The directory's index (electives.index) reads the changes since the version it holds and
    updates only those electives; a change to anything else (a sponsor, an advisory, a bulk
    write) has it rebuilt. Old rows are deleted as new ones come (electives.cache).
    """

    EVERYTHING = None  # elective_id of a change that may have touched any elective
    NOTHING = 0  # elective_id of a change no listing shows (a sponsor with nothing listed)

    sequence = models.BigIntegerField(db_index=True)
    token = models.CharField(max_length=32)  # the version it made (ContentVersion.token)
    # Not a foreign key: the row outlives a deleted elective, whose removal it records.
    elective_id = models.IntegerField(null=True)

    def __str__(self):
        return f"{self.sequence}: {self.elective_id or 'everything'}"

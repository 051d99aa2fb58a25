"""One content-version read serves the requests of a process that arrived before it began
(electives.cache.SharedRead): fewer round trips, never an answer older than the request."""

import threading
import time

import pytest
from django.db import OperationalError

from electives.cache import SharedRead


class SlowVersions:
    """A stand-in for the database: each read answers the version current when it began,
    after `seconds`; `fail` makes the next read fail."""

    def __init__(self, seconds=0.05):
        self.seconds = seconds
        self.version = 1
        self.reads = 0
        self.fail = False
        self.reading = threading.Event()

    def __call__(self):
        self.reads += 1
        version, fail = self.version, self.fail
        self.reading.set()
        time.sleep(self.seconds)
        self.reading.clear()
        if fail:
            self.fail = False
            raise OperationalError("the database did not answer")
        return version


def in_threads(call, n):
    results = [None] * n

    def run(i):
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return results


def test_alone_a_request_reads_for_itself():
    versions = SlowVersions(seconds=0)
    shared = SharedRead(versions)
    assert shared() == (1, True)
    versions.version = 2
    assert shared() == (2, True)  # an earlier answer is never reused
    assert versions.reads == 2


def test_requests_arriving_together_share_reads():
    versions = SlowVersions()
    shared = SharedRead(versions)
    results = in_threads(shared, 12)
    assert all(version == 1 for version, _ in results)
    assert sum(own for _, own in results) == versions.reads
    assert versions.reads <= 3  # one in flight as they arrive, then one for the rest


def test_a_read_that_began_before_a_request_never_answers_it():
    versions = SlowVersions()
    shared = SharedRead(versions)
    first = threading.Thread(target=shared)
    first.start()
    assert versions.reading.wait(5)
    versions.version = 2  # an edit commits while the first read is in flight
    assert shared() == (2, True)  # this request waited, then read again itself
    first.join()


def test_a_failed_read_fails_the_requests_waiting_for_it_then_the_next_reads_afresh():
    versions = SlowVersions(seconds=0.2)
    versions.fail = True
    shared = SharedRead(versions)
    first = threading.Thread(target=lambda: pytest.raises(OperationalError, shared))
    first.start()
    assert versions.reading.wait(5)
    started = time.monotonic()
    results = in_threads(shared, 3)
    first.join()
    # They waited for the failing read and no longer: one timeout, not one each.
    assert all(isinstance(result, OperationalError) for result in results)
    assert time.monotonic() - started < 0.4
    assert versions.reads == 1
    assert shared() == (1, True)

"""Run the same work in several threads at once, each on its own database connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

TIMEOUT = 30  # seconds: a deadlock fails the test instead of hanging it


def in_own_connection(work):
    def run(*args):
        try:
            return work(*args)
        finally:
            connections.close_all()

    return run


def at_once(work, *args_per_thread):
    """Each thread's result, in order; the first exception is raised here."""
    with ThreadPoolExecutor(max_workers=len(args_per_thread)) as pool:
        futures = [pool.submit(in_own_connection(work), *args) for args in args_per_thread]
        return [future.result(timeout=TIMEOUT) for future in futures]


class Meeting:
    """Holds each of `parties` threads at wait() until all have arrived, so that what they do
    next overlaps. A thread that arrives alone (the others finished without coming) goes on
    after `timeout` seconds."""

    def __init__(self, parties, timeout=5):
        self.barrier = threading.Barrier(parties)
        self.timeout = timeout

    def wait(self):
        try:
            self.barrier.wait(self.timeout)
        except threading.BrokenBarrierError:
            pass

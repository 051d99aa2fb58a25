"""gunicorn's gthread worker, giving a new connection to a worker with a free thread first.

A gthread worker keeps every keep-alive connection it accepted, and every worker's event loop
wakes when a connection arrives: whichever wakes first takes it, however busy it is. When a
wave of visitors (or wrk) opens its connections at once, one worker could take most of them
and the machine ran on one core (`bench/cold.py`'s "busy" column: 1 of 2 workers in the first
seconds after a start). Here a worker whose threads are all busy waits DEFER seconds before
it accepts, so that a worker with a free thread (which accepts at once) takes the connection;
if none does, the busy worker takes it after that short wait: no connection is left waiting
longer. `worker_connections` (gunicorn.conf.py) still caps the connections a worker holds.
"""

import time

from gunicorn.workers.gthread import ThreadWorker

DEFER = 0.002


class BalancedThreadWorker(ThreadWorker):
    def busy(self):
        """Every thread has a connection to serve (kept-alive connections between requests
        and connections still waiting for their first bytes leave their thread free)."""
        idle = len(self.keepalived_conns) + len(self.pending_conns)
        return self.nr_conns - idle >= self.cfg.threads

    def accept(self, listener):
        if self.busy():
            time.sleep(DEFER)  # a worker with a free thread takes it meanwhile, if any
        super().accept(listener)  # nothing left to accept is not an error (EAGAIN)

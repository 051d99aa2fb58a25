"""A production-like copy of the site for the bench scripts: DEBUG off, gunicorn,
compressed static files, a throwaway SQLite database with the demo data.

    with demo_site() as url:
        ...  # url is http://127.0.0.1:PORT

Set BENCH_URL to measure a server you started yourself instead.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextlib.contextmanager
def demo_site(electives=300):
    if os.environ.get("BENCH_URL"):
        yield os.environ["BENCH_URL"].rstrip("/")
        return
    with tempfile.TemporaryDirectory(prefix="electives-bench-") as tmp:
        port = _free_port()
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "WEB_CONCURRENCY": "2",
        }
        env.pop("CACHE_URL", None)
        env.pop("REDIS_URL", None)

        def manage(*args):
            subprocess.run(
                [str(PYTHON), "manage.py", *args],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )

        manage("migrate", "--noinput")
        manage("collectstatic", "--noinput")
        manage("seed_demo", "--electives", str(electives))
        process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    # Serve the demo copy until Ctrl-C or SIGTERM (bench/lighthouse.sh sends that); both
    # unwind through demo_site(), which stops gunicorn and removes the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with demo_site() as url:
        print(url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)

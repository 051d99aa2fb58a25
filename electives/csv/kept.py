"""Downloads too big for the page cache, kept on disk, compressed, per content version.

The first download of a large CSV streams from the database and, as it goes, writes a
gzipped copy under the page's cache key (which holds the content version, the day and the
query: electives.cache). Every later download of the same page, by any worker of this
server, is that file: no query, no export slot, and sent by the server's sendfile. A
download that starts while another builds the copy waits for it a moment rather than
building a second one. A copy is only kept once complete; an abandoned download leaves
nothing behind.

bench/README.md has the figures (`bench/export_burst.py`, 8 concurrent downloads at
100,000 electives).
"""

import gzip
import os
import tempfile
import time
import zlib
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse

# Copies older than this are of a version long gone (the page cache keeps pages as long).
KEEP_SECONDS = 3600
# How long a download waits for a copy another download is building, and how old a
# half-built copy may be before it counts as abandoned (its writer died).
WAIT_SECONDS = 10.0
ABANDONED_SECONDS = 120.0
POLL_SECONDS = 0.05


def directory():
    path = Path(settings.KEPT_DOWNLOADS_DIR or Path(tempfile.gettempdir()) / "electives-kept")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(key):
    return directory() / f"{key}.csv.gz"


def kept(key, *, wait=True):
    """The complete copy for key, if there is one (waiting a moment for one being built)."""
    path = _path(key)
    if path.exists():
        return path
    building = path.with_suffix(".partial")
    deadline = time.monotonic() + (WAIT_SECONDS if wait else 0)
    while _fresh(building) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if path.exists():
            return path
    return None


def _fresh(path):
    try:
        return time.time() - path.stat().st_mtime < ABANDONED_SECONDS
    except FileNotFoundError:
        return False


def response(path, filename, *, gzipped):
    """The kept copy as an attachment: as it is for a client that takes gzip, else
    decompressed as it goes."""
    if gzipped:
        # FileResponse closes the file when the download ends.
        reply = FileResponse(open(path, "rb"), content_type="text/csv; charset=utf-8")
        reply["Content-Encoding"] = "gzip"
    else:
        reply = StreamingHttpResponse(_inflated(path), content_type="text/csv; charset=utf-8")
    reply["Vary"] = "Accept-Encoding"
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


def _inflated(path, size=64 * 1024):
    with gzip.open(path, "rb") as source:
        while chunk := source.read(size):
            yield chunk


class Copy:
    """Writes the copy of a download as it streams; keep() when the last byte is written,
    discard() when the download ends early."""

    def __init__(self, key):
        self.path = _path(key)
        self.partial = self.path.with_suffix(".partial")
        try:
            descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if _fresh(self.partial):
                raise
            self.partial.unlink(missing_ok=True)  # abandoned by a writer that died
            descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.raw = os.fdopen(descriptor, "wb")
        # Level 6: about a tenth of the CSV's size, at a small part of building it.
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    @classmethod
    def start(cls, key):
        """A Copy, or None when another download is writing one for the same key."""
        try:
            return cls(key)
        except (FileExistsError, OSError):
            return None

    def write(self, data):
        self.raw.write(self.compressor.compress(data))

    def keep(self):
        self.raw.write(self.compressor.flush())
        self.raw.close()
        os.replace(self.partial, self.path)
        _forget_old(self.path.parent)

    def discard(self):
        self.raw.close()
        self.partial.unlink(missing_ok=True)


def _forget_old(folder):
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.csv.gz"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass

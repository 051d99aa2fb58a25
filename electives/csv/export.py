"""Writing the CSV: pieces of text, the template, and downloads that stream (a limited
number at once per process)."""

import csv
import io
import itertools
import threading

from django.http import HttpResponse, StreamingHttpResponse

# CHUNK_SIZE is read from its module at each use: tests make it small.
from . import kept
from . import record as csv_record
from .record import COLUMNS, ElectiveRecord, records


def csv_chunks(electives):
    """The CSV as pieces of text: the header and the rows, CHUNK_SIZE rows a piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n, record in enumerate(records(electives), 1):
        writer.writerow(record.csv_cells())
        if n % csv_record.CHUNK_SIZE == 0:
            yield _drain(buffer)
    if last := _drain(buffer):
        yield last


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_csv(electives, out):
    for chunk in csv_chunks(electives):
        out.write(chunk)


# The admin's template: the header and one row a curator can copy (tests import it as is).
EXAMPLE = ElectiveRecord(
    slug="",
    title="Rural Family Medicine in Gulu",
    category="clinical",
    organization="Example Health Partners",
    country="UG",
    city="Gulu",
    specialties=("family-medicine", "pediatrics"),
    pgy_min=2,
    pgy_max=None,
    weeks_min=4,
    weeks_max=8,
    cost_usd=500,
    housing=True,
    languages=(),
    deadline=None,
    url="https://example.org/electives/gulu",
    contact_email="electives@example.org",
    summary="Ward rounds and outreach clinics with a district hospital team.",
    description="## What you will do\n\nSee patients with the host team.",
    status="draft",
    last_verified=None,
    scope="hands-on",
    supervision="A family physician on site every day.",
    malpractice="The host hospital's policy covers visiting residents.",
    fee_includes="Housing and two meals a day.",
    requirements="Hepatitis B immunity; a letter from your program director.",
    emergency_support="yes",
    partner_since=2015,
    credit_granted=None,
    letter_of_agreement="yes",
    supervisor="Dr. A. Okello, MMed (Family Medicine), head of the family medicine department.",
    evaluation_returned="yes",
    site_address="Gulu Regional Referral Hospital, Gulu, Uganda",
    site_contact_name="Grace Akello",
    site_contact_title="Electives coordinator",
    site_contact_email="electives@example.org",
    lead_time_weeks=12,
    malpractice_cost="",
    supervisor_credentials="MMed (Family Medicine); registered with the national medical council.",
    supervision_frequency="Daily, on ward rounds and in clinic",
    evaluation_details="The program's end-of-rotation form, within two weeks of the last day.",
    accreditation="national",
    accrediting_body="Uganda Ministry of Health",
    duty_hours_week=50,
    call_schedule="One weekend in four, home call",
    evacuation_insurance="required",
    health_insurance="required",
    disability_insurance=None,
    exposure_plan="Testing and HIV post-exposure prophylaxis at the hospital's staff clinic.",
    emergency_contact="Site coordinator, +256 700 000 000 (day and night)",
    total_cost_usd=2600,
    total_cost_notes="Fee $500, housing included, a typical flight $1,900, visa $200.",
)


def template_csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([COLUMNS, EXAMPLE.csv_cells()])
    return buffer.getvalue()


# Downloads streaming at once in this process. A download of every elective keeps a thread
# (of gunicorn's 4 a worker) and a database connection busy for seconds; past this many the
# next one is told to come back, so a burst of downloads cannot take every thread.
EXPORT_SLOTS = 2
# How long a request waits for a slot before its 503: long enough for the small exports a
# burst of first requests builds at once (a CSV of a filter takes ~50 ms, and the page
# cache serves the rest), short enough that waiting threads never pile up behind the
# large, streamed ones (seconds each).
EXPORT_WAIT_SECONDS = 1.0
_export_slots = threading.BoundedSemaphore(EXPORT_SLOTS)


class _SlotStream:
    """The CSV's bytes; closing it (the server does, however the download ends) frees the slot
    and, for a download abandoned half-way, the database cursor. With a Copy, what it sends
    is also kept on disk, and the copy kept only if every byte was sent (electives.csv.kept).
    """

    def __init__(self, read, chunks, copy=None):
        self.read, self.chunks, self.copy = read, chunks, copy
        self.held = True
        self.complete = False

    def __iter__(self):
        for chunk in itertools.chain(self.read, self.chunks):
            data = chunk.encode()
            if self.copy is not None:
                self.copy.write(data)
            yield data
        self.complete = True

    def close(self):
        if self.held:
            self.held = False
            self.chunks.close()
            _export_slots.release()
            if self.copy is not None:
                self.copy.keep() if self.complete else self.copy.discard()


def _busy():
    response = HttpResponse(
        "Too many downloads at once; please try again in a few seconds.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def csv_download(electives, filename, *, key=None, gzipped=False):
    """The CSV as an attachment, or 503 with Retry-After when every export slot is busy.

    Up to CHUNK_SIZE rows it is one plain response, which the page cache can keep; past
    that it streams, a chunk at a time, holding its slot until the last byte is sent, and
    (given the page's cache key) is kept on disk for the downloads after it.
    """
    if key is not None and (path := kept.kept(key, wait=False)) is not None:
        return kept.response(path, filename, gzipped=gzipped)
    if not _export_slots.acquire(timeout=EXPORT_WAIT_SECONDS):
        # Every slot builds a download: one of them may be this very one.
        if key is not None and (path := kept.kept(key)) is not None:
            return kept.response(path, filename, gzipped=gzipped)
        return _busy()
    chunks = csv_chunks(electives)
    try:
        first = next(chunks)
        second = next(chunks, None)
    except BaseException:
        _export_slots.release()
        raise
    if second is None:
        _export_slots.release()
        response = HttpResponse(first, content_type="text/csv; charset=utf-8")
    else:
        copy = kept.Copy.start(key) if key is not None else None
        if copy is None and key is not None and (path := kept.kept(key)) is not None:
            # Another download is writing the copy: it is ready before this one could be.
            chunks.close()
            _export_slots.release()
            return kept.response(path, filename, gzipped=gzipped)
        stream = _SlotStream([first, second], chunks, copy)
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""An import moves the content version once, at its very end, so no curator waits for it."""

import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from electives.cache import current_version
from electives.csv import importing as electives_csv
from electives.csv import record as csv_record
from electives.models import ContentChange, ContentVersion, Elective, Language, Specialty, Status
from tests.factories import ElectiveFactory, PublishedElectiveFactory
from tests.test_csv_import import make_csv

WRITES = ("INSERT", "UPDATE", "DELETE")


def import_file(tmp_path, text, *args):
    path = tmp_path / "electives.csv"
    path.write_text(text, encoding="utf-8")
    with CaptureQueriesContext(connection) as context:
        try:
            call_command("import_electives", str(path), *args, stdout=io.StringIO())
        except CommandError:
            pass
    writes = [q["sql"] for q in context.captured_queries if q["sql"].startswith(WRITES)]
    table = ContentVersion._meta.db_table
    return writes, [n for n, sql in enumerate(writes) if table in sql]


@pytest.fixture
def batches_of_two(monkeypatch):
    monkeypatch.setattr(csv_record, "CHUNK_SIZE", 2)


@pytest.mark.django_db
def test_the_version_moves_once_per_import_after_every_other_write(tmp_path, batches_of_two):
    ElectiveFactory(slug="existing", title="Old title")
    before = current_version()
    rows = [{"slug": "existing", "title": "New title"}, {"organization": "A New Sponsor"}]
    rows += [{"title": f"Elective {n}"} for n in range(5)]
    writes, version_writes = import_file(tmp_path, make_csv(*rows))
    assert Elective.objects.count() == 7
    assert len(version_writes) == 1
    # The last writes before the commit, with what the change touched (its ContentChange
    # rows): the version row is locked only for the commit.
    after = writes[version_writes[0] + 1 :]
    assert after and all(ContentChange._meta.db_table in sql for sql in after)
    assert current_version() != before


@pytest.mark.django_db
def test_the_next_request_shows_what_was_imported(client, tmp_path):
    PublishedElectiveFactory(title="Already listed")
    assert b"Newly imported" not in client.get("/electives/").content
    import_file(tmp_path, make_csv({"title": "Newly imported", "status": "published"}))
    assert b"Newly imported" in client.get("/electives/").content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows, args",
    [
        ([{}], ("--dry-run",)),
        ([{}, {"country": "ZZ"}], ()),
        ([{}, {"cost_usd": "99999999999"}], ()),
    ],
)
def test_a_dry_run_or_a_refused_file_leaves_the_version_alone(tmp_path, rows, args):
    before = current_version()
    _, version_writes = import_file(tmp_path, make_csv(*rows), *args)
    assert version_writes == []
    assert current_version() == before
    assert not Elective.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_curator_publishes_while_an_import_is_half_way(postgres, tmp_path, monkeypatch):
    """Before, the import held the version row's lock from its first elective to its commit:
    a curator's Publish waited for the whole import (1,336 s for 100,000 rows)."""
    # A transactional test may run after another one emptied the tables the migrations fill.
    for slug in ("pediatrics", "family-medicine"):
        Specialty.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    Language.objects.get_or_create(code="lg", defaults={"name": "Ganda"})
    mine = ElectiveFactory(slug="curators-own", status=Status.DRAFT)
    monkeypatch.setattr(csv_record, "CHUNK_SIZE", 2)
    half_way, carry_on = threading.Event(), threading.Event()
    index = electives_csv.update_search_vectors

    def pause_after_the_first_batch(electives):
        index(electives)
        half_way.set()
        carry_on.wait(20)

    monkeypatch.setattr(electives_csv, "update_search_vectors", pause_after_the_first_batch)
    path = tmp_path / "electives.csv"
    # No specialties or languages: an earlier transactional test (test_db_outage) may have
    # flushed the ones the migrations load, and this test's import commits for real.
    plain = {"specialties": "", "languages": ""}
    rows = [plain, {**plain, "title": "Second"}, {**plain, "title": "Third"}]
    path.write_text(make_csv(*rows), encoding="utf-8")
    outcome = []

    def run():
        try:
            call_command("import_electives", str(path), stdout=io.StringIO())
            outcome.append("imported")
        finally:
            connection.close()

    importer = threading.Thread(target=run)
    importer.start()
    try:
        assert half_way.wait(20)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Fail, rather than wait, if any row this needs is locked.
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            mine.status = Status.PUBLISHED
            mine.save()
    finally:
        carry_on.set()
        importer.join(30)
    assert outcome == ["imported"]
    assert Elective.objects.count() == 4
    assert Elective.objects.get(slug="curators-own").status == Status.PUBLISHED

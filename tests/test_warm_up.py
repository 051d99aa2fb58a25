"""A warm first visit (electives.warm): gunicorn's master prepares the commonest pages'
cards and searches before it forks, so a worker's first requests for them render no card
and run no search."""

import runpy
from pathlib import Path

import pytest

from electives import index, listing
from tests.factories import PublishedElectiveFactory, SpecialtyFactory

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/electives/", "/electives/?page=2", "/electives/?region=sub-saharan-africa",
         "/electives/?specialty=tropical-surgery", "/api/electives/?sort=deadline"]  # fmt: skip


@pytest.fixture
def directory(settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE = False  # every page made afresh: what the worker does
    settings.LISTING_PAGE_SIZE = 5
    monkeypatch.setattr(listing, "_rendered", {"day": None, "by_key": {}})
    surgery = SpecialtyFactory(name="Tropical Surgery", slug="tropical-surgery")
    for n in range(14):
        elective = PublishedElectiveFactory(country="KE" if n % 2 else "PE")
        if n % 3 == 0:
            elective.specialties.add(surgery)


def fresh_worker(monkeypatch):
    monkeypatch.setattr(index, "_current", None)
    monkeypatch.setattr(index, "_previous", None)
    monkeypatch.setattr(listing, "_rendered", {"day": None, "by_key": {}})


def queries_of(client, django_assert_max_num_queries, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.django_db
def test_after_the_warm_up_the_common_pages_render_no_card(
    directory, client, monkeypatch, django_assert_max_num_queries
):
    cold = {}
    for path in PAGES:
        fresh_worker(monkeypatch)
        index.current_index()
        cold[path] = queries_of(client, django_assert_max_num_queries, path)

    fresh_worker(monkeypatch)
    from electives.warm import warm_up

    selections, cards = warm_up(seconds=30)
    assert selections > 10 and cards == 14
    for path in PAGES:
        count, content = queries_of(client, django_assert_max_num_queries, path)
        # The same page, without the query that loads its electives' rows to render them.
        assert content == cold[path][1], path
        assert count < cold[path][0], (path, count, cold[path][0])


@pytest.mark.django_db(transaction=True)
def test_the_master_warms_up_before_the_workers_fork(monkeypatch, settings):
    settings.WARM_UP_SECONDS = 10
    PublishedElectiveFactory(title="Warmed before the fork")
    fresh_worker(monkeypatch)
    warnings = []

    class Server:
        class log:  # gunicorn's server.log
            @staticmethod
            def warning(message, *args, **kwargs):
                warnings.append(message)

    server = Server()
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["when_ready"](server)
    assert warnings == []
    cards = [
        thing for (each, _, _), thing in listing._rendered["by_key"].items() if each is listing.card
    ]
    assert len(cards) == 1 and "Warmed before the fork" in cards[0]

"""Cached pages are never stale: a curator's edit shows on the very next request."""

import pytest

from electives.models import ContentVersion, Elective, Specialty, Status
from tests.factories import (
    CuratorFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    TravelAdvisoryFactory,
)
from tests.listing import api, result_slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def elective():
    return PublishedElectiveFactory(
        title="Community Paediatrics in Kisumu", slug="kisumu-paeds", country="KE"
    )


def test_a_second_visit_is_served_from_the_cache_with_one_query(
    client, elective, django_assert_num_queries
):
    for path in ("/", "/electives/?country=KE", "/electives/kisumu-paeds/", "/api/electives/"):
        first = client.get(path)
        assert first.status_code == 200
        # Nothing but the content version, which is read straight on the driver's connection
        # and so never appears in Django's query log.
        with django_assert_num_queries(1):
            again = client.get(path)
        assert again.content == first.content


def test_editing_an_elective_shows_on_the_next_request_everywhere(client, elective):
    assert b"Community Paediatrics in Kisumu" in client.get("/electives/kisumu-paeds/").content
    assert b"Community Paediatrics in Kisumu" in client.get("/electives/").content
    elective.title = "Child Health Outreach in Kisumu"
    elective.save()
    for path in ("/electives/kisumu-paeds/", "/electives/", "/api/electives/", "/"):
        content = client.get(path).content
        assert b"Child Health Outreach in Kisumu" in content, path
        assert b"Community Paediatrics in Kisumu" not in content, path
    assert b"Child Health Outreach" in client.get("/electives/export.csv").content


def test_archiving_takes_an_elective_off_every_cached_page(client, elective):
    assert api(client)["count"] == 1
    assert client.get("/electives/kisumu-paeds/").status_code == 200
    elective.status = Status.ARCHIVED
    elective.save()
    assert api(client)["count"] == 0
    assert client.get("/electives/kisumu-paeds/").status_code == 410
    assert b"kisumu-paeds" not in client.get("/electives/export.csv").content


def test_a_new_elective_updates_the_counts_and_facets(client, elective):
    assert api(client)["facets"]["country"] == {"KE": 1}
    PublishedElectiveFactory(country="TZ")
    found = api(client)
    assert found["count"] == 2
    assert found["facets"]["country"] == {"KE": 1, "TZ": 1}


def test_renaming_the_sponsor_shows_at_once(client, elective):
    assert elective.organization.name.encode() in client.get("/electives/kisumu-paeds/").content
    sponsor = elective.organization
    sponsor.name = "Lakeside Children's Trust"
    sponsor.save()
    assert b"Lakeside Children&#x27;s Trust" in client.get("/electives/kisumu-paeds/").content


def test_specialties_added_or_removed_show_at_once(client, elective):
    paediatrics = Specialty.objects.get(slug="pediatrics")
    assert api(client, "specialty=surgery")["count"] == 1  # lists none: open to all
    elective.specialties.add(paediatrics)
    assert api(client, "specialty=surgery")["count"] == 0
    elective.specialties.remove(paediatrics)
    assert api(client, "specialty=surgery")["count"] == 1


def test_a_new_travel_advisory_shows_at_once(client, elective):
    before = client.get("/electives/kisumu-paeds/").content
    TravelAdvisoryFactory(country="KE", level=4, headline="Do not travel to the test region")
    after = client.get("/electives/kisumu-paeds/").content
    assert after != before
    assert b"Level 4" in after or b"Do not travel" in after


def test_deleting_an_elective_shows_at_once(client, elective):
    assert api(client)["count"] == 1
    Elective.objects.filter(pk=elective.pk).get().delete()
    assert api(client)["count"] == 0


def test_an_edit_in_the_admin_shows_on_the_next_public_request(client, elective):
    assert b"Community Paediatrics" in client.get("/electives/kisumu-paeds/").content
    curator_client = client.__class__()
    curator_client.force_login(CuratorFactory())
    response = curator_client.post(
        "/admin/electives/elective/", {"action": "archive", "_selected_action": [elective.pk]}
    )
    assert response.status_code == 302
    assert client.get("/electives/kisumu-paeds/").status_code == 410


def test_a_change_the_signals_miss_still_shows_after_content_changed(client, elective):
    from electives.cache import content_changed

    assert api(client)["count"] == 1
    Elective.objects.update(status=Status.DRAFT)  # no signals, as bulk writes do
    content_changed()
    assert api(client)["count"] == 0


def test_the_version_lives_in_the_database_so_every_process_sees_it(elective):
    before = ContentVersion.objects.get()
    OrganizationFactory(name="Another Sponsor")
    after = ContentVersion.objects.get()
    assert after.token != before.token
    assert after.changed_at >= before.changed_at


def test_signed_in_curators_never_get_or_leave_a_cached_page(client, elective):
    draft_slug = "a-draft-elective"
    PublishedElectiveFactory(slug=draft_slug, status=Status.DRAFT)
    assert client.get(f"/electives/{draft_slug}/").status_code == 404
    curator = client.__class__()
    curator.force_login(CuratorFactory(is_staff=True))
    preview = curator.get(f"/electives/{draft_slug}/")
    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"]
    assert client.get(f"/electives/{draft_slug}/").status_code == 404
    # Nor does the public page a curator requests come from the public cache.
    assert "ETag" not in curator.get("/electives/")


def test_a_repeated_single_valued_parameter_means_its_last_value_in_the_cache_too(client):
    PublishedElectiveFactory(title="Malaria field research")
    PublishedElectiveFactory(title="Rural surgery camp")
    # The filters read the last value, as QueryDict.get() does.
    assert result_slugs(client, "q=malaria&q=camp") == ["rural-surgery-camp"]
    assert result_slugs(client, "q=camp&q=malaria") == ["malaria-field-research"]
    assert result_slugs(client, "q=camp&q=malaria&q=") == ["malaria-field-research"]
    assert result_slugs(client, "q=malaria") == ["malaria-field-research"]


def test_parameters_a_page_ignores_share_its_cached_page(
    client, elective, django_assert_num_queries
):
    for path in ("/electives/?country=KE", "/electives/kisumu-paeds/", "/", "/electives/feed/"):
        first = client.get(path)
        assert first.status_code == 200
        for junk in ("utm_source=newsletter-8f3a", "utm_source=x&fbclid=1", "p=2"):
            with django_assert_num_queries(1):
                again = client.get(f"{path}{'&' if '?' in path else '?'}{junk}")
            assert again.content == first.content
            assert again["ETag"] == first["ETag"]


def test_the_csv_and_the_feed_ignore_page_in_their_key_too(
    client, elective, django_assert_num_queries
):
    for path in ("/electives/export.csv?country=KE", "/electives/feed/?country=KE"):
        first = client.get(path)
        with django_assert_num_queries(1):
            assert client.get(f"{path}&page=3").content == first.content


def test_equivalent_query_strings_share_one_cached_page(
    client, elective, django_assert_num_queries
):
    client.get("/electives/?country=KE&country=TZ&category=clinical")
    for equivalent in (
        "/electives/?category=clinical&q=&country=TZ&country=KE",
        "/electives/?country=KE&category=clinical&country=TZ&country=KE",
    ):
        with django_assert_num_queries(1):
            client.get(equivalent)


def test_bad_filters_and_missing_pages_are_not_cached(client, elective):
    for path, status in (("/electives/?pgy=abc", 400), ("/electives/?page=9", 404)):
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == status
            assert "ETag" not in response


@pytest.fixture
def redis_cache(settings, redis_url):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "electives-test",
        },
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_with_redis_a_page_one_process_rendered_serves_another(
    client, elective, redis_cache, django_assert_num_queries
):
    from django.core.cache import caches

    first = client.get("/electives/kisumu-paeds/")
    caches["pages"].clear()  # another process: nothing in its own memory
    with django_assert_num_queries(1):
        again = client.get("/electives/kisumu-paeds/")
    assert again.content == first.content


def test_a_redis_outage_costs_speed_not_pages(client, elective, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    for _ in range(2):
        response = client.get("/electives/kisumu-paeds/")
        assert response.status_code == 200
        assert b"Community Paediatrics in Kisumu" in response.content


def test_a_page_over_the_local_size_is_kept_in_process_memory_too(
    client, elective, redis_cache, monkeypatch, django_assert_num_queries
):
    """A search's CSV (up to 1 MB) goes to a small second local cache, not only to Redis."""
    from django.core.cache import caches

    monkeypatch.setattr("electives.cache.MAX_LOCAL_BYTES", 1_000)  # this page is larger
    first = client.get("/electives/kisumu-paeds/")
    redis_cache.clear()
    caches["pages"].clear()
    with django_assert_num_queries(1):  # the content version: the page is in memory
        again = client.get("/electives/kisumu-paeds/")
    assert again.content == first.content


def test_browsers_get_the_page_compressed_once_and_kept_compressed(
    client, elective, django_assert_num_queries
):
    import gzip

    browser = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    for path in ("/electives/?country=KE", "/electives/kisumu-paeds/", "/api/electives/"):
        plain = client.get(path)
        first = client.get(path, **browser)
        assert first["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in first["Vary"]
        assert gzip.decompress(first.content) == plain.content
        assert first["ETag"] == f"W/{plain['ETag']}"  # weak, as GZipMiddleware makes it
        with django_assert_num_queries(1):  # the content version: kept, compressed
            again = client.get(path, **browser)
        assert again.content == first.content  # the very bytes: not compressed again
        revalidated = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"], **browser)
        assert revalidated.status_code == 304
        # A client that takes no gzip still gets the plain page.
        assert "Content-Encoding" not in client.get(path)

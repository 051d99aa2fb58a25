"""`q` forgives: specialty names and aliases, region names and category labels are searched,
and a word that finds nothing is corrected from the directory's own words (SPEC "Filters").

The same tests on SQLite and PostgreSQL (full-text search and pg_trgm there).
"""

import pytest
from django.urls import reverse

from electives.models import Category, Specialty
from tests.factories import CuratorFactory, DraftElectiveFactory, PublishedElectiveFactory
from tests.listing import matching

pytestmark = pytest.mark.django_db


def listed(slug, **fields):
    """A published elective whose own text names no specialty, region or category."""
    defaults = {
        "title": "District hospital rotation",
        "summary": "Ward work.",
        "description": "",
        "city": "Kisumu",
        "country": "KE",
    }
    return PublishedElectiveFactory(slug=slug, **{**defaults, **fields})


@pytest.fixture
def directory():
    pediatrics = Specialty.objects.get(slug="pediatrics")
    surgery = Specialty.objects.get(slug="surgery")
    obgyn = Specialty.objects.get(slug="obstetrics-gynecology")
    listed("kids-kenya", specialties=[pediatrics])
    listed("kids-peru", specialties=[pediatrics], city="Cusco", country="PE")
    listed("surgery-kenya", specialties=[surgery])
    listed("births-haiti", specialties=[obgyn], city="Port-au-Prince", country="HT")
    listed("study-nepal", category=Category.RESEARCH, city="Kathmandu", country="NP")
    listed(
        "malaria",
        title="Malaria surveillance",
        summary="Field work on malaria.",
        city="Blantyre",
        country="MW",
    )


OPEN_TO_ALL = {"study-nepal", "malaria"}


@pytest.mark.parametrize(
    "words, understood, literal",
    [
        ("pediatrics Africa", {"kids-kenya", "malaria"}, {"kids-kenya"}),
        ("pediatrics", {"kids-kenya", "kids-peru"} | OPEN_TO_ALL, {"kids-kenya", "kids-peru"}),
        ("peds", {"kids-kenya", "kids-peru"} | OPEN_TO_ALL, {"kids-kenya", "kids-peru"}),
        ("paediatrics", {"kids-kenya", "kids-peru"} | OPEN_TO_ALL, {"kids-kenya", "kids-peru"}),
        ("peds peru", {"kids-peru"}, {"kids-peru"}),
        ("gen surg", {"surgery-kenya"} | OPEN_TO_ALL, {"surgery-kenya"}),
        ("obgyn", {"births-haiti"} | OPEN_TO_ALL, {"births-haiti"}),
        ("caribbean", {"births-haiti", "kids-peru"}, {"births-haiti", "kids-peru"}),
        ("south asia", {"study-nepal"}, {"study-nepal"}),
        ("research", {"study-nepal"}, {"study-nepal"}),
    ],
)
def test_specialties_aliases_regions_and_categories_are_understood_or_searched(
    client, directory, words, understood, literal
):
    """Understood as filters, electives open to every specialty are included, as the
    filters include them; searched as text (literal=1), only those naming the words."""
    assert matching(client, f"q={words}") == understood
    assert matching(client, f"q={words}&literal=1") == literal


def test_a_curator_adds_an_alias_and_the_next_search_finds_it(client, directory):
    assert matching(client, "q=kinder") == set()
    assert matching(client, "q=kinderheilkunde") == set()
    curator = client_for_curator(client)
    pediatrics = Specialty.objects.get(slug="pediatrics")
    response = curator.post(
        reverse("admin:electives_specialty_change", args=[pediatrics.pk]),
        {"name": pediatrics.name, "slug": pediatrics.slug, "aliases": "peds, kinderheilkunde"},
    )
    assert response.status_code == 302
    curator.logout()
    assert matching(client, "q=kinderheilkunde&literal=1") == {"kids-kenya", "kids-peru"}
    # Understood as the filter Pediatrics: electives open to every specialty too.
    assert matching(client, "q=kinderheilkunde") == {"kids-kenya", "kids-peru"} | OPEN_TO_ALL
    assert pediatrics.history.first().aliases == "peds, kinderheilkunde"


def test_a_renamed_specialty_is_found_by_its_new_name(client, directory):
    surgery = Specialty.objects.get(slug="surgery")
    surgery.name = "Global Surgery"
    surgery.save()
    assert matching(client, "q=global") == {"surgery-kenya"}


def test_a_specialty_added_to_an_elective_makes_it_found(client, directory):
    assert matching(client, "q=derm&literal=1") == set()
    elective = listed("skin-clinic")
    elective.specialties.add(Specialty.objects.get(slug="dermatology"))
    assert matching(client, "q=derm&literal=1") == {"skin-clinic"}


def client_for_curator(client):
    client.force_login(CuratorFactory(username="ana"))
    return client


# --- Corrections ---


def test_a_misspelt_word_shows_the_results_of_the_nearest_known_word(client, directory):
    response = client.get("/electives/", {"q": "malria"})
    assert response.status_code == 200
    assert "Showing results for <strong>malaria</strong>; search instead for" in response.text
    assert "Malaria surveillance" in response.text
    assert matching(client, "q=malria") == {"malaria"}


def test_search_instead_searches_the_words_as_typed(client, directory):
    response = client.get("/electives/", {"q": "malria"})
    link = response.context["correction"]
    assert link["typed"] == "malria"
    assert 'href="/electives/?q=%22malria%22">malria</a>' in response.text
    exact = client.get("/electives/", {"q": '"malria"'})
    assert "Showing results for" not in exact.text
    assert "No electives match" in exact.text
    assert matching(client, "q=%22malria%22") == set()


def test_only_the_word_that_finds_nothing_is_corrected(client, directory):
    response = client.get("/electives/", {"q": "malria malawi"})
    assert "Showing results for <strong>malaria malawi</strong>" in response.text
    assert 'q=%22malria%22+malawi"' in response.text


def test_corrections_apply_to_the_csv_too(client, directory):
    response = client.get("/electives/export.csv", {"q": "surveilance"})
    assert "Malaria surveillance" in response.content.decode()


def test_a_word_that_finds_something_is_not_corrected(client, directory):
    listed("malawi-clinic", title="Malaria ward", city="Lilongwe", country="MW")
    response = client.get("/electives/", {"q": "malaria"})
    assert "Showing results for" not in response.text


def test_no_correction_from_words_only_drafts_have(client, directory):
    DraftElectiveFactory(slug="secret", title="Leishmaniasis clinic", summary="Leishmaniasis.")
    response = client.get("/electives/", {"q": "leishmaniasys"})
    assert "Showing results for" not in response.text
    assert "Leishmaniasis" not in response.text


def test_nothing_close_means_no_correction(client, directory):
    response = client.get("/electives/", {"q": "xylophone"})
    assert "Showing results for" not in response.text
    assert "No electives match" in response.text


def test_a_deleted_specialty_no_longer_finds_its_electives(client, directory):
    Specialty.objects.get(slug="obstetrics-gynecology").delete()
    assert matching(client, "q=obgyn") == set()
    assert "births-haiti" in matching(client, "q=haiti")


# --- Corrections that mean what people think (issue 19) ---


@pytest.fixture
def radiology_in_kenya(directory):
    listed("rads-kenya", title="Radiology elective", summary="Ultrasound and plain film.")


def test_a_correction_must_find_something_with_the_other_words(client, radiology_in_kenya):
    # Searched as text: no elective mentions cardiology (understood, it is Internal
    # Medicine: tests/test_understood_search.py).
    response = client.get("/electives/", {"q": "cardiology peru", "literal": "1"})
    assert "Showing results for" not in response.text
    assert "No elective mentions <strong>cardiology</strong>." in response.text
    # The search without that word, with its count (kids-peru).
    link = 'Search for <a href="/electives/?q=peru&amp;literal=1">peru</a> instead: 1 elective.'
    assert link in response.text
    assert matching(client, "q=cardiology+peru&literal=1") == set()
    assert matching(client, "q=peru&literal=1") == {"kids-peru"}


def test_a_medical_word_the_directory_lacks_is_never_replaced(client, radiology_in_kenya):
    for typed in ("cardiology", "Cardiology", "cardiolgy"):
        params = {"q": typed, "literal": "1"}
        response = client.get("/electives/", params)
        assert "Showing results for" not in response.text, typed
        assert f"No elective mentions <strong>{typed.lower()}</strong>." in response.text
        assert matching(client, f"q={typed}&literal=1") == set()
        assert "Radiology elective" not in client.get("/electives/export.csv", params).text
    # A misspelt subspecialty is not understood, nor replaced.
    response = client.get("/electives/", {"q": "cardiolgy"})
    assert "No elective mentions <strong>cardiolgy</strong>." in response.text


def test_a_correction_must_find_something_with_the_other_filters(client, directory):
    assert matching(client, "q=malria") == {"malaria"}
    assert matching(client, "q=malria&country=KE") == set()
    # The CSV (SQL) reads the search as the page does, filters included.
    assert "Malaria surveillance" in client.get("/electives/export.csv", {"q": "malria"}).text
    csv = client.get("/electives/export.csv", {"q": "malria", "country": "KE"}).text
    assert "Malaria surveillance" not in csv


def test_stop_words_are_never_missing(client, directory):
    response = client.get("/electives/", {"q": "the xylophone"})
    assert "No elective mentions <strong>xylophone</strong>." in response.text
    assert "<strong>the</strong>" not in response.text

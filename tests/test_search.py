"""`q`: the same behaviour on SQLite and PostgreSQL (full-text search there)."""

import pytest

from tests.factories import DraftElectiveFactory, OrganizationFactory, PublishedElectiveFactory
from tests.listing import matching, result_slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def electives():
    PublishedElectiveFactory(
        slug="title",
        title="Malaria surveillance",
        summary="Field work.",
        description="",
        city="Blantyre",
        country="MW",
    )
    PublishedElectiveFactory(
        slug="summary",
        title="Village clinics",
        summary="Treat malaria and pneumonia.",
        description="",
        city="Gulu",
        country="UG",
    )
    PublishedElectiveFactory(
        slug="description",
        title="District hospital rotation",
        summary="Ward work.",
        description="Some **malaria** in the rainy season.",
        city="Kisumu",
        country="KE",
    )
    PublishedElectiveFactory(
        slug="sponsor",
        title="Eye camp",
        summary="Cataract surgery.",
        description="",
        organization=OrganizationFactory(name="Lakeshore Ophthalmic Trust"),
        city="Cusco",
        country="PE",
    )
    DraftElectiveFactory(slug="draft", title="Malaria draft", summary="Malaria.", country="MW")


@pytest.mark.parametrize(
    "words, expected",
    [
        ("malaria", {"title", "summary", "description"}),
        ("Lakeshore", {"sponsor"}),
        ("Cusco", {"sponsor"}),
        ("kenya", {"description"}),
        ("malaria pneumonia", {"summary"}),
        ("cataract peru", {"sponsor"}),
        ("tuberculosis", set()),
    ],
)
def test_matches_every_word_in_the_listed_fields(client, electives, words, expected):
    assert matching(client, f"q={words}") == expected


def test_results_are_ranked_title_first(client, electives):
    slugs = result_slugs(client, "q=malaria")
    assert slugs[0] == "title"
    assert slugs.index("summary") < slugs.index("description")


def test_search_combines_with_filters(client, electives):
    assert matching(client, "q=malaria&country=KE") == {"description"}
    assert matching(client, "q=malaria&region=sub-saharan-africa&country=MW") == {"title"}


def test_drafts_are_never_found(client, electives):
    assert "draft" not in matching(client, "q=draft")


def test_punctuation_and_operators_never_fail(client, electives):
    for words in ['"malaria', "malaria OR", "-", "&|!():*", "'", "malaria -surveillance", "%_"]:
        response = client.get("/api/electives/", {"q": words})
        assert response.status_code == 200


def test_a_renamed_sponsor_is_found_by_its_new_name(client, electives):
    from electives.models import Organization

    sponsor = Organization.objects.get(name="Lakeshore Ophthalmic Trust")
    sponsor.name = "Riverbend Vision Mission"
    sponsor.save()
    assert matching(client, "q=riverbend") == {"sponsor"}


def test_stemming_finds_other_forms_of_a_word(client, db):
    PublishedElectiveFactory(slug="vaccines", title="Community vaccinations outreach")
    PublishedElectiveFactory(slug="other", title="Hospital medicine")
    assert matching(client, "q=vaccination") == {"vaccines"}
    assert matching(client, "q=vaccinating") == {"vaccines"}


def test_websearch_syntax_on_either_database(client, electives):
    assert matching(client, 'q="district hospital"') == {"description"}
    assert matching(client, "q=malaria -surveillance") == {"summary", "description"}
    assert matching(client, "q=cataract or pneumonia") == {"summary", "sponsor"}


def test_a_query_without_a_word_to_search_finds_nothing(client, electives):
    for words in ("the", "&|!():*", "-", "of and"):
        response = client.get("/api/electives/", {"q": words})
        assert response.json()["count"] == 0, words


def test_a_phrase_with_a_stop_word_matches_as_written(client, db):
    PublishedElectiveFactory(slug="births", title="Obstetrics and Gynecology in Accra")
    # (PostgreSQL numbers the words of all fields in one run: a phrase may span the end
    # of one field and the start of the next. Not here.)
    PublishedElectiveFactory(
        slug="other", title="Obstetrics wards", summary="Busy clinics, and gynecology too."
    )
    assert matching(client, 'q="obstetrics and gynecology"') == {"births"}
    assert matching(client, 'q="obstetrics and gynecology"&literal=1') == {"births"}

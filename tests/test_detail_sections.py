"""An elective's page has extension points (electives.sections) that the apps above the
domain fill from their AppConfig.ready(): the domain renders its own page without them,
and with them each part shows where it belongs."""

import pytest

from electives import sections
from tests.factories import PublishedElectiveFactory

TOOLS = "Plan and keep track"
DEBRIEFS = "Debriefs from residents who went"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = False


@pytest.mark.django_db
def test_the_residents_tools_and_the_debriefs_plug_into_the_page(client):
    page = client.get(PublishedElectiveFactory().get_absolute_url()).text
    apply_box = page[page.index('id="apply-heading"') : page.index('class="detail-main"')]
    assert TOOLS in apply_box  # inside "How to apply"
    assert page.index("About this elective") < page.index(DEBRIEFS)  # after the description


@pytest.mark.django_db
def test_the_domain_renders_its_page_without_the_apps_above_it(client, monkeypatch):
    monkeypatch.setattr(sections, "PLACES", {"apply": [], "after_description": []})
    response = client.get(PublishedElectiveFactory(title="Rural Surgery").get_absolute_url())
    assert response.status_code == 200
    assert "Rural Surgery" in response.text
    assert TOOLS not in response.text and DEBRIEFS not in response.text


@pytest.mark.django_db
def test_a_section_gets_its_own_context_from_the_elective(client, monkeypatch):
    places = {"apply": [], "after_description": []}
    monkeypatch.setattr(sections, "PLACES", places)
    sections.add_section(
        "after_description", "debriefs/section.html", lambda e: {"elective": e, "debriefs": []}
    )
    elective = PublishedElectiveFactory(slug="kisumu-surgery")
    page = client.get(elective.get_absolute_url()).text
    assert DEBRIEFS in page and "/electives/kisumu-surgery/debrief/" in page

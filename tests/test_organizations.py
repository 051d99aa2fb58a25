"""/organizations/ and /organizations/<slug>/: sponsors with published electives."""

import pytest
from lxml import html

from tests.factories import DraftElectiveFactory, OrganizationFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db


def test_the_list_names_sponsors_with_published_electives_only(client):
    harbor = OrganizationFactory(name="Harborview Partners")
    PublishedElectiveFactory.create_batch(2, organization=harbor)
    DraftElectiveFactory(organization=OrganizationFactory(name="Drafts Only Trust"))
    OrganizationFactory(name="Nothing Yet Foundation")
    response = client.get("/organizations/")
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    names = doc.xpath("//main//ul/li/a/text()")
    assert names == ["Harborview Partners"]
    assert "2 electives" in doc.text_content()


def test_a_sponsor_page_lists_its_published_electives(client):
    harbor = OrganizationFactory(name="Harborview Partners", website="https://harbor.example.org/")
    live = PublishedElectiveFactory(organization=harbor, title="Surgery in Moshi")
    draft = DraftElectiveFactory(organization=harbor, title="Secret draft")
    PublishedElectiveFactory(title="Someone else's")
    response = client.get(harbor.get_absolute_url())
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert doc.xpath("//h1/text()") == ["Harborview Partners"]
    links = doc.xpath("//article//h3/a/@href")
    assert links == [live.get_absolute_url()]
    assert draft.title not in doc.text_content()
    assert doc.xpath('//a[@href="https://harbor.example.org/"]')
    assert doc.xpath(f'//a[@href="/electives/?organization={harbor.slug}"]')
    assert doc.xpath('//a[@href="/safety/"]')


def test_sponsors_without_published_electives_have_no_page(client):
    drafts_only = OrganizationFactory(name="Drafts Only Trust")
    DraftElectiveFactory(organization=drafts_only)
    assert client.get(drafts_only.get_absolute_url()).status_code == 404
    assert client.get("/organizations/nobody/").status_code == 404

"""/compare/?e=a,b: 2 to 4 published electives side by side, differing rows marked."""

import pytest
from lxml import html

from tests.factories import DraftElectiveFactory, PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    TravelAdvisoryFactory(country="KE", level=2)
    PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards", cost_usd=500, housing=True)
    PublishedElectiveFactory(slug="eldoret", title="Eldoret Wards", cost_usd=0, housing=True)


def rows(response):
    """{row label: (marked as differing, [cell texts])}."""
    tree = html.fromstring(response.content)
    result = {}
    for tr in tree.xpath("//table[@class='compare']/tbody/tr"):
        label = tr.xpath("th")[0].text.strip()
        result[label] = ("differs" in tr.get("class", ""), [td.text_content() for td in tr[1:]])
    return result


def test_side_by_side_with_differences_marked(client, pair):
    response = client.get("/compare/?e=kisumu,eldoret")
    assert response.status_code == 200
    table = rows(response)
    assert table["Program fee"] == (True, ["$500 (USD)", "Free"])
    assert table["Housing"] == (False, ["Provided", "Provided"])
    assert table["Travel advisory"][1] == ["Level 2: Exercise Increased Caution"] * 2
    assert table["Where"] == (False, ["Kisumu, Kenya", "Kisumu, Kenya"])
    assert "differs" in response.content.decode()
    headers = html.fromstring(response.content).xpath("//thead//th/a")
    assert [a.text for a in headers] == ["Kisumu Wards", "Eldoret Wards"]


def test_checkboxes_from_the_shortlist_work_too(client, pair):
    response = client.get("/compare/?e=kisumu&e=eldoret")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query, message",
    [
        ("e=kisumu", "you chose 1"),
        ("", "you chose 0"),
        ("e=kisumu,nowhere", "1 of the electives asked for is not listed"),
        ("e=kisumu,secret", "1 of the electives asked for is not listed"),
        ("e=a1,a2,a3,a4,a5", "you chose 5"),
    ],
)
def test_wrong_choices_answer_400_with_a_message(client, pair, query, message):
    DraftElectiveFactory(slug="secret")
    for n in range(1, 6):
        PublishedElectiveFactory(slug=f"a{n}")
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_each_choice_is_its_own_cached_page(client, pair):
    """The page cache keys compare by `e`, in order: another choice is another page."""
    PublishedElectiveFactory(slug="gulu", title="Gulu Wards")
    first = client.get("/compare/?e=kisumu,eldoret")
    second = client.get("/compare/?e=kisumu,gulu")
    reversed_ = client.get("/compare/?e=eldoret,kisumu")
    titles = [
        [a.text for a in html.fromstring(r.content).xpath("//thead//th/a")]
        for r in (first, second, reversed_)
    ]
    assert titles == [
        ["Kisumu Wards", "Eldoret Wards"],
        ["Kisumu Wards", "Gulu Wards"],
        ["Eldoret Wards", "Kisumu Wards"],
    ]
    assert client.get("/compare/?e=kisumu,gulu").headers["ETag"] == second.headers["ETag"]

"""The world map on /countries/: countries with electives linked and shaded, no JavaScript."""

import pytest
from lxml import etree, html

from electives.worldmap import world_map
from tests.factories import DraftElectiveFactory, PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def map_of(client, url="/countries/"):
    """The page's <svg> parsed as XML, as a browser would read the inline SVG."""
    doc = html.fromstring(client.get(url).content)
    (svg,) = doc.xpath("//figure[contains(@class, 'world-map')]/svg")
    return etree.fromstring(
        html.tostring(svg).replace(b"<svg ", b'<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


def links(svg):
    """{href: (title, classes of its shapes)} for every country link on the map."""
    found = {}
    for a in svg.iter(f"{SVG}a"):
        title = a.find(f"{SVG}title").text
        shapes = [el.get("class") for el in a if el.tag in (f"{SVG}path", f"{SVG}circle")]
        found[a.get("href")] = (title, shapes)
    return found


def test_each_country_with_published_electives_is_a_titled_link_on_the_map(client):
    PublishedElectiveFactory.create_batch(3, country="KE")
    PublishedElectiveFactory(country="PE")
    DraftElectiveFactory(country="NP")
    found = links(map_of(client))
    assert set(found) == {"/countries/ke/", "/countries/pe/"}
    assert found["/countries/ke/"][0] == "Kenya: 3 electives"
    assert found["/countries/pe/"][0] == "Peru: 1 elective"


def test_countries_are_shaded_by_how_many_electives_they_have(client):
    for code, n in {"KE": 1, "UG": 2, "TZ": 5, "PE": 9}.items():
        PublishedElectiveFactory.create_batch(n, country=code)
    found = links(map_of(client))
    shades = {href: shapes[0] for href, (_, shapes) in found.items()}
    assert shades == {
        "/countries/ke/": "map-shade-1",
        "/countries/ug/": "map-shade-2",
        "/countries/tz/": "map-shade-3",
        "/countries/pe/": "map-shade-4",
    }
    legend = html.fromstring(client.get("/countries/").content).xpath("//span[@class='map-key']")
    assert [" ".join(k.text_content().split()) for k in legend] == [
        "1",
        "2",
        "3–5",
        "6–9",
        "Advisory level 3–4",
    ]


def test_level_3_and_4_advisories_are_marked_on_the_map(client):
    PublishedElectiveFactory(country="HT")
    PublishedElectiveFactory(country="KE")
    TravelAdvisoryFactory(country="HT", level=4)
    TravelAdvisoryFactory(country="KE", level=2)
    found = links(map_of(client))
    haiti_title, haiti_shapes = found["/countries/ht/"]
    assert haiti_title == "Haiti: 1 elective. Travel advisory level 4: do not travel"
    assert "map-warning" in haiti_shapes
    assert found["/countries/ke/"] == ("Kenya: 1 elective", ["map-shade-1"])


def test_a_country_too_small_for_an_outline_is_a_dot(client):
    PublishedElectiveFactory(country="SG")
    (circle,) = [a.find(f"{SVG}circle") for a in map_of(client).iter(f"{SVG}a")]
    assert circle is not None and circle.getparent().get("href") == "/countries/sg/"


def test_the_list_stays_as_the_alternative_and_the_map_can_be_skipped(client):
    PublishedElectiveFactory(country="KE")
    doc = html.fromstring(client.get("/countries/").content)
    skip = doc.xpath("//a[@href='#country-index']")
    assert skip and doc.get_element_by_id("country-index").xpath(".//a[@href='/countries/ke/']")


def test_no_map_without_electives(client):
    doc = html.fromstring(client.get("/countries/").content)
    assert not doc.xpath("//figure[contains(@class, 'world-map')]")


def test_every_country_code_on_the_map_is_a_real_iso_code():
    drawn = world_map({"KE": 1}, {})
    assert drawn["countries"][0]["code"] == "ke"
    # Scenery: every other outline, as one path.
    assert drawn["background"].count("M") > 150


def test_home_shows_a_small_map_linking_to_countries(client):
    PublishedElectiveFactory(country="KE")
    found = links(map_of(client, "/"))
    assert found == {"/countries/ke/": ("Kenya: 1 elective", ["map-shade-1"])}


def test_the_map_draws_the_committed_outlines_in_fewer_bytes(client):
    """Each line is sent as an offset from the point before ("l3,-2 1,4"); followed, the
    offsets land on the committed outline's points (electives/data/world.json)."""
    import json
    import re

    from electives.worldmap import WORLD

    PublishedElectiveFactory(country="KE")
    (kenya,) = [a for a in map_of(client).iter(f"{SVG}a") if a.get("href") == "/countries/ke/"]
    sent = kenya.find(f"{SVG}path").get("d")
    points, x, y, start = [], 0, 0, None
    for token in re.findall(r"[MlZ]|-?\d+,-?\d+", sent):
        if token in "MlZ":
            command = token
            if token == "Z":
                points.append("Z")
                x, y = start
            continue
        dx, dy = map(int, token.split(","))
        x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
        if command == "M":
            start = (x, y)
        points.append(f"{'M' if command == 'M' else 'L'}{x},{y}")
    committed = json.loads(WORLD.read_text())["shapes"]["404"]  # Kenya
    assert "".join(points) == committed
    assert len(sent) < 0.8 * len(committed)

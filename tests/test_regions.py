from django_countries import countries

from electives.regions import COUNTRY_REGION, Region, countries_in, region_of


def test_every_iso_country_has_a_region():
    missing = [code for code, name in countries if code not in COUNTRY_REGION]
    assert missing == []


def test_region_data_names_only_real_countries():
    assert [code for code in COUNTRY_REGION if code not in countries] == []


def test_there_are_seven_regions_by_slug():
    assert sorted(Region.values) == [
        "east-asia-pacific",
        "europe-central-asia",
        "latin-america-caribbean",
        "middle-east-north-africa",
        "north-america",
        "south-asia",
        "sub-saharan-africa",
    ]
    assert set(COUNTRY_REGION.values()) == set(Region.values)


def test_known_countries_are_in_their_world_bank_region():
    assert region_of("KE") == "sub-saharan-africa"
    assert region_of("ke") == "sub-saharan-africa"
    assert region_of("IN") == "south-asia"
    assert region_of("PE") == "latin-america-caribbean"
    assert region_of("JO") == "middle-east-north-africa"
    assert region_of("VN") == "east-asia-pacific"
    assert region_of("UA") == "europe-central-asia"
    assert region_of("CA") == "north-america"
    assert region_of("AF") == "south-asia"


def test_countries_in_lists_a_regions_members():
    south_asia = countries_in(["south-asia"])
    assert {"IN", "NP", "BD", "PK", "LK", "BT", "MV", "AF"} <= set(south_asia)
    assert "KE" not in south_asia

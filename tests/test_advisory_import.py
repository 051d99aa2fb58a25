import csv
import datetime
import http.server
import io
import threading
import time
from pathlib import Path
from unittest import mock

import pycountry
import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from electives import advisories
from electives.models import TravelAdvisory
from tests.factories import CuratorFactory, TravelAdvisoryFactory
from tests.servers import free_port

pytestmark = pytest.mark.django_db

FEED = Path(__file__).parent / "data" / "travel_advisories.xml"
FEED_TEXT = FEED.read_text(encoding="utf-8")


def run(source):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_travel_advisories", str(source), stdout=out, stderr=err, verbosity=2)
    return out.getvalue(), err.getvalue()


def exit_code(source):
    """The exit status `manage.py import_travel_advisories SOURCE` would give."""
    # run_from_argv closes every connection when it ends, which would end the test's
    # transaction on PostgreSQL; keep the connection open.
    with mock.patch.object(connections, "close_all"):
        try:
            ManagementUtility(["manage.py", "import_travel_advisories", str(source)]).execute()
        except SystemExit as exit:
            return exit.code
    return 0


def feed_with(tmp_path, text, name="feed.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def kenya_at(level, issued="Mon, 01 Sep 2025"):
    """The sample feed with Kenya's item (title and Threat-Level) at another level."""
    label = TravelAdvisory.Level(level).label
    start = FEED_TEXT.index("<title>Kenya")
    end = FEED_TEXT.index("</item>", start)
    item = FEED_TEXT[start:end].replace("Level 2: Exercise Increased Caution", label)
    item = item.replace("Thu, 31 Jul 2025", issued)
    return FEED_TEXT[:start] + item + FEED_TEXT[end:]


def snapshot():
    return list(
        TravelAdvisory.objects.order_by("country").values_list(
            "country", "level", "headline", "issued", "source_url", "imported_at"
        )
    )


def test_sample_feed_imports_every_matched_country():
    out, err = run(FEED)
    assert "25 advisories imported: 25 created, 0 updated, 0 unchanged." in out
    kenya = TravelAdvisory.objects.get(country="KE")
    assert kenya.level == 2
    assert kenya.headline == "Kenya - Level 2: Exercise Increased Caution"
    assert kenya.issued == datetime.date(2025, 7, 31)
    assert kenya.source_url.endswith("/kenya-travel-advisory.html")


@pytest.mark.parametrize(
    "code, level",
    [
        ("MM", 4),  # "Burma (Myanmar)"; its feed tag BM is Bermuda in ISO
        ("BM", 1),  # Bermuda, tagged BD in the feed
        ("TR", 2),  # "Türkiye"
        ("CI", 2),  # "Côte d'Ivoire"
        ("CD", 3),  # "Congo (Kinshasa)", tagged CG (the Republic of the Congo in ISO)
        ("BS", 2),  # "The Bahamas"
        ("IL", 3),  # "Israel, the West Bank and Gaza" covers two ISO countries
        ("PS", 3),
        ("GB", 2),  # "United Kingdom", tagged UK
        ("UA", 4),  # tagged UP
        ("IR", 4),  # "Iran Travel Advisory": the level is only in the Threat-Level category
        ("DE", 2),  # "Germany Travel Advisory", tagged GM (the Gambia in ISO)
        ("ZA", 2),  # tagged SF
    ],
)
def test_feed_codes_and_names_map_to_iso_codes(code, level):
    run(FEED)
    assert TravelAdvisory.objects.get(country=code).level == level


def test_the_republic_of_the_congo_is_not_confused_with_kinshasa():
    run(FEED)
    assert not TravelAdvisory.objects.filter(country="CG").exists()
    # Nor Germany (GM in the feed) with the Gambia, nor Nicaragua's levelless item with news.
    assert not TravelAdvisory.objects.filter(country__in=["GM", "NI"]).exists()


def item_feed(*items):
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Travel Advisories</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def tagged_item(tag, level="Level 3: Reconsider Travel", title="Travel Advisory"):
    threat = f'<category domain="Threat-Level">{level}</category>' if level else ""
    return (
        f"<item><title>{title}</title><pubDate>Mon, 01 Sep 2025</pubDate>{threat}"
        f'<category domain="Country-Tag">{tag}</category></item>'
    )


COUNTRY_TAGS = list(csv.DictReader(advisories.COUNTRY_TAGS_FILE.open(encoding="utf-8")))


@pytest.mark.parametrize("row", COUNTRY_TAGS, ids=[row["tag"] for row in COUNTRY_TAGS])
def test_every_department_code_maps_to_its_iso_countries(row):
    """Each row of the shipped table: its ISO codes are real, the department's name for
    the country means the same codes, and an item carrying only the code (its title
    names no country) is stored under them."""
    codes = tuple(row["iso"].split())
    assert all(pycountry.countries.get(alpha_2=code) for code in codes)
    assert advisories.country_codes(row["name"]) == codes
    feed = advisories.parse_feed(item_feed(tagged_item(row["tag"])))
    assert feed.skipped == []
    assert sorted(a.country for a in feed.advisories) == sorted(codes)
    assert {a.level for a in feed.advisories} == {3}


@pytest.mark.parametrize(
    "tag, codes",
    [("UK", ["GB"]), ("BM", ["MM"]), ("GM", ["DE"]), ("SF", ["ZA"]), ("BD", ["BM"])],
)
def test_department_codes_are_not_read_as_iso(tag, codes):
    feed = advisories.parse_feed(item_feed(tagged_item(tag)))
    assert [a.country for a in feed.advisories] == codes


def test_the_table_has_one_row_per_code():
    tags = [row["tag"] for row in COUNTRY_TAGS]
    assert len(tags) == len(set(tags)) > 200


def test_the_category_level_wins_and_the_headline_follows_it():
    feed = advisories.parse_feed(
        item_feed(tagged_item("KE", title="Kenya - Level 2: Exercise Increased Caution"))
    )
    [kenya] = feed.advisories
    assert (kenya.level, kenya.headline) == (3, "Kenya - Level 3: Reconsider Travel")


def test_an_item_without_a_level_never_replaces_a_known_advisory(tmp_path):
    run(FEED)
    kenya = TravelAdvisory.objects.get(country="KE")
    levelless = FEED_TEXT.replace(
        "<title>Kenya - Level 2: Exercise Increased Caution</title>",
        "<title>Kenya Travel Advisory</title>",
    ).replace(
        '<category domain="Threat-Level">Level 2: Exercise Increased Caution</category>\n'
        '<category domain="Country-Tag">KE</category>',
        '<category domain="Threat-Level"></category>\n<category domain="Country-Tag">KE</category>',
    )
    assert levelless.count("Kenya Travel Advisory") == 1
    out, err = run(feed_with(tmp_path, levelless))
    assert "Kenya Travel Advisory: no advisory level in the item" in err
    stored = TravelAdvisory.objects.get(country="KE")
    assert (stored.level, stored.headline, stored.issued) == (
        kenya.level,
        kenya.headline,
        kenya.issued,
    )


@pytest.mark.parametrize(
    "name, codes",
    [
        ("Burma (Myanmar)", ("MM",)),
        ("Burma", ("MM",)),
        ("Türkiye", ("TR",)),
        ("Turkiye", ("TR",)),
        ("Côte d'Ivoire", ("CI",)),
        ("Cote d\u2019Ivoire", ("CI",)),
        ("Congo (Kinshasa)", ("CD",)),
        ("Democratic Republic of the Congo", ("CD",)),
        ("Congo (Brazzaville)", ("CG",)),
        ("Republic of the Congo", ("CG",)),
        ("The Gambia", ("GM",)),
        ("St Kitts and Nevis", ("KN",)),
        ("Sao Tome and Principe", ("ST",)),
        ("Micronesia", ("FM",)),
        ("Laos", ("LA",)),
        ("Russia", ("RU",)),
        ("South Korea", ("KR",)),
        ("North Korea (Democratic People's Republic of Korea)", ("KP",)),
        ("Mainland China, Hong Kong & Macau", ("CN", "HK", "MO")),
        ("Niger", ("NE",)),
        ("Nigeria", ("NG",)),
        ("Kosovo", ()),
        ("Atlantis", ()),
        ("BM", ()),
    ],
)
def test_country_name_variants(name, codes):
    assert advisories.country_codes(name) == codes


def test_unmatched_items_are_listed_and_the_rest_still_imported():
    out, err = run(FEED)
    assert "3 item(s) skipped (no country, no level or no usable date)" in err
    assert (
        "Kosovo - Level 2: Exercise Increased Caution: "
        "no ISO country matches the code KV or the name 'Kosovo'"
    ) in err
    assert "Worldwide Caution: no advisory level in the item" in err
    assert "Nicaragua Travel Advisory: no advisory level in the item" in err
    # An unknown code with a known name is imported, and the code reported for the table.
    assert "1 item(s) matched by the country name in the title only" in err
    assert "Chile - Level 2: Exercise Increased Caution: code ZZ not in the table" in err
    assert TravelAdvisory.objects.get(country="CL").level == 2


def test_unread_items_are_only_counted_by_default_and_quiet_at_verbosity_zero():
    counted = "3 item(s) skipped (no country, no level or no usable date); -v 2"
    for verbosity, expected in ((1, counted), (0, "")):
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "import_travel_advisories", str(FEED), stdout=out, stderr=err, verbosity=verbosity
        )
        assert (expected in err.getvalue()) if expected else err.getvalue() == ""
        assert "Kosovo" not in err.getvalue()
        assert ("advisories imported" in out.getvalue()) == bool(verbosity)
    assert TravelAdvisory.objects.count() == 25


def test_a_rerun_updates_rather_than_duplicates(tmp_path):
    run(FEED)
    first = snapshot()
    out, _ = run(FEED)
    assert "0 created, 0 updated, 25 unchanged" in out
    assert TravelAdvisory.objects.count() == 25
    second = snapshot()
    # Same advisories; only the import time moves on.
    assert [row[:-1] for row in second] == [row[:-1] for row in first]
    assert all(b[-1] >= a[-1] for a, b in zip(first, second, strict=True))

    out, _ = run(feed_with(tmp_path, kenya_at(3)))
    assert "0 created, 1 updated, 24 unchanged" in out
    kenya = TravelAdvisory.objects.get(country="KE")
    assert (kenya.level, kenya.issued) == (3, datetime.date(2025, 9, 1))
    assert TravelAdvisory.objects.filter(country="KE").count() == 1


def test_countries_missing_from_a_new_feed_are_kept(tmp_path):
    TravelAdvisoryFactory(country="FR", level=1, headline="France - Level 1")
    run(FEED)
    assert TravelAdvisory.objects.filter(country="FR").exists()


BROKEN_FEEDS = {
    "truncated": FEED_TEXT[: len(FEED_TEXT) // 2],
    "html": "<!doctype html><html><body><p>Service unavailable</p></body></html>",
    "not rss": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    "no items": '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    "entity bomb": (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        "<rss><channel><item><title>&lol2;</title></item></channel></rss>"
    ),
    "nothing matches": (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        "<item><title>Atlantis - Level 1: Exercise Normal Precautions</title>"
        "<pubDate>Mon, 12 May 2025</pubDate></item></channel></rss>"
    ),
    "empty": "",
}


@pytest.mark.parametrize("kind", BROKEN_FEEDS)
def test_a_feed_that_cannot_be_used_changes_nothing_and_fails(tmp_path, kind):
    run(FEED)
    before = snapshot()
    path = feed_with(tmp_path, BROKEN_FEEDS[kind])
    with pytest.raises(CommandError, match="Stored advisories were left unchanged"):
        run(path)
    assert snapshot() == before
    assert exit_code(path) == 1
    assert snapshot() == before


def test_a_missing_file_fails_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="cannot read .*missing.xml"):
        run(tmp_path / "missing.xml")
    assert exit_code(tmp_path / "missing.xml") == 1


def test_a_good_feed_exits_zero():
    assert exit_code(FEED) == 0


def test_bad_items_are_skipped_not_fatal(tmp_path):
    text = FEED_TEXT.replace("<pubDate>Thu, 31 Jul 2025</pubDate>", "<pubDate>someday</pubDate>")
    text = text.replace(
        "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/peru-travel-advisory.html</link>",
        "javascript:alert(1)</link>",
    )
    out, err = run(feed_with(tmp_path, text))
    assert "Kenya - Level 2: Exercise Increased Caution: no readable publication date" in err
    assert not TravelAdvisory.objects.filter(country="KE").exists()
    # A link that is not http(s) falls back to the State Department's list of advisories.
    assert TravelAdvisory.objects.get(country="PE").source_url == advisories.ADVISORIES_PAGE


@pytest.mark.parametrize(
    "text, date",
    [
        ("Mon, 12 May 2025", datetime.date(2025, 5, 12)),
        ("Mon, 16 Jun 2025 12:00:00 EST", datetime.date(2025, 6, 16)),
        ("2025-06-16", datetime.date(2025, 6, 16)),
        ("", None),
        ("tomorrow", None),
    ],
)
def test_publication_dates(text, date):
    assert advisories.parse_date(text) == date


class FeedServer(http.server.BaseHTTPRequestHandler):
    """/feed.xml the sample feed; /trickle.xml one byte every 2 s, as the probe's server did."""

    def do_GET(self):
        if self.path == "/error.xml":
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = FEED.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/feed.xml":
            self.wfile.write(body)
            return
        for byte in body:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(2)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_url_is_fetched(feed_server):
    out, _ = run(f"{feed_server}/feed.xml")
    assert "25 created" in out


def test_the_timeout_bounds_the_whole_download_not_each_read(feed_server):
    started = time.monotonic()
    with pytest.raises(CommandError, match="no complete answer within 5 s"):
        call_command("import_travel_advisories", f"{feed_server}/trickle.xml", "--timeout", "5")
    assert 4.5 < time.monotonic() - started < 6.5
    assert not TravelAdvisory.objects.exists()


@pytest.mark.parametrize("timeout", ["0", "-1", "soon", "nan", "inf"])
def test_the_timeout_must_be_a_positive_number_of_seconds(timeout):
    with pytest.raises(CommandError, match="--timeout"):
        call_command("import_travel_advisories", str(FEED), "--timeout", timeout)


def test_a_server_error_fails_and_changes_nothing(feed_server):
    run(FEED)
    before = snapshot()
    with pytest.raises(CommandError, match="the server answered 503.*left unchanged"):
        run(f"{feed_server}/error.xml")
    assert snapshot() == before


# Level changes, remembered for residents who saved or subscribed to electives there.


def test_a_level_change_is_recorded_with_when_it_was_found(tmp_path):
    run(FEED)
    kenya = TravelAdvisory.objects.get(country="KE")
    assert (kenya.previous_level, kenya.level_changed_at, kenya.level_change) == (None, None, "")

    before = timezone.now()
    run(feed_with(tmp_path, kenya_at(3)))
    kenya.refresh_from_db()
    assert (kenya.previous_level, kenya.level) == (2, 3)
    assert before <= kenya.level_changed_at <= timezone.now()
    today = timezone.localdate()
    assert kenya.level_change == (
        f"Advisory for Kenya raised from Level 2 to Level 3 on {today.day} {today:%b %Y}"
    )
    # Only Kenya changed.
    assert list(TravelAdvisory.objects.level_changed_since(before)) == [kenya]

    # Reissued at the same level: the change stays as it was.
    changed_at = kenya.level_changed_at
    run(feed_with(tmp_path, kenya_at(3, issued="Mon, 15 Sep 2025")))
    kenya.refresh_from_db()
    assert (kenya.previous_level, kenya.level_changed_at) == (2, changed_at)

    run(feed_with(tmp_path, kenya_at(1)))
    kenya.refresh_from_db()
    assert kenya.level_change.startswith("Advisory for Kenya lowered from Level 3 to Level 1 on")


def test_a_new_country_is_no_level_change():
    run(FEED)
    assert not TravelAdvisory.objects.filter(level_changed_at__isnull=False).exists()


def test_an_unreachable_url_fails_and_changes_nothing():
    with pytest.raises(CommandError, match="cannot fetch"):
        run(f"http://127.0.0.1:{free_port()}/feed.xml")
    assert not TravelAdvisory.objects.exists()


# What curators see in the admin.


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def test_admin_says_when_advisories_were_last_imported(curator_client):
    changelist = reverse("admin:electives_traveladvisory_changelist")
    assert "Advisories have never been imported" in curator_client.get(changelist).text
    run(FEED)
    html = curator_client.get(changelist).text
    latest = TravelAdvisory.objects.latest("imported_at").imported_at
    assert 'id="advisories-last-imported"' in html
    assert f"Advisories last imported {latest:%-d %B %Y}" in html


def test_admin_flags_advisories_older_than_a_year(curator_client):
    today = timezone.localdate()
    TravelAdvisoryFactory(country="KE", issued=today - datetime.timedelta(days=30))
    TravelAdvisoryFactory(
        country="PE", issued=today - datetime.timedelta(days=400), headline="Peru - Level 2"
    )
    html = curator_client.get(reverse("admin:electives_traveladvisory_changelist")).text
    kenya_row = next(r for r in html.split("<tr")[1:] if "Kenya" in r)
    peru_row = next(r for r in html.split("<tr")[1:] if "Peru" in r)
    assert 'alt="False"' in kenya_row and 'alt="True"' in peru_row
    assert "older than a year" in html.lower()
    assert "imported at" in html.lower()


def test_the_demo_gets_advisories_dated_as_if_imported_today():
    out, _ = run(FEED)
    fixed = dict(TravelAdvisory.objects.values_list("country", "issued"))
    call_command(
        "import_travel_advisories",
        "--demo-dates",
        str(FEED),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    shifted = dict(TravelAdvisory.objects.values_list("country", "issued"))
    today = timezone.localdate()
    assert max(shifted.values()) == today
    assert not TravelAdvisory.objects.stale().exists()
    # In the feed's order.
    assert sorted(fixed, key=lambda code: (fixed[code], code)) == sorted(
        shifted, key=lambda code: (shifted[code], code)
    )


def dated_item(tag, pub_date):
    return (
        f"<item><title>Travel Advisory {tag}</title><pubDate>{pub_date}</pubDate>"
        '<category domain="Threat-Level">Level 2: Exercise Increased Caution</category>'
        f'<category domain="Country-Tag">{tag}</category></item>'
    )


def test_issue_dates_out_of_range_are_reported_and_the_rest_imported(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        item_feed(
            dated_item("KE", "Fri, 31 Dec 9999"),
            dated_item("PE", "0001-01-01"),
            dated_item("UG", "1999-12-31"),
            dated_item("TZ", "Mon, 01 Sep 2025"),
        )
    )
    out, err = run(path)
    assert "3 item(s) skipped (no country, no level or no usable date)" in err
    for day in ("9999-12-31", "0001-01-01", "1999-12-31"):
        assert (
            f"publication date {day} refused: Enter a date between 2000-01-01 and 2100-12-31."
        ) in err
    assert "1 advisories imported: 1 created" in out
    assert list(TravelAdvisory.objects.values_list("country", "issued")) == [
        ("TZ", datetime.date(2025, 9, 1))
    ]


def test_an_out_of_range_date_never_replaces_a_stored_advisory(tmp_path):
    TravelAdvisoryFactory(country="KE", level=2, issued=datetime.date(2025, 7, 31))
    path = tmp_path / "feed.xml"
    path.write_bytes(
        item_feed(dated_item("KE", "Fri, 31 Dec 9999"), dated_item("TZ", "2025-09-01"))
    )
    run(path)
    assert TravelAdvisory.objects.get(country="KE").issued == datetime.date(2025, 7, 31)


def test_invisible_characters_are_dropped_from_headlines(tmp_path):
    path = tmp_path / "feed.xml"
    title = "Kenya\u200b - Level 2: Exercise\u202e Increased Caution"
    path.write_bytes(item_feed(tagged_item("KE", level="", title=title)))
    run(path)
    assert TravelAdvisory.objects.get(country="KE").headline == (
        "Kenya - Level 2: Exercise Increased Caution"
    )


@pytest.mark.parametrize("encoding", ["x-unknown", "base64", "EUC-JP", "idna"])
def test_an_unknown_xml_encoding_fails_with_the_usual_message(tmp_path, encoding):
    run(FEED)
    before = snapshot()
    path = tmp_path / "feed.xml"
    path.write_bytes(
        f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
        + item_feed(dated_item("KE", "2025-09-01")).split(b"?>", 1)[1]
    )
    with pytest.raises(CommandError) as refused:
        run(path)
    assert "the feed's encoding cannot be read" in str(refused.value)
    assert "Stored advisories were left unchanged" in str(refused.value)
    assert snapshot() == before
    assert exit_code(path) == 1

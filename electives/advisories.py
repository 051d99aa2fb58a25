"""The U.S. State Department's travel-advisory RSS feed: reading, parsing and storing it.

The feed's items look like

    <item>
      <title>Kenya - Level 2: Exercise Increased Caution</title>
      <link>https://travel.state.gov/.../kenya-travel-advisory.html</link>
      <pubDate>Mon, 31 Jul 2023</pubDate>
      <category domain="Threat-Level">Level 2: Exercise Increased Caution</category>
      <category domain="Country-Tag">KE</category>
    </item>

The level is the Threat-Level category (or, failing that, the title's "Level N"). The
Country-Tag values are the department's own codes, close to FIPS 10-4 and not ISO 3166-1
(BM is Burma there and Bermuda in ISO; UK, GM, SF ...): the shipped table
data/state_department_country_tags.csv maps them to ISO codes. An item without a tag the
table knows is matched by the country name in its title.
"""

import asyncio
import csv
import datetime
import email.utils
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as ElementTree
import httpx
import pycountry
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from .models import STALE_ADVISORY_AGE, TravelAdvisory, http_url_validator, one_line

FEED_URL = "https://travel.state.gov/_res/rss/TAsTWs.xml"
ADVISORIES_PAGE = (
    "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html"
)
COUNTRY_TAGS_FILE = Path(__file__).parent / "data" / "state_department_country_tags.csv"
MAX_FEED_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 30

# Names the State Department uses that no ISO list spells the same way. Keys are
# normalised (see normalise()); a few advisories cover more than one ISO country.
ALIASES = {
    "burma": ("MM",),
    "burma myanmar": ("MM",),
    "congo kinshasa": ("CD",),
    "democratic republic of the congo": ("CD",),
    "congo brazzaville": ("CG",),
    "republic of the congo": ("CG",),
    "israel the west bank and gaza": ("IL", "PS"),
    "the west bank and gaza": ("PS",),
    "mainland china hong kong and macau": ("CN", "HK", "MO"),
    "macau": ("MO",),
    "micronesia": ("FM",),
    "federated states of micronesia": ("FM",),
    "north korea democratic people s republic of korea": ("KP",),
    "south korea": ("KR",),
    "russia": ("RU",),
    "brunei": ("BN",),
    "bonaire": ("BQ",),
    "sint eustatius": ("BQ",),
    "saba": ("BQ",),
    "turkey": ("TR",),
    "czech republic": ("CZ",),
    "swaziland": ("SZ",),
    "cape verde": ("CV",),
    "east timor": ("TL",),
    "vatican city": ("VA",),
    "holy see": ("VA",),
}

TITLE_PATTERN = re.compile(
    r"^\s*(?P<name>.+?)\s+[-\u2013\u2014]\s+Level\s*(?P<level>[1-4])\b", re.IGNORECASE
)
LEVEL_PATTERN = re.compile(r"\bLevel\s*([1-4])\b", re.IGNORECASE)
TRAVEL_ADVISORY_SUFFIX = re.compile(r"\s+travel\s+advisory\s*$", re.IGNORECASE)
DATE_FORMATS = ["%a, %d %b %Y", "%d %b %Y", "%Y-%m-%d", "%a, %d %B %Y", "%B %d, %Y"]


class FeedError(Exception):
    """The feed could not be read or is not the travel-advisory RSS."""


@dataclass(frozen=True)
class Advisory:
    country: str
    level: int
    headline: str
    issued: datetime.date
    source_url: str


@dataclass(frozen=True)
class Skipped:
    title: str
    reason: str

    def __str__(self):
        return f"{self.title}: {self.reason}"


@dataclass
class Feed:
    advisories: list[Advisory] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Items imported by their title's country name because the table lacks their tag.
    unknown_tags: list[Skipped] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def normalise(name):
    """No case, accents, punctuation or leading "the": "Côte d'Ivoire" -> "cote d ivoire"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^st ", "saint ", text)
    return re.sub(r"^the ", "", text)


@cache
def _name_index():
    index = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                index[normalise(value)] = (country.alpha_2,)
    # django-countries' English names (short forms such as "Bolivia") win over pycountry's.
    for code, name in countries:
        index[normalise(str(name))] = (code,)
    index.update(ALIASES)
    return index


@cache
def country_tags():
    """{the department's country code: the ISO 3166-1 codes its advisory covers}."""
    with COUNTRY_TAGS_FILE.open(encoding="utf-8", newline="") as file:
        return {row["tag"]: tuple(row["iso"].split()) for row in csv.DictReader(file)}


def country_codes(name):
    """The ISO 3166-1 codes a State Department country name stands for, or () if unknown."""
    index = _name_index()
    candidates = [name]
    # "Burma (Myanmar)": the whole name, then the part in brackets, then the part before it.
    bracketed = re.match(r"^(?P<outer>[^()]+)\((?P<inner>[^()]+)\)\s*$", name)
    if bracketed:
        candidates += [bracketed["inner"], bracketed["outer"]]
    for candidate in candidates:
        codes = index.get(normalise(candidate))
        if codes:
            return codes
    return ()


def parse_date(text):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def _text(element, path):
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _categories(item, domain):
    return [
        text
        for category in item.iterfind("category")
        if (category.get("domain") or "").casefold() == domain.casefold()
        and (text := " ".join((category.text or "").split()))
    ]


def _level(item, title_match):
    for threat in _categories(item, "Threat-Level"):
        found = LEVEL_PATTERN.search(threat)
        if found:
            return int(found.group(1))
    return int(title_match["level"]) if title_match else None


def _date_refusal(issued):
    """Why the model refuses this issue date (its range: no "issued 31 December 9999"), or ""."""
    try:
        TravelAdvisory._meta.get_field("issued").run_validators(issued)
    except ValidationError as error:
        return f"publication date {issued.isoformat()} refused: {' '.join(error.messages)}"
    return ""


def _parse_item(item, feed):
    # Invisible characters (a zero-width space pasted into the feed) go, as line breaks do.
    title = one_line(_text(item, "title"))
    if not title:
        feed.skipped.append(Skipped("(an item without a title)", "no title"))
        return
    matched = TITLE_PATTERN.match(title)
    # Some items say "Iran Travel Advisory" and carry the level only in a category.
    name = matched["name"] if matched else TRAVEL_ADVISORY_SUFFIX.sub("", title)
    level = _level(item, matched)
    if level is None:
        feed.skipped.append(Skipped(title, "no advisory level in the item"))
        return
    if not (matched and int(matched["level"]) == level):
        title = f"{name} - {TravelAdvisory.Level(level).label}"
    tags = [tag.upper() for tag in _categories(item, "Country-Tag")]
    unknown = [tag for tag in tags if tag not in country_tags()]
    codes = tuple(dict.fromkeys(code for tag in tags for code in country_tags().get(tag, ())))
    if not codes:
        codes = country_codes(name)
        if codes and unknown:
            feed.unknown_tags.append(Skipped(title, f"code {', '.join(unknown)} not in the table"))
    if not codes:
        tried = f"the code {', '.join(unknown)} or " if unknown else ""
        feed.skipped.append(Skipped(title, f"no ISO country matches {tried}the name {name!r}"))
        return
    issued = parse_date(_text(item, "pubDate"))
    if issued is None:
        feed.skipped.append(Skipped(title, "no readable publication date"))
        return
    refusal = _date_refusal(issued)
    if refusal:
        feed.skipped.append(Skipped(title, refusal))
        return
    link = _text(item, "link")
    try:
        http_url_validator(link)
    except ValidationError:
        link = ADVISORIES_PAGE
    for code in codes:
        feed.advisories.append(Advisory(code, level, title[:300], issued, link[:500]))


def parse_feed(data):
    """Parse the RSS document (bytes); raise FeedError if it is not a travel-advisory feed."""
    try:
        root = ElementTree.fromstring(data)
    except (ParseError, DefusedXmlException) as error:
        raise FeedError(f"the feed is not well-formed XML ({error})") from None
    except (LookupError, ValueError) as error:
        # The XML declaration names an encoding Python does not know ("x-unknown"), one
        # that is not a text encoding ("base64"), or one expat cannot read ("EUC-JP").
        raise FeedError(f"the feed's encoding cannot be read ({error})") from None
    if root.tag != "rss" or root.find("channel") is None:
        raise FeedError("the document is not an RSS feed (no <rss><channel>)")
    items = root.findall("channel/item")
    if not items:
        raise FeedError("the feed has no items")
    feed = Feed()
    for item in items:
        _parse_item(item, feed)
    # One advisory per country: when two items name the same country, the newer wins.
    newest = {}
    for advisory in feed.advisories:
        if advisory.country not in newest or advisory.issued > newest[advisory.country].issued:
            newest[advisory.country] = advisory
    feed.advisories = sorted(newest.values(), key=lambda a: a.country)
    return feed


def dated_as_of(advisories, today):
    """The advisories re-dated for the demo's fixed sample feed, which would otherwise read
    as stale a year after it was written: the newest is dated `today`, the others keep
    their order, their spacing squeezed (if need be) into the months before it so none is
    older than STALE_ADVISORY_AGE."""
    if not advisories:
        return advisories
    newest = max(advisory.issued for advisory in advisories)
    span = max((newest - advisory.issued).days for advisory in advisories)
    room = (STALE_ADVISORY_AGE - datetime.timedelta(days=30)).days
    squeeze = min(1, room / span) if span else 1
    return [
        replace(
            advisory,
            issued=today
            - datetime.timedelta(days=round((newest - advisory.issued).days * squeeze)),
        )
        for advisory in advisories
    ]


def read_source(file_or_url, timeout=FETCH_TIMEOUT_SECONDS):
    """The bytes of a local file, or of an http(s) URL fetched within `timeout` seconds."""
    if re.match(r"^https?://", file_or_url, re.IGNORECASE):
        data = fetch(file_or_url, timeout)
    else:
        try:
            with open(file_or_url, "rb") as file:
                data = file.read(MAX_FEED_BYTES + 1)
        except OSError as error:
            raise FeedError(f"cannot read {file_or_url}: {error.strerror}") from None
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"{file_or_url} is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    return data


def fetch(url, timeout):
    """The body of an http(s) URL, all of it within `timeout` seconds or a FeedError.

    httpx's timeouts bound each read, not the transfer: a server that sends a byte every
    few seconds never trips them. So the whole download is one task cancelled at the
    deadline.
    """
    try:
        return asyncio.run(asyncio.wait_for(_download(url, timeout), timeout))
    except TimeoutError:
        raise FeedError(f"cannot fetch {url}: no complete answer within {timeout:g} s") from None
    except httpx.HTTPStatusError as error:
        status = error.response.status_code
        raise FeedError(f"cannot fetch {url}: the server answered {status}") from None
    except httpx.HTTPError as error:
        raise FeedError(f"cannot fetch {url}: {error or type(error).__name__}") from None


async def _download(url, timeout):
    chunks, size = [], 0
    async with (
        httpx.AsyncClient(
            follow_redirects=True,
            timeout=timeout,
            headers={"User-Agent": "ElectivesAbroad/1.0 (travel advisories)"},
        ) as client,
        client.stream("GET", url) as response,
    ):
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FEED_BYTES:
                break
    return b"".join(chunks)


def store(advisories):
    """Create or update one TravelAdvisory per country, all or nothing."""
    result = ImportResult()
    now = timezone.now()
    with transaction.atomic():
        existing = {
            advisory.country.code: advisory
            for advisory in TravelAdvisory.objects.select_for_update().filter(
                country__in=[a.country for a in advisories]
            )
        }
        for advisory in advisories:
            values = {
                "headline": advisory.headline,
                "issued": advisory.issued,
                "source_url": advisory.source_url,
            }
            stored = existing.get(advisory.country)
            if stored is None:
                TravelAdvisory.objects.create(
                    country=advisory.country, level=advisory.level, imported_at=now, **values
                )
                result.created += 1
                continue
            changed = stored.level != advisory.level or any(
                getattr(stored, name) != value for name, value in values.items()
            )
            stored.record_level(advisory.level, now)
            for name, value in values.items():
                setattr(stored, name, value)
            # imported_at moves on every run: it tells curators the feed was read.
            stored.imported_at = now
            stored.save()
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


# The official pages on a country, linked from the elective's page, its plan and its packet.


def state_department_url(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    page = "".join(ch for ch in ascii_name if ch.isalnum())
    return (
        "https://travel.state.gov/content/travel/en/international-travel/"
        f"International-Travel-Country-Information-Pages/{page}.html"
    )


def cdc_url(name):
    return f"https://wwwnc.cdc.gov/travel/destinations/traveler/none/{slugify(name)}"

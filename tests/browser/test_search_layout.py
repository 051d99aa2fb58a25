"""Issue 28 in a real browser: many filter chips fold on a phone, the table keeps the
place's words whole, and a search understood as filters reads well at both widths."""

from pathlib import Path

from playwright.sync_api import expect

from tests.factories import OrganizationFactory, PublishedElectiveFactory

from .conftest import BROWSER, DESKTOP, PHONE, run_axe

pytestmark = BROWSER

# Twelve filters on, each a chip.
TWELVE_FILTERS = (
    "/electives/?category=clinical&category=community-health"
    "&open=1&housing=1&pgy=2&weeks=12&max_cost=10000&language=es&advisory_max=3"
    "&region=sub-saharan-africa&region=latin-america-caribbean&specialty=family-medicine"
)
UNDERSTOOD = "/electives/?q=family+medicine+kenya"
SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"


def test_on_a_phone_many_chips_fold_behind_show_all_filters(page, directory):
    page.set_viewport_size(PHONE)
    page.goto(TWELVE_FILTERS)
    expect(page.locator(".chips .chip:visible")).to_have_count(4)
    more = page.get_by_text("Show all filters (12)")
    expect(more).to_be_visible()
    first = page.locator(".results-list > li").first.bounding_box()["y"]
    assert first <= 600, f"the first result starts {first:.0f} px down"
    more.click()
    expect(page.locator(".chips .chip:visible")).to_have_count(12)
    assert run_axe(page) == []


def test_the_table_keeps_the_places_words_whole(page, directory):
    PublishedElectiveFactory(
        title="Emergency Medicine in the Cibao Valley",
        organization=OrganizationFactory(name="Hospital Regional Universitario José María"),
        country="DO",
        city="Santiago de los Caballeros",
    )
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto("/electives/?view=table&q=Cibao")
        cell = page.locator(".results-table tbody td:nth-child(2)").first
        expect(cell).to_contain_text("Santiago de los Caballeros")
        # Each word of the place on one line: a word broken in two has two boxes.
        broken = cell.evaluate(
            """cell => {
                const text = cell.firstChild, broken = [];
                for (const m of text.data.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(text, m.index);
                    range.setEnd(text, m.index + m[0].length);
                    if (range.getClientRects().length > 1) broken.push(m[0]);
                }
                return broken;
            }"""
        )
        assert broken == [], f"{broken} broken at {size['width']} px"


def test_a_search_understood_as_filters_at_both_widths(page, directory):
    SHOTS.mkdir(exist_ok=True)
    for name, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.goto(UNDERSTOOD)
        expect(page.locator(".search-understood")).to_contain_text(
            "Showing Family Medicine electives in Kenya"
        )
        expect(page.get_by_role("link", name="Specialty: Family Medicine")).to_be_visible()
        expect(page.get_by_role("link", name="search in text instead")).to_be_visible()
        assert run_axe(page) == []
        page.screenshot(path=str(SHOTS / f"search-understood-{name}.png"))
    page.set_viewport_size(PHONE)
    page.goto(TWELVE_FILTERS)
    page.screenshot(path=str(SHOTS / "listing-many-chips-390.png"))

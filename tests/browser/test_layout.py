"""What only a real browser shows about the layout: the phone filter disclosure and
header, dark mode contrast, and the print styles."""

import pytest
from playwright.sync_api import expect

from .conftest import BROWSER, DESKTOP, PHONE, run_axe
from .pages import DETAIL_SLUG

pytestmark = BROWSER


def test_filters_are_a_disclosure_on_phones_and_always_open_on_desktops(page, directory):
    page.set_viewport_size(PHONE)
    page.goto("/electives/")
    summary = page.locator(".filter-panel > summary")
    expect(summary).to_be_visible()
    expect(page.locator("#filters")).to_be_hidden()
    summary.click()
    expect(page.locator("#filters")).to_be_visible()
    summary.click()
    expect(page.locator("#filters")).to_be_hidden()

    page.set_viewport_size(DESKTOP)
    expect(page.locator("#filters")).to_be_visible()
    expect(summary).to_be_hidden()


@pytest.mark.parametrize("path", ["/electives/?category=clinical", f"/electives/{DETAIL_SLUG}/"])
def test_dark_mode_keeps_every_contrast(page, directory, path):
    page.emulate_media(color_scheme="dark")
    page.goto(path)
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background != "rgb(255, 255, 255)", "dark mode did not apply"
    assert run_axe(page) == []


def test_print_shows_the_listing_content_without_the_controls(page, directory):
    page.goto(f"/electives/{DETAIL_SLUG}/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Larger text")).to_be_hidden()
    # Links print their address, since paper cannot be clicked.
    website = page.locator("main a[href^='http']").first
    after = website.evaluate("el => getComputedStyle(el, '::after').content")
    assert website.get_attribute("href") in after


def test_the_table_view_fits_beside_the_filters_on_a_desktop(page, directory):
    page.set_viewport_size(DESKTOP)
    page.goto("/electives/?view=table")
    widths = page.evaluate(
        "(() => { const box = document.querySelector('.table-scroll');"
        " return [box.scrollWidth, box.clientWidth]; })()"
    )
    assert widths[0] <= widths[1], f"the table is {widths[0]} px wide in a {widths[1]} px column"


# Seven filters on, each shown as a chip above the results.
SEVEN_FILTERS = (
    "/electives/?category=clinical&country=KE&region=sub-saharan-africa&pgy=2"
    "&specialty=family-medicine&open=1&min_weeks=1"
)


def test_on_a_phone_the_header_is_compact_and_results_start_near_the_top(page, directory):
    """Measured on this data: before, a 174 px header and the first result 693 px down
    (exports and the nav above it); after, 69 px and 533 px."""
    page.set_viewport_size(PHONE)
    page.goto(SEVEN_FILTERS)
    expect(page.locator(".chips .chip")).to_have_count(7)
    header = page.get_by_role("banner").bounding_box()["height"]
    first = page.locator(".results-list > li").first.bounding_box()["y"]
    assert header <= 80, f"the header is {header:.0f} px tall"
    assert first <= 600, f"the first result starts {first:.0f} px down"
    # The exports follow the results.
    exports = page.get_by_role("list", name="This search as a file or feed")
    assert exports.bounding_box()["y"] > page.locator(".results-list").bounding_box()["y"]

    # The nav and the text size are one tap away, in the menu; without JavaScript too.
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(nav.get_by_role("link", name="Safety")).to_be_visible()
    expect(page.get_by_role("button", name="Larger text")).to_be_visible()

    page.set_viewport_size(DESKTOP)
    page.goto(SEVEN_FILTERS)
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(nav.get_by_role("link", name="Safety")).to_be_visible()
    expect(page.get_by_role("button", name="Larger text")).to_be_visible()
    assert page.get_by_role("banner").bounding_box()["height"] <= 80

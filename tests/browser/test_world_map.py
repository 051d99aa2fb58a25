"""The world map is usable with a keyboard alone and without JavaScript."""

from playwright.sync_api import expect

from .conftest import BROWSER

pytestmark = BROWSER


def test_keyboard_reaches_each_country_on_the_map_and_follows_it(page, directory):
    page.goto("/countries/")
    page.get_by_role("link", name="Skip the map: go to the list of countries").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.closest('svg') !== null, document.activeElement.textContent]"
    )
    assert focused[0], "Tab after the skip link does not enter the map"
    first = focused[1]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") != first
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    country = first.split(":")[0]
    expect(page.locator("h1")).to_contain_text(country)


def test_the_skip_link_jumps_past_the_map(page, directory):
    page.goto("/countries/")
    page.get_by_role("link", name="Skip the map: go to the list of countries").press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#country-index') !== null")


def test_the_map_works_without_javascript(browser, base_url, directory):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/countries/")
    with page.expect_navigation():
        page.locator("svg a").first.click()
    assert "/countries/" in page.url and page.url.rstrip("/") != base_url + "/countries"
    context.close()

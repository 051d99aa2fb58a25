"""The header's text-size control scales the whole site, and the choice is kept."""

from playwright.sync_api import expect

from .conftest import BROWSER

pytestmark = BROWSER

ROOT_FONT_SIZE = "parseFloat(getComputedStyle(document.documentElement).fontSize)"

# Records the text size at the moment <body> starts: set by then means set before
# the first paint, so a saved size never flashes from 100% to its own value.
SIZE_WHEN_BODY_STARTS = """
new MutationObserver((changes, observer) => {
  if (!document.body) return;
  window.sizeWhenBodyStarts = document.documentElement.getAttribute('data-text-size');
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""


def root_font_size(page):
    return page.evaluate(ROOT_FONT_SIZE)


def test_larger_and_smaller_text_scale_the_page_and_are_remembered(page, context):
    page.goto("/")
    assert root_font_size(page) == 16
    heading = page.locator("h1")
    heading_before = heading.bounding_box()["height"]

    page.get_by_role("button", name="Larger text").click()
    page.get_by_role("button", name="Larger text").click()
    assert root_font_size(page) == 20  # two steps: 112.5%, then 125%
    assert heading.bounding_box()["height"] > heading_before
    expect(page.locator("[data-text-size-value]")).to_have_text("125%")

    # Another page, in the same tab: the size holds, and is there before the first paint.
    page.add_init_script(SIZE_WHEN_BODY_STARTS)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Safety").click()
    page.wait_for_url("**/safety/")
    assert root_font_size(page) == 20
    assert page.evaluate("window.sizeWhenBodyStarts") == "125"

    # A new tab (a later visit) remembers it too.
    later = context.new_page()
    later.goto("/electives/")
    assert root_font_size(later) == 20
    expect(later.locator("[data-text-size-value]")).to_have_text("125%")

    later.get_by_role("button", name="Smaller text").click()
    assert root_font_size(later) == 18
    later.get_by_role("button", name="Reset text size").click()
    assert root_font_size(later) == 16
    assert later.evaluate("localStorage.getItem('text-size')") is None
    later.reload()
    assert root_font_size(later) == 16


def test_the_control_stops_at_its_smallest_and_largest_steps(page):
    page.goto("/")
    smaller = page.get_by_role("button", name="Smaller text")
    larger = page.get_by_role("button", name="Larger text")
    smaller.click()
    assert root_font_size(page) == 14  # 87.5% is the smallest step
    expect(smaller).to_have_attribute("aria-disabled", "true")
    smaller.click(force=True)  # announced as unavailable, and it is
    assert root_font_size(page) == 14
    for _ in range(6):
        larger.click()
    assert root_font_size(page) == 32  # 200%, the largest
    expect(larger).to_have_attribute("aria-disabled", "true")
    larger.click(force=True)
    assert root_font_size(page) == 32
    expect(smaller).to_have_attribute("aria-disabled", "false")


def test_without_javascript_the_buttons_that_cannot_work_are_hidden(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Larger text")).to_be_hidden()
    context.close()

"""Screenshots of home, the listing (cards, table, zero results, a corrected search), an
elective's page and the countries' map at desktop (1280 px) and phone (390 px) widths, for
review.

    .venv/bin/python bench/screenshots.py      # writes bench/out/*.png

Uses Debian's Chromium through Playwright and the production-like demo site.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright
from server import demo_site

OUT = Path(__file__).resolve().parent / "out"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The path "detail" is the first elective the listing shows.
SHOTS = [
    # name, path, width, height, colour scheme
    ("home-1280", "/", 1280, 900, "light"),
    ("home-390", "/", 390, 844, "light"),
    ("listing-table-1280", "/electives/?view=table", 1280, 900, "light"),
    ("listing-table-390", "/electives/?view=table", 390, 844, "light"),
    ("detail-1280", "detail", 1280, 900, "light"),
    ("detail-390", "detail", 390, 844, "light"),
    ("listing-1280", "/electives/", 1280, 900, "light"),
    ("listing-390", "/electives/", 390, 844, "light"),
    ("listing-390-filters-open", "/electives/?category=clinical", 390, 844, "light"),
    ("listing-1280-dark", "/electives/", 1280, 900, "dark"),
    ("zero-results-1280", "/electives/?q=malaria&country=GB&housing=1", 1280, 900, "light"),
    ("zero-results-390", "/electives/?q=malaria&country=GB&housing=1", 390, 844, "light"),
    ("corrected-1280", "/electives/?q=malria", 1280, 900, "light"),
    # Issue 28: a query understood as filters, and many chips folded on a phone.
    ("search-understood-1280", "/electives/?q=internal+medicine+kenya", 1280, 900, "light"),
    ("search-understood-390", "/electives/?q=internal+medicine+kenya", 390, 844, "light"),
    (
        "listing-many-chips-390",
        "/electives/?category=clinical&category=community-health&open=1&housing=1&pgy=2"
        "&weeks=12&max_cost=10000&language=es&advisory_max=3&region=sub-saharan-africa"
        "&region=latin-america-caribbean&specialty=family-medicine",
        390,
        844,
        "light",
    ),
    ("corrected-390", "/electives/?q=malria", 390, 844, "light"),
    ("countries-1280", "/countries/", 1280, 900, "light"),
    ("countries-390", "/countries/", 390, 844, "light"),
    ("shortlist-1280", "/shortlist/", 1280, 900, "light"),
    ("compare-390", "compare", 390, 844, "light"),
    ("plan-1280", "plan", 1280, 900, "light"),
    ("approval-1280", "approval", 1280, 900, "light"),
    ("approval-390", "approval", 390, 844, "light"),
    ("suggest-390", "/suggest/", 390, 844, "light"),
    ("listing-390-weeks", "/electives/?weeks=4&advisory_max=2", 390, 844, "light"),
]


def main():
    OUT.mkdir(exist_ok=True)
    with demo_site(electives=120) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, path, width, height, scheme in SHOTS:
            page = browser.new_page(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            if path in ("detail", "plan", "compare", "approval"):
                page.goto(url + "/electives/")
                links = page.locator("#results article h3 a")
                first = links.first.get_attribute("href")
                if path == "compare":
                    slugs = [links.nth(i).get_attribute("href").split("/")[2] for i in (0, 1)]
                    path = "/compare/?e=" + ",".join(slugs)
                else:
                    path = first + {"plan": "plan/", "approval": "approval/"}.get(path, "")
            page.goto(url + path)
            if name.endswith("filters-open"):
                page.locator(".filter-panel > summary").click()
            target = OUT / f"{name}.png"
            page.screenshot(path=target, full_page=True)
            print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()

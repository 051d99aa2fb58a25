"""The approval packet prints on A4 and Letter without clipping (Chromium's print layout at
each paper's printable width), saves as a PDF, and stays accessible with the institution's
policy marked."""

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import BROWSER, DESKTOP, PHONE, run_axe
from .pages import ARCHIVED_SLUG, DETAIL_SLUG, LONG_SLUG, SECOND_SLUG

pytestmark = BROWSER

# Printable width in CSS pixels (96 a inch) inside the packet's 15 mm page margins.
MARGIN_MM = 15
PAPERS = {"A4": 210, "Letter": 215.9}  # paper widths in mm
PACKETS = {
    "one": f"/electives/{DETAIL_SLUG}/approval/?start=2027-09-06",
    "shortlist": f"/shortlist/approval/?e={DETAIL_SLUG},{SECOND_SLUG},{ARCHIVED_SLUG}",
}
# What issue 26 prints: one elective with the resident's answers, and three electives.
ANSWERS = (
    "start=2027-09-06&j1=1&specialty=surgery&name=Ada+Resident&program=Mercy+Family+Medicine"
    "&pgy=2&dates=6+September+to+4+October+2027&program_pays=500"
    "&goals="
    + "Manage+common+illness+with+few+tests.+" * 12
    + "&supervision="
    + "Daily+rounds+with+the+site+supervisor.+" * 12
)
PRINTED = {
    "one": (f"/electives/{DETAIL_SLUG}/approval/?{ANSWERS}", 1),
    "three": (f"/shortlist/approval/?e={DETAIL_SLUG},{SECOND_SLUG},{LONG_SLUG}&{ANSWERS}", 3),
}
PDF_PAPERS = {"Letter": (8.5 * 72, 11 * 72), "A4": (595.28, 841.89)}  # points
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/approval-screenshots"))


def printable_width(paper):
    return round((PAPERS[paper] - 2 * MARGIN_MM) / 25.4 * 96)


def overflowing(page):
    """Elements whose right edge passes the page's width (what printing would clip)."""
    return page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            // Rendered, and not the 1 px boxes that hide text for screen readers.
            .filter(el => el.getClientRects().length && el.getBoundingClientRect().width > 1)
            .filter(el => el.getBoundingClientRect().right > limit + 0.5
                          || el.scrollWidth > el.clientWidth + 1
                             && getComputedStyle(el).overflowX !== 'visible')
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + '.' + el.className
                       + ' right=' + Math.round(el.getBoundingClientRect().right));
        }"""
    )


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("which", PACKETS)
def test_the_packet_prints_without_clipping(directory, page, paper, which):
    page.goto(PACKETS[which])
    page.emulate_media(media="print")
    page.set_viewport_size({"width": printable_width(paper), "height": 1100})
    assert overflowing(page) == [], f"{which} packet clipped on {paper}"
    # What the print hides, and what it keeps.
    assert not page.locator("form.plan-form").is_visible()
    assert not page.get_by_role("navigation").first.is_visible()
    assert page.get_by_text("Program director", exact=True).first.is_visible()
    pdf = page.pdf(format=paper, print_background=False)
    assert pdf.startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{which}-{paper}.pdf").write_bytes(pdf)
    page.screenshot(path=SCREENSHOTS / f"{which}-{paper}-print.png", full_page=True)


@pytest.mark.parametrize("paper", PDF_PAPERS)
@pytest.mark.parametrize("which", PRINTED)
def test_the_packet_prints_on_two_pages_an_elective_plus_a_summary(directory, page, paper, which):
    path, electives = PRINTED[which]
    page.goto(path)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": printable_width(paper), "height": 1100})
    assert overflowing(page) == [], f"{which} packet clipped on {paper}"
    pdf = page.pdf(format=paper, print_background=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"printed-{which}-{paper}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    summary = 1 if electives > 1 else 0
    assert len(reader.pages) <= 2 * electives + summary, f"{len(reader.pages)} pages"
    width, height = PDF_PAPERS[paper]
    for printed in reader.pages:
        assert abs(float(printed.mediabox.width) - width) < 2
        assert abs(float(printed.mediabox.height) - height) < 2
    pages = [" ".join(printed.extract_text().split()) for printed in reader.pages]
    # No near-empty page: each carries a good part of a page's text.
    assert all(len(text) > 300 for text in pages[:-1]), [len(text) for text in pages]
    text = " ".join(pages)
    for wanted in ["Ada Resident", "Mercy Family Medicine", "PGY-2", "Program director"]:
        assert wanted in text, wanted
    # The last section, whole: the disclaimer's link.
    assert "A listing is not an endorsement" in text and "/safety/" in text
    # What only the screen needs does not print.
    assert "Print it, or save it" not in text and "Prepare the packet" not in text
    if summary:
        assert pages[0].count("Summary") >= 1 and "Rural Family Medicine in Kisumu" in pages[0]


def test_each_elective_of_a_shortlist_packet_starts_a_printed_page(directory, page):
    page.goto(PACKETS["shortlist"])
    page.emulate_media(media="print")
    breaks = page.locator("article.packet").evaluate_all(
        "articles => articles.map(a => getComputedStyle(a).breakBefore)"
    )
    assert breaks == ["auto", "page"]
    # The summary fills the first page; each elective follows on a page of its own.
    summary = page.locator("section.packet-summary")
    assert summary.evaluate("s => getComputedStyle(s).breakAfter") == "page"


def test_pages_with_the_policy_marked_are_accessible(directory, page, settings):
    settings.ADVISORY_POLICY_MAX_LEVEL = 2
    for path in [PACKETS["shortlist"], f"/electives/{SECOND_SLUG}/", "/electives/?country=PE"]:
        page.set_viewport_size(DESKTOP)
        page.goto(path)
        assert page.get_by_text("Institution policy:").count() >= 1, path
        assert run_axe(page) == [], f"axe at 1280 px on {path}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.strip("/").replace("/", "_").split("?")[0] or "home"
        page.screenshot(path=SCREENSHOTS / f"policy-{name}-1280.png", full_page=True)
        page.set_viewport_size(PHONE)
        assert run_axe(page) == [], f"axe at 390 px on {path}"
        page.screenshot(path=SCREENSHOTS / f"policy-{name}-390.png", full_page=True)

"""The guide's pages: Markdown files in guide/content/, rendered when first asked for.

Each file starts with a metadata block (Python-Markdown's "meta" extension):

    Title: Timeline
    Summary: One sentence for the index and the meta description.
    Reviewed: 2025-11-20

and uses ## headings for its sections; the table of contents is made from them.
"""

import datetime
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import markdown

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# The guide, in reading order: /guide/<slug>/ for each, with previous/next links.
GUIDE_SLUGS = [
    "kinds-of-elective",
    "timeline",
    "will-it-count",
    "choosing-a-site",
    "health",
    "safety-and-security",
    "licensure-visas-malpractice",
    "funding",
    "coming-back",
]
# Pages rendered from the same kind of file but outside the guide's sequence.
OTHER_SLUGS = ["safety"]


@dataclass(frozen=True)
class Heading:
    id: str
    name: str


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    reviewed: datetime.date
    html: str
    contents: tuple[Heading, ...]


def _render(path):
    md = markdown.Markdown(
        extensions=["meta", "toc", "tables", "sane_lists", "smarty"],
        extension_configs={"toc": {"toc_depth": "2-2"}},
    )
    body = md.convert(path.read_text(encoding="utf-8"))
    meta = {key: " ".join(values).strip() for key, values in md.Meta.items()}
    missing = {"title", "summary", "reviewed"} - meta.keys()
    if missing:
        raise ValueError(f"{path.name} lacks {', '.join(sorted(missing))} in its metadata")
    return Page(
        slug=path.stem,
        title=meta["title"],
        summary=meta["summary"],
        reviewed=datetime.date.fromisoformat(meta["reviewed"]),
        html=body,
        # toc_tokens names are HTML (smarty quotes as entities); templates escape plain text.
        contents=tuple(Heading(t["id"], html.unescape(t["name"])) for t in md.toc_tokens),
    )


@lru_cache(maxsize=32)
def _load(path, modified):
    # Keyed on the file's modification time, so an edited file shows without a restart.
    return _render(path)


def get(slug):
    """The page for a slug, or None if there is no such page."""
    if slug not in GUIDE_SLUGS and slug not in OTHER_SLUGS:
        return None
    path = CONTENT_DIR / f"{slug}.md"
    return _load(path, path.stat().st_mtime_ns)


def guide_pages():
    return [get(slug) for slug in GUIDE_SLUGS]


def neighbours(slug):
    """The guide pages before and after this one (None at either end)."""
    index = GUIDE_SLUGS.index(slug)
    previous = get(GUIDE_SLUGS[index - 1]) if index > 0 else None
    following = get(GUIDE_SLUGS[index + 1]) if index + 1 < len(GUIDE_SLUGS) else None
    return previous, following

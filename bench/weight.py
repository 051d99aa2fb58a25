"""Transfer size of each key page on first load: compressed HTML + CSS + JS (+ icons).

    .venv/bin/python bench/weight.py           # starts the production-like demo site
    BENCH_URL=http://127.0.0.1:8000 .venv/bin/python bench/weight.py

Counts response bodies as sent (gzip or Brotli, as a browser would accept them), with
an empty cache. The issue's budget is about 60 KB a page.
"""

import gzip
import re
import sys
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

import brotli  # whitenoise[brotli] installs it
from server import demo_site

BUDGET = 60 * 1024
ACCEPT = {"Accept-Encoding": "br, gzip", "Accept": "text/html,*/*"}
PAGES = [
    ("home", "/"),
    ("listing", "/electives/"),
    ("listing, filtered", "/electives/?category=clinical&region=sub-saharan-africa"),
    ("detail", None),  # the first elective on the listing
    ("organizations", "/organizations/"),
    ("countries", "/countries/"),
    ("country", "/countries/ke/"),
    ("guide", "/guide/"),
    ("resources", "/resources/"),
    ("safety", "/safety/"),
]


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("css", a["href"]))
        elif tag == "link" and "icon" in rel:
            self.found.append(("other", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.found.append(("other", a["src"]))


def fetch(url):
    """(body as transferred, encoding, decoded HTML if any)."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=ACCEPT), timeout=30) as r:
        body = r.read()
        encoding = r.headers.get("Content-Encoding", "identity")
    text = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, bytes)(body)
    return len(body), encoding, text.decode("utf-8", "replace")


def weigh(base, path):
    sizes = {"html": 0, "css": 0, "js": 0, "other": 0}
    sizes["html"], encoding, html = fetch(base + path)
    raw_html = len(html.encode())
    parser = Assets()
    parser.feed(html)
    for kind, href in dict.fromkeys(parser.found):
        sizes[kind] += fetch(urljoin(base + path, href))[0]
    return sizes, encoding, raw_html, html


def main():
    with demo_site() as base:
        listing_html = fetch(base + "/electives/")[2]
        detail = re.search(r'href="(/electives/(?!feed/|export)[a-z0-9-]+/)"', listing_html)
        rows, over = [], []
        for name, path in PAGES:
            path = path or detail.group(1)
            sizes, encoding, raw_html, _ = weigh(base, path)
            total = sizes["html"] + sizes["css"] + sizes["js"]
            rows.append((name, path, sizes, encoding, raw_html, total))
            if total > BUDGET:
                over.append(name)

    print(f"{'page':20} {'HTML':>14} {'CSS':>7} {'JS':>7} {'icon':>6} {'HTML+CSS+JS':>12}")
    for name, path, sizes, encoding, raw_html, total in rows:
        html = f"{sizes['html'] / 1024:.1f} KB {encoding[:2]}"
        print(
            f"{name:20} {html:>14} {sizes['css'] / 1024:5.1f} KB {sizes['js'] / 1024:5.1f} KB"
            f" {sizes['other'] / 1024:4.1f} KB {total / 1024:9.1f} KB"
            f"   ({raw_html / 1024:.0f} KB HTML uncompressed) {path}"
        )
    print(f"budget: {BUDGET // 1024} KB a page; over budget: {', '.join(over) or 'none'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

"""The world map on /countries/ and home: inline SVG drawn from committed outlines.

electives/data/world.json holds each country's outline as SVG path data (Natural Earth,
projected once by electives/data/build_world_map.mjs), so a page needs no map library and no
JavaScript: countries with electives are links, shaded by how many they have.
"""

import functools
import json
import math
import re
from pathlib import Path

import pycountry
from django_countries import countries

from .models import warns

WORLD = Path(__file__).with_name("data") / "world.json"
CLASSES = 4  # shades of the legend, lightest to darkest


@functools.cache
def _outlines():
    """(viewBox, {alpha-2: path data}, {alpha-2: (x, y)}), read once per process."""
    data = json.loads(WORLD.read_text())

    def alpha2(numeric):
        country = pycountry.countries.get(numeric=numeric)
        return country.alpha_2 if country else None

    shapes = {alpha2(n): _relative(d) for n, d in data["shapes"].items() if alpha2(n)}
    points = {alpha2(n): tuple(xy) for n, xy in data["points"].items() if alpha2(n)}
    return " ".join(map(str, data["viewBox"])), shapes, points


_STEP = re.compile(r"([MLZ])(?:(-?\d+),(-?\d+))?")


def _relative(d):
    """The same outline (absolute M, L and Z) with each line drawn as an offset from the
    point before it ("l3,-2 1,4"): a third fewer bytes on every page that shows the map."""
    out, x, y, start, drawing = [], 0, 0, (0, 0), False
    for command, px, py in _STEP.findall(d):
        if command == "Z":
            out.append("Z")
            (x, y), drawing = start, False
            continue
        px, py = int(px), int(py)
        if command == "M":
            out.append(f"M{px},{py}")
            start, drawing = (px, py), False
        else:
            out.append(f"{' ' if drawing else 'l'}{px - x},{py - y}")
            drawing = True
        x, y = px, py
    return "".join(out)


def _class_limits(counts):
    """Upper bounds of the shades: quantiles of the counts, so every shade is used."""
    values = sorted(counts)
    limits = []
    for k in range(1, CLASSES + 1):
        limit = values[max(0, math.ceil(k * len(values) / CLASSES) - 1)]
        if not limits or limit > limits[-1]:
            limits.append(limit)
    return limits


def world_map(counts, levels):
    """What templates/includes/world_map.html draws.

    counts: {ISO alpha-2: published electives}; levels: {ISO alpha-2: advisory level}.
    """
    view_box, shapes, points = _outlines()
    limits = _class_limits(counts.values()) if counts else []
    legend, low = [], 1
    for shade, high in enumerate(limits, start=1):
        label = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        legend.append({"shade": shade, "label": label})
        low = high + 1

    def shade(n):
        return next(i for i, high in enumerate(limits, start=1) if n <= high)

    linked, dots = [], []
    for code, n in sorted(counts.items(), key=lambda item: countries.name(item[0])):
        level = levels.get(code)
        country = {
            "code": code.lower(),
            "name": countries.name(code),
            "count": n,
            "shade": shade(n),
            "warning": level if warns(level) else None,
        }
        if code in shapes:
            linked.append({**country, "d": shapes[code]})
        elif code in points:
            x, y = points[code]
            dots.append({**country, "x": x, "y": y})
    # Countries without electives are scenery: one path, hidden from screen readers.
    background = "".join(d for code, d in shapes.items() if code not in counts)
    return {
        "view_box": view_box,
        "background": background,
        "countries": linked,
        "dots": dots,
        "legend": legend,
    }

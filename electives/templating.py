"""The Jinja2 environment of the directory listing's templates (electives/jinja2/listing/).

The listing is the page every filter combination renders, and Django's template language
spent most of its time on it (bench/README.md); Jinja2 compiles the same markup to Python.
The page around it (base.html) and the cards stay Django templates, which the rest of the
site shares. Autoescaping is on (the backend's default).
"""

from urllib.parse import urlencode

from django.template.defaultfilters import pluralize
from django.urls import reverse
from jinja2 import Environment


def querystring(query_dict, **changes):
    """Django's {% querystring %}: the parameters with some set (a value or a list) or
    removed (None), as "?a=1&b=2", or "" when there are none and never were. The same
    string, without copying the QueryDict (a deep copy: most of the tag's cost)."""
    pairs = []
    for key, values in query_dict.lists():
        if key in changes:
            values = _values(changes[key])
        pairs += [(key, value) for value in values]
    for key, value in changes.items():
        if key not in query_dict:
            pairs += [(key, one) for one in _values(value)]
    if not pairs and not query_dict:
        return ""
    return f"?{urlencode(pairs)}"


def _values(value):
    if value is None:
        return []
    return value if isinstance(value, list | tuple) else [value]


def environment(**options):
    env = Environment(**options)
    env.globals.update(url=reverse, querystring=querystring)
    env.filters["pluralize"] = pluralize
    return env

"""Extension points of an elective's page (templates/electives/elective_detail.html).

The apps above electives add their parts of the page from their AppConfig.ready()
(residents: the tools in the "How to apply" box; debriefs: what returning residents
said), so the domain renders its own page without loading their tag libraries or
templates: templates have layers too (tests/test_layers.py). Each section is a template
of its own app and a function of the elective giving that template's context; the page
stays the same for every visitor (cacheable), so neither may depend on the visitor.
"""

from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


class Section(NamedTuple):
    template: str
    context: object  # a function of the elective: the template's context (a dict)


# Where on the page each place is: "apply", inside the "How to apply" box (left out of a
# curator's preview); "after_description", after the description.
PLACES = {"apply": [], "after_description": []}


def add_section(place, template, context=lambda elective: {"elective": elective}):
    PLACES[place].append(Section(template, context))


def rendered(place, elective, request=None):
    """The sections of one place, rendered in the order they were added."""
    # Safe: each template escapes what it shows.
    return mark_safe(
        "".join(
            render_to_string(section.template, section.context(elective), request)
            for section in PLACES[place]
        )
    )

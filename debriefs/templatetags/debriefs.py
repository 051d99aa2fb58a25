"""The debriefs on an elective's page and in compare: `{% load debriefs %}`."""

from django import template

from ..models import Debrief
from ..summary import summaries

register = template.Library()


@register.inclusion_tag("debriefs/section.html")
def debriefs_section(elective):
    """Its published debriefs, newest first, and their summary (two queries)."""
    debriefs = list(
        Debrief.objects.published()
        .filter(elective=elective)
        .select_related("specialty")
        .newest_first()
    )
    return {
        "elective": elective,
        "debriefs": debriefs,
        "summary": summaries([elective.slug])[elective.slug],
    }


@register.simple_tag
def debrief_summaries(electives):
    """[Summary] of each elective, in order (one query)."""
    found = summaries(elective.slug for elective in electives)
    return [found[elective.slug] for elective in electives]


@register.simple_tag
def debrief_summary(elective):
    """The Summary of one elective's published debriefs (one query): the packet's cost."""
    return summaries([elective.slug])[elective.slug]

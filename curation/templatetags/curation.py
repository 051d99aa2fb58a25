from django import template

from curation import dashboard
from electives import access

register = template.Library()


@register.inclusion_tag("admin/curation/dashboard.html", takes_context=True)
def curator_dashboard(context):
    request = context["request"]
    if not access.is_curator(request.user):
        return {"items": None}
    return dashboard.context()

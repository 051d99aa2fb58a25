from django import template

from curation import dashboard, workflow

register = template.Library()


@register.inclusion_tag("admin/curation/dashboard.html", takes_context=True)
def curator_dashboard(context):
    request = context["request"]
    if not workflow.is_curator(request.user):
        return {"items": None}
    return {"items": dashboard.items()}

from django.http import Http404
from django.shortcuts import render
from django.views.generic import TemplateView

from . import pages, timeline
from .models import Resource, Topic


class GuideIndexView(TemplateView):
    template_name = "guide/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pages=pages.guide_pages(), **kwargs)


def guide_page(request, slug):
    page = pages.get(slug)
    if page is None or slug not in pages.GUIDE_SLUGS:
        raise Http404("No such guide page.")
    previous, following = pages.neighbours(slug)
    context = {
        "page": page,
        "number": pages.GUIDE_SLUGS.index(slug) + 1,
        "total": len(pages.GUIDE_SLUGS),
        "previous": previous,
        "next": following,
        # The timeline page shows the steps the plan, the packet and plan.ics date.
        "timeline": timeline.guide_timeline() if slug == "timeline" else None,
    }
    return render(request, "guide/page.html", context)


def safety(request):
    return render(request, "guide/safety.html", {"page": pages.get("safety")})


class ResourceListView(TemplateView):
    template_name = "guide/resources.html"

    def get_context_data(self, **kwargs):
        # One query; grouped here so the topics keep their declared order.
        by_topic = {}
        for resource in Resource.objects.order_by("order", "title"):
            by_topic.setdefault(resource.topic, []).append(resource)
        groups = [
            {"topic": topic, "resources": by_topic[topic.value]}
            for topic in Topic
            if topic.value in by_topic
        ]
        return super().get_context_data(groups=groups, **kwargs)

from django.core import signing
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from electives.models import Elective
from web.rate_limit import refused, refused_by_rate_limit

from . import review
from .forms import DebriefForm, LinkRequestForm
from .models import Debrief, DebriefLink


@never_cache
def ask_for_link(request, slug):
    elective = get_object_or_404(Elective.objects.published(), slug=slug)
    form = LinkRequestForm(request.POST or None)
    context = {"elective": elective, "form": form}
    if request.method != "POST":
        return render(request, "debriefs/ask.html", context)
    limited = refused_by_rate_limit(request, form, "debrief")
    if limited or not form.is_valid():
        return refused(request, "debriefs/ask.html", context, limited)
    review.request_link(elective, form.cleaned_data["email"], form.cleaned_data["note"])
    return render(request, "debriefs/asked.html", context)


def closed(request, reason, status):
    return render(request, "debriefs/closed.html", {"reason": reason}, status=status)


@never_cache
def debrief_form(request, token):
    try:
        link = DebriefLink.from_token(token)
    except signing.SignatureExpired:
        return closed(request, "expired", 410)
    except (signing.BadSignature, ValueError, DebriefLink.DoesNotExist):
        return closed(request, "invalid", 404)
    if link.used_at is not None or link.sent_at is None:
        return closed(request, "used", 410)
    debrief = link.debrief or Debrief(elective=link.elective)
    form = DebriefForm(request.POST or None, instance=debrief)
    context = {"elective": link.elective, "form": form, "debrief": link.debrief}
    if request.method == "POST" and form.is_valid():
        if review.submit(link, form.save(commit=False)) is None:
            return closed(request, "used", 410)
        return render(request, "debriefs/done.html", context)
    status = 400 if form.errors else 200
    return render(request, "debriefs/form.html", context, status=status)

from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from django.db import transaction
from django.db.models import Case, IntegerField, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from electives import workflow
from electives.advisories import cdc_url, state_department_url
from electives.csv import write_csv
from electives.models import Elective, TravelAdvisory
from electives.templatetags.directory import card_id
from mail.outbox import absolute, notify_curators, send
from web.rate_limit import refused, refused_by_rate_limit

from . import calendar, plan, shortlist
from .alerts import alert_context, search_errors, search_query, search_summary, search_url
from .compare import rows as compare_rows
from .forms import AlertForm, FrequencyForm, PlanForm, ProblemReportForm, SuggestionForm
from .models import SUGGESTED_BY_THE_PUBLIC, Alert, Suggestion

COMPARE_MIN, COMPARE_MAX = 2, 4


def plain_refusal(message):
    """A 400 for files (CSV, calendars) asked for with a bad parameter: the reason, as text."""
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


# --- Shortlist ---


def published_in_order(slugs):
    order = Case(*[When(slug=s, then=i) for i, s in enumerate(slugs)], output_field=IntegerField())
    return Elective.objects.published().filter(slug__in=slugs).order_by(order)


def requested_slugs(request):
    """The shared list (`?e=`) if given, else the visitor's own; and whether it is shared."""
    if "e" in request.GET:
        return shortlist.slugs_from_params(request.GET)[: shortlist.MAX_ENTRIES], True
    return shortlist.read(request), False


def private(response):
    """Pages made from the visitor's own cookie: never stored by a shared cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@csrf_exempt  # The Save forms sit on cached pages and so carry no token: see save().
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist_page(request):
    if request.method == "POST":
        return save(request)
    try:
        slugs, shared = requested_slugs(request)
    except shortlist.NotASlug as error:
        context = {"shortlist": shortlist.resolve([]), "shared": True, "message": str(error)}
        return render(request, "residents/shortlist.html", context, status=400)
    context = {"shortlist": shortlist.resolve(slugs), "shared": shared}
    if shared:
        return render(request, "residents/shortlist.html", context)
    return private(render(request, "residents/shortlist.html", context))


def save(request):
    """Add to or remove from the visitor's own shortlist.

    No CSRF token (the forms sit on pages cached for everyone). A cross-site POST does not
    carry the SameSite=Lax cookie, so it could only start a fresh list in its place:
    browsers say where a POST comes from (Origin, Sec-Fetch-Site), and one from another
    site is refused.
    """
    if from_another_site(request):
        message = "Save electives from this site's own pages."
        return save_answer(request, shortlist.read(request), message, status=403)
    action = request.POST.get("action", "")
    slugs = shortlist.read(request)
    message = ""
    try:
        slug = shortlist.checked_slug(request.POST.get("slug", ""))
    except shortlist.NotASlug as error:
        return save_answer(request, slugs, str(error), status=400)
    if action not in ("add", "remove") or not slug:
        message = "Say which elective (slug) and whether to add or remove it."
        return save_answer(request, slugs, message, status=400)
    if action == "remove":
        slugs = [s for s in slugs if s != slug]
    elif slug not in slugs:
        if not Elective.objects.published().filter(slug=slug).exists():
            message = "That elective is not listed, so it was not saved."
            return save_answer(request, slugs, message, status=400)
        if not shortlist.fits([*slugs, slug]):
            message = (
                f"Your shortlist is full ({len(slugs)} electives): remove one to save another."
            )
            return save_answer(request, slugs, message, status=400)
        slugs.append(slug)
    return save_answer(request, slugs, message, saved=slug if action == "add" else None)


def from_another_site(request):
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.get_host()


def page_the_form_was_on(request):
    """Where to go back to: the form's `next`, else the Referer (the cards' forms are shared
    by every page they appear on, so they cannot name it); this site's pages only."""
    for candidate in (request.POST.get("next", ""), request.headers.get("Referer", "")):
        parts = urlsplit(candidate)
        if parts.netloc and parts.netloc != request.get_host():
            continue
        path = urlunsplit(("", "", parts.path, parts.query, ""))
        if path.startswith("/") and url_has_allowed_host_and_scheme(
            path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return path
    return reverse("residents:shortlist")


def save_answer(request, slugs, message, status=200, saved=None):
    """JSON for shortlist.js; otherwise back to the page the form was on, at the card of
    the elective just saved: the page stays the same for everyone, the fragment alone
    shows it saved (a :target style in site.css)."""
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"saved": slugs, "message": message}, status=status)
    elif status != 200:
        context = {"shortlist": shortlist.resolve(slugs), "shared": False, "message": message}
        response = render(request, "residents/shortlist.html", context, status=status)
    else:
        fragment = "#" + quote(card_id(saved)) if saved else ""
        response = redirect(page_the_form_was_on(request) + fragment)
    if status == 200:
        shortlist.write(response, slugs)
    return private(response)


def shortlist_csv(request):
    try:
        slugs, shared = requested_slugs(request)
    except shortlist.NotASlug as error:
        return plain_refusal(str(error))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shortlist.csv"'
    write_csv(published_in_order(slugs), response)
    return response if shared else private(response)


def shortlist_ics(request):
    try:
        slugs, shared = requested_slugs(request)
    except shortlist.NotASlug as error:
        return plain_refusal(str(error))
    cal = calendar.new_calendar("Shortlisted deadlines")
    for elective in published_in_order(slugs).select_related("organization"):
        calendar.add_application(cal, elective)
    response = calendar.ics_response(cal, "shortlist-deadlines.ics")
    return response if shared else private(response)


# --- Compare ---


def compare(request):
    try:
        slugs = shortlist.slugs_from_params(request.GET)
    except shortlist.NotASlug as error:
        return render(request, "residents/compare.html", {"problem": str(error)}, status=400)
    found = shortlist.resolve(slugs)
    electives = found.listed
    problem = ""
    if found.left_out:
        problem = found.left_out_note
    elif not COMPARE_MIN <= len(electives) <= COMPARE_MAX:
        problem = (
            f"Choose {COMPARE_MIN} to {COMPARE_MAX} electives to compare; "
            f"you chose {len(electives)}."
        )
    if problem:
        return render(request, "residents/compare.html", {"problem": problem}, status=400)
    advisories = {
        a.country.code: a
        for a in TravelAdvisory.objects.filter(country__in=[e.country.code for e in electives])
    }
    for elective in electives:
        elective.advisory = advisories.get(elective.country.code)
    context = {"electives": electives, "rows": compare_rows(electives)}
    return render(request, "residents/compare.html", context)


# --- One elective: calendar, plan, report ---


def published_elective(slug):
    return get_object_or_404(Elective.objects.published().select_related("organization"), slug=slug)


def deadline_ics(request, slug):
    elective = published_elective(slug)
    cal = calendar.new_calendar(f"Deadline: {elective.title}")
    calendar.add_deadline(cal, elective)
    return calendar.ics_response(cal, f"{elective.slug}-deadline.ics")


def planned(request, slug):
    """The elective, its advisory, the bound form and its timeline (None if the form is bad)."""
    elective = published_elective(slug)
    advisory = TravelAdvisory.objects.filter(country=elective.country).first()
    form = PlanForm(request.GET)
    timeline = None
    if form.is_valid():
        timeline = plan.checklist(
            elective,
            form.cleaned_data["start"],
            j1=form.cleaned_data["j1"],
            advisory_level=advisory.level if advisory else None,
        )
    return elective, advisory, form, timeline


def plan_page(request, slug):
    elective, advisory, form, timeline = planned(request, slug)
    rule = form.board_rule if timeline is not None else None
    context = {
        "elective": elective,
        "form": form,
        "timeline": timeline,
        "start": timeline.start if timeline is not None else None,
        "rule": rule,
        "concerns": rule.concerns(elective) if rule else [],
        "advisory": advisory,
        "cdc_url": cdc_url(elective.country.name),
        "state_department_url": state_department_url(elective.country.name),
    }
    status = 200 if timeline is not None else 400
    return render(request, "residents/plan.html", context, status=status)


def plan_ics(request, slug):
    elective, _, form, timeline = planned(request, slug)
    if timeline is None:
        return plain_refusal(
            "; ".join(message for messages in form.errors.values() for message in messages)
        )
    cal = calendar.new_calendar(f"Plan: {elective.title}")
    for dated in timeline.steps:
        if dated.day:
            overdue = "Overdue: " + dated.step.overdue + " " if dated.overdue else ""
            calendar.add_event(
                cal,
                uid=f"plan-{dated.step.key}-{elective.slug}",
                day=dated.day,
                summary=f"{dated.step.title}: {elective.title}",
                elective=elective,
                description=f"{overdue}{dated.step.what} {absolute(dated.step.guide_url)}",
            )
    return calendar.ics_response(cal, f"{elective.slug}-plan.ics")


@never_cache
def report(request, slug):
    elective = published_elective(slug)
    form = ProblemReportForm(request.POST or None)
    if request.method != "POST":
        return render(request, "residents/report.html", {"elective": elective, "form": form})
    limited = refused_by_rate_limit(request, form, "report")
    if limited or not form.is_valid():
        context = {"elective": elective, "form": form}
        return refused(request, "residents/report.html", context, limited)
    with transaction.atomic():
        problem = form.save(commit=False)
        problem.elective = elective
        problem.save()
        notify_curators("report_received", {"report": problem, "elective": elective})
    return render(request, "residents/thanks.html", {"what": "report", "elective": elective})


# --- Suggest an elective ---


@never_cache
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method != "POST":
        return render(request, "residents/suggest.html", {"form": form})
    limited = refused_by_rate_limit(request, form, "suggest")
    if limited or not form.is_valid():
        return refused(request, "residents/suggest.html", {"form": form}, limited)
    data = form.cleaned_data
    with transaction.atomic():
        elective = form.elective()
        workflow.suggested(elective, SUGGESTED_BY_THE_PUBLIC)
        elective.save()
        suggestion = Suggestion.objects.create(
            elective=elective,
            submitter_name=data["submitter_name"],
            submitter_email=data["submitter_email"],
        )
        context = {"suggestion": suggestion, "elective": elective}
        notify_curators("suggestion_received", context)
        send([suggestion.submitter_email], "suggestion_thanks", context)
    return render(request, "residents/thanks.html", {"what": "suggestion", "elective": elective})


# --- E-mail alerts ---


@csrf_exempt  # The form sits on the cached listing; double opt-in guards the address.
def alerts(request):
    params = request.POST if request.method == "POST" else request.GET
    query, filters = search_query(params)
    form = AlertForm(request.POST or None)
    context = {
        "form": form,
        "summary": search_summary(query),
        "search_pairs": parse_qsl(query),
        "search_url": search_url(query),
        "search_errors": search_errors(query, filters),
    }
    if context["search_errors"]:
        # The form keeps what was typed; the search itself is changed in the directory.
        return render(request, "residents/alerts.html", context, status=400)
    if request.method != "POST":
        return render(request, "residents/alerts.html", context)
    limited = refused_by_rate_limit(request, form, "alerts")
    if limited or not form.is_valid():
        return refused(request, "residents/alerts.html", context, limited)
    email = form.cleaned_data["email"].lower()
    with transaction.atomic():
        alert, created = Alert.objects.get_or_create(
            email=email, query=query, defaults={"frequency": form.cleaned_data["frequency"]}
        )
        # The same answer whether or not the address was subscribed already: the page
        # tells nobody who subscribes to what; the e-mail goes to the address itself.
        send([email], "alert_confirm", alert_context(alert))
    return render(request, "residents/alert_sent.html", {"email": email})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alert_confirm(request, token):
    """The e-mailed link shows a button; only its POST confirms. Mail scanners fetch links
    (GET, HEAD) to check them, and must not start alerts nobody asked for."""
    alert = get_object_or_404(Alert, token=token)
    if request.method == "POST":
        alert.confirm()
        context = manage_context(alert, confirmed=True)
        return render(request, "residents/alert_manage.html", context)
    if alert.confirmed_at is not None:
        return render(request, "residents/alert_manage.html", manage_context(alert))
    return render(request, "residents/alert_confirm.html", manage_context(alert))


def manage_context(alert, form=None, **extra):
    return {
        "alert": alert,
        "form": form or FrequencyForm(instance=alert),
        "summary": search_summary(alert.query),
        "search_url": search_url(alert.query),
        **extra,
    }


@never_cache
def alert_manage(request, token):
    alert = get_object_or_404(Alert, token=token)
    if request.method != "POST":
        return render(request, "residents/alert_manage.html", manage_context(alert))
    form = FrequencyForm(request.POST, instance=alert)
    if not form.is_valid():
        context = manage_context(alert, form)
        return render(request, "residents/alert_manage.html", context, status=400)
    form.save()
    return render(request, "residents/alert_manage.html", manage_context(alert, saved=True))


@csrf_exempt  # RFC 8058: mail clients POST here straight from the List-Unsubscribe header.
@never_cache
def alert_unsubscribe(request, token):
    alert = Alert.objects.filter(token=token).first()
    if request.method == "POST":
        if alert:
            alert.delete()
        return render(request, "residents/unsubscribed.html")
    if alert is None:
        return render(request, "residents/unsubscribed.html", status=404)
    return render(request, "residents/unsubscribe.html", {"alert": alert})

"""Template filters for the directory's pages: `{% load directory %}`."""

import json

import markdown as markdown_lib
import nh3
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from electives import approval, policy, sections
from electives.models import reverify_before

register = template.Library()

# What a listing's Markdown may produce; everything else (scripts, event handlers,
# styles, images, iframes) is removed by nh3 before the page sees it.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


@register.simple_tag(takes_context=True)
def page_sections(context, place, elective):
    """What the apps above electives add to an elective's page at `place`
    (electives.sections)."""
    return sections.rendered(place, elective, context.get("request"))


@register.filter
def card_id(slug):
    """The id of what holds an elective's Save form (its card, the detail page's tools):
    a Save without JavaScript comes back to it, and site.css shows it saved there."""
    return f"elective-{slug}"


@register.filter
def markdown(text):
    """Markdown rendered to HTML and sanitised: safe to show whatever a curator pasted."""
    # toc's baselevel moves the curator's headings down one level, under the page's own h2
    # ("About this elective"): "## Week" (the usual) is an h3, so no level is skipped.
    html = markdown_lib.markdown(
        text or "",
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": 2}},
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # sanitised by nh3 just above


@register.filter
def fee(cost_usd):
    if cost_usd is None:
        return "Fee not stated"
    if cost_usd == 0:
        return "Free"
    return f"${cost_usd:,}"


@register.filter
def weeks(elective):
    if elective.weeks_min == elective.weeks_max:
        return f"{elective.weeks_min} week{'s' if elective.weeks_min != 1 else ''}"
    return f"{elective.weeks_min}–{elective.weeks_max} weeks"


# What a fact nobody has stated reads as (Elective.unstated), wherever it is shown.
NOT_STATED = "Not stated"


@register.filter
def pgy_range(elective):
    if "pgy" in elective.unstated:
        return NOT_STATED
    low, high = elective.pgy_min, elective.pgy_max
    if low is None and high is None:
        return "Any PGY year"
    if low is None:
        return f"Up to PGY-{high}"
    if high is None:
        return f"PGY-{low} and above"
    if low == high:
        return f"PGY-{low} only"
    return f"PGY-{low} to PGY-{high}"


@register.filter
def housing(elective):
    if "housing" in elective.unstated:
        return NOT_STATED
    return "Provided" if elective.housing else "Not provided"


@register.filter
def specialty_names(elective):
    """Its specialties (from the prefetch), or what listing none means."""
    names = ", ".join(specialty.name for specialty in elective.specialties.all())
    if names:
        return names
    return NOT_STATED if "specialties" in elective.unstated else "Open to all specialties"


@register.filter
def language_names(elective):
    """The languages one must work in: "English and Spanish", "English only"."""
    names = ["English", *(language.plain_name for language in elective.languages.all())]
    if len(names) == 1:
        return NOT_STATED if "languages" in elective.unstated else "English only"
    return ", ".join(names[:-1]) + " and " + names[-1]


@register.filter
def months_ago(day):
    """'this month', '1 month ago', '7 months ago' for a past date."""
    if day is None:
        return ""
    today = timezone.localdate()
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if months <= 0:
        return "this month"
    return f"{months} month{'s' if months != 1 else ''} ago"


@register.filter
def is_past(day):
    return day is not None and day < timezone.localdate()


@register.filter
def is_stale(day):
    """Verified before reverify_before() (SPEC.md, Freshness): the listing may be out of date."""
    return day is not None and day < reverify_before()


@register.simple_tag
def json_ld(data):
    """A schema.org block; `<`, `>` and `&` escaped so text can never close the script."""
    if not data:
        return ""
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def approval_facts(elective):
    """`{% approval_facts elective as facts %}`: electives.approval's facts, stated or not."""
    return approval.approval_facts(elective)


@register.simple_tag
def policy_concern(elective, advisory_level):
    """`{% policy_concern elective level as concern %}`: what the institution's policy says
    against this elective ("" when nothing)."""
    # A page without an advisory on file passes "" (the template language's missing value).
    level = advisory_level if isinstance(advisory_level, int) else None
    return policy.policy_concern(elective.country.code, level)

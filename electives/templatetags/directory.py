"""Template filters for the directory's pages: `{% load directory %}`."""

import json

import markdown as markdown_lib
import nh3
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from electives import facts, policy, sections
from electives.models import warns

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


# Each fact's words, stated or not (electives.facts): `{{ elective|housing }}`.
register.filter("fee", facts.fee)
register.filter("weeks", facts.weeks)
register.filter("pgy_range", facts.pgy_range)
register.filter("housing", facts.housing)
register.filter("specialty_names", facts.specialty_names)
register.filter("language_names", facts.language_names)
register.filter("stated", lambda text: text or facts.NOT_STATED)  # any other field
register.filter("warns", warns)  # an advisory level that calls for a warning in words


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
def elective_facts(elective, *groups):
    """`{% elective_facts elective "approval" as facts %}`: electives.facts, stated or not."""
    return facts.elective_facts(elective, *groups)


@register.simple_tag
def policy_concern(elective, advisory_level):
    """`{% policy_concern elective level as concern %}`: what the institution's policy says
    against this elective ("" when nothing)."""
    # A page without an advisory on file passes "" (the template language's missing value).
    level = advisory_level if isinstance(advisory_level, int) else None
    return policy.policy_concern(elective.country.code, level)

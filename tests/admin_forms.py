"""What the admin's forms post, as a browser would send them (CRLF in textareas, and the
change form's record of the values it showed)."""

from django.forms import CheckboxInput

from web.conflicts import SEEN, snapshot

TEXTAREAS = [
    "description",
    "supervision",
    "malpractice",
    "fee_includes",
    "requirements",
    "review_note",
]


def _text(value):
    return "" if value is None else str(value)


def elective_form_data(elective, **changes):
    """The elective form, CRLF in its textareas as browsers send them."""
    data = {
        "title": elective.title,
        "slug": elective.slug,
        "status": elective.status,
        "category": elective.category,
        "summary": elective.summary,
        "organization": elective.organization_id,
        "country": elective.country.code,
        "city": elective.city,
        "url": elective.url,
        "contact_email": elective.contact_email,
        "specialties": [s.pk for s in elective.specialties.all()] if elective.pk else [],
        "languages": [lang.pk for lang in elective.languages.all()] if elective.pk else [],
        "pgy_min": _text(elective.pgy_min),
        "pgy_max": _text(elective.pgy_max),
        "weeks_min": elective.weeks_min,
        "weeks_max": elective.weeks_max,
        "cost_usd": _text(elective.cost_usd),
        "deadline": _text(elective.deadline),
        "scope": elective.scope,
        "emergency_support": elective.emergency_support,
        "partner_since": _text(elective.partner_since),
        "credit_granted": elective.credit_granted,
        "last_verified": _text(elective.last_verified),
    }
    if elective.housing:
        data["housing"] = "on"
    for name in TEXTAREAS:
        data[name] = getattr(elective, name).replace("\n", "\r\n")
    if elective.pk is not None:
        data[SEEN] = snapshot(elective, data)  # the form showed this elective's values
    data.update(changes)
    return data


def as_posted(form, **changes):
    """What a browser sends for an admin form as it is shown, with `changes`."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


def as_shown(response, **changes):
    """What a browser sends for the admin form on this page as shown, with `changes` (and
    the values the page showed, for the edit-conflict check, when it has them)."""
    data = as_posted(response.context["adminform"].form, **changes)
    if response.context.get("seen"):
        data[SEEN] = response.context["seen"]
    return data

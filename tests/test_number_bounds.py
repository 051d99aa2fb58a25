"""Issue 24, item 15: every number (and date) input of a public form offers in its HTML the
bounds the server accepts: the bound itself is taken, one past it is refused, so nothing
the browser lets through is refused afterwards."""

import datetime

import pytest
from django.utils import timezone
from lxml import html

from debriefs.forms import DebriefForm
from debriefs.models import DebriefLink
from electives.models import Specialty
from residents.forms import SuggestionForm
from tests.factories import PublishedElectiveFactory
from tests.test_debriefs import ANSWERS
from tests.test_unstated_facts import SUGGESTION

pytestmark = pytest.mark.django_db


def number_inputs(response):
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    return {
        field.get("name"): (field.get("min"), field.get("max"))
        for field in doc.xpath('//input[@type="number"]')
    }


def past(bound, step):
    return str(int(bound) + step)


def edges(low, high):
    """(value, accepted) at each bound and one past it."""
    found = []
    if low is not None:
        found += [(low, True), (past(low, -1), False)]
    if high is not None:
        found += [(high, True), (past(high, 1), False)]
    return found


def check_form(form_class, inputs, data, **kwargs):
    assert inputs
    for name, (low, high) in inputs.items():
        assert low is not None, f"{name} offers no min"
        for value, accepted in edges(low, high):
            form = form_class(data={**data, name: value}, **kwargs)
            form.is_valid()
            assert (name not in form.errors) == accepted, (name, value, form.errors.get(name))


def test_the_suggest_form(client):
    inputs = number_inputs(client.get("/suggest/"))
    assert set(inputs) == {"weeks", "pgy_min", "pgy_max", "cost_usd"}
    assert inputs["pgy_min"] == inputs["pgy_max"] == ("1", "8")
    data = {**SUGGESTION, "pgy_min": "", "pgy_max": ""}
    check_form(SuggestionForm, inputs, data)


def test_the_debrief_form(client):
    elective = PublishedElectiveFactory()
    link = DebriefLink.objects.create(elective=elective, email="a@example.org")
    link.sent_at = link.requested_at = timezone.now()
    link.save()
    inputs = number_inputs(client.get(f"/debrief/{link.token}/"))
    assert {"month", "year", "pgy", "weeks", "total_cost_usd"} <= set(inputs)
    assert inputs["weeks"] == ("1", "104")
    data = {**ANSWERS, "specialty": Specialty.objects.get(slug="surgery").pk}
    # The parts of the cost are checked against the total: leave them out.
    data.update(fee_usd="", housing_usd="", flights_usd="", visa_usd="", total_cost_usd="")
    check_form(DebriefForm, inputs, data)


def test_the_directory_filters(client):
    PublishedElectiveFactory()
    inputs = number_inputs(client.get("/electives/"))
    assert {"weeks", "min_weeks", "max_weeks", "max_cost"} <= set(inputs)
    for name, (low, high) in inputs.items():
        assert low is not None and high is not None, name
        for value, accepted in edges(low, high):
            status = client.get("/electives/", {name: value}).status_code
            assert status == (200 if accepted else 400), (name, value)


def test_the_plan_s_start_date(client):
    elective = PublishedElectiveFactory()
    doc = html.fromstring(client.get(f"{elective.get_absolute_url()}plan/").content)
    [start] = doc.xpath('//input[@name="start"]')
    low, high = (datetime.date.fromisoformat(start.get(bound)) for bound in ("min", "max"))
    day = datetime.timedelta(days=1)
    for value, accepted in [(low, True), (low - day, False), (high, True), (high + day, False)]:
        response = client.get(f"{elective.get_absolute_url()}plan/", {"start": value.isoformat()})
        assert response.status_code == (200 if accepted else 400), value


def test_the_other_public_forms_ask_for_no_number(client):
    elective = PublishedElectiveFactory()
    for path in ["/alerts/", f"{elective.get_absolute_url()}report/"]:
        assert number_inputs(client.get(path)) == {}, path

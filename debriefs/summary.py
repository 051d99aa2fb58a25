"""What the published debriefs of an elective add up to, without inventing precision:
counts as "2 of 3", costs as the range reported and by how many."""

from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q

from electives.facts import fee

from .models import Debrief


@dataclass(frozen=True)
class Summary:
    count: int = 0
    would_go_again: int = 0
    costs_reported: int = 0
    cost_min_usd: int | None = None
    cost_max_usd: int | None = None

    @property
    def text(self):
        if not self.count:
            return "No debriefs yet"
        parts = [
            f"{self.count} debrief{'s' if self.count != 1 else ''}",
            f"{self.would_go_again} of {self.count} would go again",
        ]
        if self.costs_reported:
            cost = fee(self.cost_min_usd)
            if self.cost_max_usd != self.cost_min_usd:
                cost += f"–{fee(self.cost_max_usd)}"
            said = "" if self.costs_reported == self.count else f" ({self.costs_reported} said)"
            parts.append(f"reported total cost {cost}{said}")
        return "; ".join(parts)

    def as_json(self):
        return {
            "count": self.count,
            "would_go_again": self.would_go_again,
            "costs_reported": self.costs_reported,
            "cost_min_usd": self.cost_min_usd,
            "cost_max_usd": self.cost_max_usd,
            "summary": self.text,
        }


def summaries(slugs):
    """{elective slug: Summary} of their published debriefs: one query, however many."""
    slugs = list(slugs)
    rows = (
        Debrief.objects.published()
        .filter(elective__slug__in=slugs)
        .order_by()
        .values("elective__slug")
        .annotate(
            count=Count("id"),
            would_go_again=Count("id", filter=Q(would_go_again=True)),
            costs_reported=Count("total_cost_usd"),
            cost_min_usd=Min("total_cost_usd"),
            cost_max_usd=Max("total_cost_usd"),
        )
    )
    found = {row.pop("elective__slug"): Summary(**row) for row in rows}
    return {slug: found.get(slug, Summary()) for slug in slugs}


def page_section(elective):
    """The context of its debriefs' section on an elective's page (electives.sections): its
    published debriefs, newest first, and their summary (two queries)."""
    debriefs = (
        Debrief.objects.published()
        .filter(elective=elective)
        .select_related("specialty")
        .newest_first()
    )
    return {
        "elective": elective,
        "debriefs": list(debriefs),
        "summary": summaries([elective.slug])[elective.slug],
    }


def compare_row(electives):
    """Each elective's debrief summary, in words, for /compare/ (one query)."""
    found = summaries(elective.slug for elective in electives)
    return [found[elective.slug].text for elective in electives]

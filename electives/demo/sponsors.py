"""Fictional sponsors, each named as such a body would be, and what each plausibly offers.

A sponsor named for a specialty ("Department of Family Medicine", "Eye Foundation") offers
only electives whose title names one of its specialties: a family medicine department does
not run an internal medicine rotation. A sponsor named for a kind of work ("Clinical
Research Collaborative") offers only that category. A sponsor based in a host country works
only there; U.S., British and Irish ones send residents abroad, and their charities and
missions go where help is needed, not to London or Dunedin.
"""

from typing import NamedTuple

from electives.models import Category

from .places import LMIC

CLINICAL, COMMUNITY, RESEARCH = Category.CLINICAL, Category.COMMUNITY_HEALTH, Category.RESEARCH
SURGICAL = {"surgery", "orthopaedic-surgery", "anesthesiology", "urology", "otolaryngology"}
PRIMARY_CARE = {"family-medicine", "pediatrics", "internal-medicine", "preventive-medicine"}
SENDING = {"US", "GB", "IE"}


class Sponsor(NamedTuple):
    name: str
    kind: str
    country: str
    specialties: set | None = None  # None: any, and electives open to every specialty
    categories: set | None = None  # None: any

    def offers(self, topic, category, country, place_has):
        if self.country in SENDING:
            # Charities and missions go where help is needed.
            if self.kind in ("ngo", "faith-based") and LMIC not in place_has:
                return False
        elif self.country != country:
            return False
        if self.categories is not None and category not in self.categories:
            return False
        return self.specialties is None or topic.field in self.specialties


SPONSORS = [
    Sponsor("Lakeshore University Center for Global Health", "academic", "US"),
    Sponsor("Riverbend School of Medicine Global Surgery Program", "academic", "US", SURGICAL),
    Sponsor("Northfield College of Medicine Office of Global Health", "academic", "US"),
    Sponsor(
        "Cedar Valley Children's Hospital Global Child Health", "hospital", "US", {"pediatrics"}
    ),
    Sponsor(
        "Harborview Institute for Tropical Medicine",
        "academic",
        "US",
        {"internal-medicine", "preventive-medicine"},
    ),
    Sponsor(
        "Prairie State University Department of Family Medicine",
        "academic",
        "US",
        {"family-medicine"},
    ),
    Sponsor("Summit Ridge Medical Center International Programs", "hospital", "US"),
    Sponsor("Westbrook Health System Global Partnerships", "hospital", "US"),
    Sponsor("Bluewater Eye Foundation", "ngo", "US", {"ophthalmology"}),
    Sponsor("Open Hands Medical Alliance", "ngo", "US"),
    Sponsor("Healthbridge Partners", "ngo", "US"),
    Sponsor("Mothers First Initiative", "ngo", "US", {"obstetrics-gynecology"}),
    Sponsor("Clearwater Rural Health Trust", "ngo", "GB", PRIMARY_CARE | {"obstetrics-gynecology"}),
    Sponsor("Stonebridge Mission Hospitals", "faith-based", "US", None, {CLINICAL, COMMUNITY}),
    Sponsor("St. Brendan's Medical Mission", "faith-based", "IE", None, {CLINICAL, COMMUNITY}),
    Sponsor("Good Samaritan Health Network", "faith-based", "US", None, {CLINICAL, COMMUNITY}),
    Sponsor("Highland Surgical Outreach", "ngo", "GB", SURGICAL, {CLINICAL}),
    Sponsor("Maple Grove Foundation for Mental Health", "ngo", "US", {"psychiatry"}),
    Sponsor("Southern Cross Rural Medicine Network", "academic", "AU"),
    Sponsor("Aotearoa Rural Health Exchange", "academic", "NZ"),
    Sponsor("Kilimanjaro Clinical Research Collaborative", "academic", "TZ", None, {RESEARCH}),
    Sponsor(
        "Lake Victoria Health Research Partnership", "academic", "UG", None, {RESEARCH, COMMUNITY}
    ),
    Sponsor(
        "Andean Community Health Cooperative",
        "ngo",
        "PE",
        PRIMARY_CARE | {"obstetrics-gynecology", "psychiatry"},
        {COMMUNITY, CLINICAL},
    ),
    Sponsor("Highlands Maternal Health Project", "ngo", "GT", {"obstetrics-gynecology"}),
    Sponsor("Hôpital Partenaire Sainte-Anne", "faith-based", "HT", None, {CLINICAL, COMMUNITY}),
    Sponsor("Mekong Medical Education Trust", "ngo", "VN"),
    Sponsor("Himalayan Health Exchange Society", "ngo", "NP"),
    Sponsor("Gulf of Guinea Surgical Society", "academic", "GH", SURGICAL),
    Sponsor("Sahel Public Health Institute", "academic", "SN", None, {COMMUNITY, RESEARCH}),
    Sponsor("Ministry of Health Visiting Clinician Scheme", "government", "RW"),
    Sponsor("Provincial Health Department Elective Office", "government", "ZA"),
    Sponsor("Steppe Medical Partnership", "ngo", "MN"),
]

"""The judged query set (issue 28): a small directory built with factories, and the queries
a resident types, each with the results a physician would put first, the others that
belong in the results, and those that must not appear. tests/test_search_judged.py checks
every query on either database; bench/search_quality.py scores the set (share of right
first results, nDCG@10) beside the search's latency.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from electives.models import Category, Specialty
from tests.factories import DraftElectiveFactory, OrganizationFactory, PublishedElectiveFactory

RESEARCH, COMMUNITY = Category.RESEARCH, Category.COMMUNITY_HEALTH

# slug: (title, specialties, country, city, other fields). Summaries and descriptions say
# nothing a query looks for unless given.
DIRECTORY = {
    "peds-cusco": ("Pediatrics Elective in Cusco", ["pediatrics"], "PE", "Cusco", {}),
    "tb-lima": ("Tuberculosis Research Placement", [], "PE", "Lima", {
        "category": RESEARCH, "summary": "Household contacts, pediatrics and adult patients.",
    }),
    "open-peru": ("Andean Health Rotation", [], "PE", "Huaraz", {}),
    "cusco-summary": ("Highland Clinic", ["family-medicine"], "PE", "Cusco", {
        "summary": "Pediatrics and adult clinics.",
    }),
    "derm-iquitos": ("Dermatology in the Amazon", ["dermatology"], "PE", "Iquitos", {}),
    "im-kisumu": ("Internal Medicine Wards", ["internal-medicine"], "KE", "Kisumu", {
        "deadline": 30,
    }),
    "im-nairobi-cardio": (
        "Medical Wards and Cardiology Clinic", ["internal-medicine"], "KE", "Nairobi", {},
    ),
    "open-eldoret": ("Teaching Hospital Rotation", [], "KE", "Eldoret", {}),
    "kenya-research": ("Sickle Cell Research", ["pediatrics"], "KE", "Kisumu", {
        "category": RESEARCH,
    }),
    "ent-kathmandu": ("Otolaryngology Elective", ["otolaryngology"], "NP", "Kathmandu", {
        "summary": "Ear, nose and throat clinics.",
    }),
    "psych-nepal": ("Psychiatry Rotation", ["psychiatry"], "NP", "Kathmandu", {}),
    "surgery-nepal": ("General Surgery Rotation", ["surgery"], "NP", "Dhulikhel", {}),
    "surgery-sponsor": ("District Hospital Rotation", [], "NP", "Pokhara", {
        "sponsor": "Himalayan Society of Surgery",
    }),
    "surgery-summary": ("Mountain Hospital Placement", [], "NP", "Jumla", {
        "summary": "Surgery lists twice a week.",
    }),
    "mental-health": ("Community Mental Health Outreach", ["psychiatry"], "UG", "Kampala", {
        "category": COMMUNITY,
    }),
    "uganda-surgery": ("Trauma Surgery Elective", ["surgery"], "UG", "Mbarara", {}),
    "london-research": ("Global Health Research Placement in London", ["preventive-medicine"],
                        "GB", "London", {
        "category": RESEARCH,
    }),
    "ob-accra": ("Obstetrics and Gynecology Elective", ["obstetrics-gynecology"], "GH",
                 "Accra", {}),
    "em-accra": ("Emergency Medicine in Accra", ["emergency-medicine"], "GH", "Accra", {}),
    "ob-haiti": ("Maternity Ward Rotation", ["obstetrics-gynecology"], "HT", "Port-au-Prince",
                 {}),
    "haiti-surgery": ("Surgical Camp", ["surgery"], "HT", "Cap-Haïtien", {"deadline": 10}),
    "em-ultrasound": ("Point-of-Care Ultrasound Course", ["emergency-medicine"], "RW", "Kigali",
                      {"summary": "Emergency ultrasound training."}),
    "systemic": ("Systemic Disease Clinic", ["internal-medicine"], "IN", "Vellore", {}),
    "ophtho-madurai": ("Eye Camp Elective", ["ophthalmology"], "IN", "Madurai", {}),
    "ortho-blantyre": ("Orthopedics Trauma Rotation", ["orthopaedic-surgery"], "MW", "Blantyre",
                       {}),
    "malaria-zomba": ("Malaria Research in Zomba", [], "MW", "Zomba", {"category": RESEARCH}),
    "malaria-summary": ("Rural Clinics", ["family-medicine"], "MW", "Lilongwe", {
        "summary": "Treat malaria and pneumonia.",
    }),
    "fm-guatemala": ("Family Medicine in the Highlands", ["family-medicine"], "GT",
                     "Quetzaltenango", {"category": COMMUNITY}),
    "community-guatemala": ("Community Health Promoters", ["preventive-medicine"], "GT",
                            "Antigua", {"category": COMMUNITY}),
    "neonatal-moshi": ("Newborn Care Unit", ["pediatrics"], "TZ", "Moshi", {
        "description": "Neonatology with a level II nursery.",
    }),
    "peds-arusha": ("Child Health Elective", ["pediatrics"], "TZ", "Arusha", {}),
    "id-gaborone": ("HIV and Infectious Disease Clinic", ["internal-medicine"], "BW",
                    "Gaborone", {}),
    "nephro-cape-town": ("Renal Unit Elective", ["internal-medicine"], "ZA", "Cape Town", {
        "summary": "Nephrology and dialysis.",
    }),
    "radiology-hanoi": ("Radiology Elective", ["radiology"], "VN", "Hanoi", {}),
    "anesthesia-addis": ("Anesthesiology Elective", ["anesthesiology"], "ET", "Addis Ababa",
                         {}),
    "im-manila": ("Internal Medicine in Manila", ["internal-medicine"], "PH", "Manila", {}),
    "cholera-dhaka": ("Cholera Research", [], "BD", "Dhaka", {"category": RESEARCH}),
    "immunization-kano": ("Immunization Campaign", ["preventive-medicine"], "NG", "Kano", {}),
}  # fmt: skip

KENYA = {"im-kisumu", "im-nairobi-cardio", "open-eldoret", "kenya-research"}
NEPAL = {"ent-kathmandu", "psych-nepal", "surgery-nepal", "surgery-sponsor", "surgery-summary"}
PEDIATRICS = {"peds-cusco", "kenya-research", "neonatal-moshi", "peds-arusha"}
SURGERY = {"surgery-nepal", "uganda-surgery", "haiti-surgery"}
IM = {
    "im-kisumu", "im-nairobi-cardio", "systemic", "id-gaborone", "nephro-cape-town", "im-manila",
}  # fmt: skip
EM = {"em-accra", "em-ultrasound"}
OBGYN = {"ob-accra", "ob-haiti"}
PSYCHIATRY = {"mental-health", "psych-nepal"}
FAMILY = {"fm-guatemala", "malaria-summary", "cusco-summary"}
LATIN_AMERICA = {
    "peds-cusco", "tb-lima", "open-peru", "cusco-summary", "derm-iquitos", "ob-haiti",
    "haiti-surgery", "fm-guatemala", "community-guatemala",
}  # fmt: skip
SOUTH_ASIA = NEPAL | {"systemic", "ophtho-madurai", "cholera-dhaka"}


class Judged(NamedTuple):
    """A query; the results any of which is right first (None: nothing should match); the
    other results that belong (in any order); the electives that must not appear."""

    words: str
    first: frozenset | None
    relevant: frozenset = frozenset()
    absent: frozenset = frozenset()


def judged(words, first, relevant=(), absent=()):
    first = None if first is None else frozenset([first] if isinstance(first, str) else first)
    return Judged(words, first, frozenset(relevant), frozenset(absent) | {"draft"})


JUDGED = [
    # Specialties: their electives first, then those open to all.
    judged("pediatrics", PEDIATRICS, absent={"ortho-blantyre", "cusco-summary"}),
    judged("surgery", SURGERY, absent={"ortho-blantyre", "psych-nepal"}),
    judged("internal medicine", IM, absent={"fm-guatemala"}),
    judged("emergency medicine", EM, absent={"im-kisumu"}),
    judged("psychiatry", PSYCHIATRY, absent={"surgery-nepal"}),
    judged("ophthalmology", "ophtho-madurai"),
    judged("family medicine", FAMILY, absent={"im-manila"}),
    judged("radiology", "radiology-hanoi"),
    judged("anesthesiology", "anesthesia-addis"),
    judged("dermatology", "derm-iquitos"),
    # Aliases: whole words only.
    judged("peds", PEDIATRICS, absent={"ortho-blantyre"}),
    judged("ENT", "ent-kathmandu", absent={"mental-health"}),
    judged("OB", OBGYN, absent={"london-research"}),
    judged("IM", IM, absent={"immunization-kano"}),
    judged("EM", EM, absent={"systemic"}),
    judged("obgyn", OBGYN),
    judged("ob/gyn", OBGYN),
    judged("ortho", "ortho-blantyre"),
    judged("gen surg", SURGERY),
    judged("psych", PSYCHIATRY),
    judged("eye", "ophtho-madurai"),
    # Misspellings: corrected from the directory's words.
    judged("malria", "malaria-zomba", relevant={"malaria-summary"}),
    judged("tuberculoss", "tb-lima"),
    judged("pediatrcs", PEDIATRICS),
    judged("cholra", "cholera-dhaka"),
    # Places.
    judged("Kenya", KENYA, absent={"peds-arusha"}),
    judged("Nepal", NEPAL, absent={"systemic"}),
    judged("Cusco", "peds-cusco", relevant={"cusco-summary"}),
    judged("Kathmandu", {"ent-kathmandu", "psych-nepal"}),
    judged("Latin America", LATIN_AMERICA, absent={"london-research"}),
    judged("South Asia", SOUTH_ASIA, absent={"im-manila"}),
    # Subspecialties: their specialty, the electives mentioning them first.
    judged("cardiology", "im-nairobi-cardio", relevant=IM),
    judged("neonatology", "neonatal-moshi", relevant=PEDIATRICS),
    judged("infectious disease", "id-gaborone", relevant=IM),
    judged("trauma surgery", "uganda-surgery", relevant=SURGERY, absent={"ortho-blantyre"}),
    judged("nephrology", "nephro-cape-town", relevant=IM),
    # Several words.
    judged(
        "pediatrics Peru",
        "peds-cusco",
        relevant={"tb-lima", "open-peru"},
        absent={"cusco-summary", "derm-iquitos"},
    ),  # fmt: skip
    judged(
        "internal medicine Kenya",
        {"im-kisumu", "im-nairobi-cardio"},
        relevant={"open-eldoret"},
        absent={"kenya-research"},
    ),  # fmt: skip
    judged(
        "surgery nepal",
        "surgery-nepal",
        relevant={"surgery-sponsor", "surgery-summary"},
        absent={"psych-nepal", "ent-kathmandu"},
    ),  # fmt: skip
    judged("malaria research Malawi", "malaria-zomba", absent={"malaria-summary"}),
    judged("emergency ultrasound", "em-ultrasound", absent={"em-accra"}),
    # Both are community health electives in Guatemala: neither ranks above the other.
    judged("community health Guatemala", {"community-guatemala", "fm-guatemala"}),
    judged("cardiology Kenya", "im-nairobi-cardio", relevant={"im-kisumu", "open-eldoret"}),
    judged("tuberculosis research", "tb-lima", absent={"cholera-dhaka"}),
    # Words that find nothing.
    judged("xylophone", None),
    judged("obgyn Uganda", None),
    judged("obgyn Mongolia", None),
    judged("cardiology xylophone", None),
]


def build_directory():
    """The judged directory (and a draft no query may find)."""
    today = timezone.localdate()
    specialties = {s.slug: s for s in Specialty.objects.all()}
    for slug, (title, listed, country, city, fields) in DIRECTORY.items():
        fields = dict(fields)
        sponsor = fields.pop("sponsor", f"{city} Health Trust")
        days = fields.pop("deadline", None)
        PublishedElectiveFactory(
            slug=slug,
            title=title,
            specialties=[specialties[s] for s in listed],
            country=country,
            city=city,
            organization=OrganizationFactory(name=sponsor),
            summary=fields.pop("summary", "Ward rounds and clinics."),
            description=fields.pop("description", "See patients with the host team."),
            deadline=today + datetime.timedelta(days=days) if days else None,
            **fields,
        )
    DraftElectiveFactory(slug="draft", title="Pediatrics Draft", specialties=[
        specialties["pediatrics"]], country="KE", city="Kisumu")  # fmt: skip

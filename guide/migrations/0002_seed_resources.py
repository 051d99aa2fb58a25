from django.db import migrations

# A starting set for /resources/; curators edit it in the admin afterwards.
# Descriptions are our own words. (topic, order, title, url, description)
RESOURCES = [
    (
        "travel-health",
        10,
        "CDC Travelers' Health: destinations",
        "https://wwwnc.cdc.gov/travel/destinations/list",
        "The CDC's page for each country: recommended vaccines and medicines, disease risks and current travel health notices.",
    ),
    (
        "travel-health",
        20,
        "CDC Yellow Book",
        "https://www.cdc.gov/yellow-book/index.html",
        "The CDC's reference on health for international travelers, with chapters for health care workers abroad and on travel health and evacuation insurance.",
    ),
    (
        "travel-health",
        30,
        "PEPline, Clinician Consultation Center (UCSF)",
        "https://nccc.ucsf.edu/clinician-consultation/pep-post-exposure-prophylaxis/",
        "Expert advice for clinicians on post-exposure prophylaxis after occupational exposure to HIV and hepatitis.",
    ),
    (
        "travel-health",
        40,
        "International Society of Travel Medicine",
        "https://www.istm.org/",
        "The professional society of travel medicine, with a directory of travel clinics for your pre-travel visit.",
    ),
    (
        "safety",
        10,
        "U.S. Department of State: travel advisories",
        "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html",
        "The current advisory level (1 to 4) for every country, with the reasons and the regions that carry a higher level.",
    ),
    (
        "safety",
        20,
        "Smart Traveler Enrollment Program (STEP)",
        "https://travel.state.gov/content/travel/en/international-travel/before-you-go/step.html",
        "A free State Department service: register your trip so the nearest U.S. embassy can send you alerts and reach you in an emergency.",
    ),
    (
        "safety",
        30,
        "U.S. Department of State: country information",
        "https://travel.state.gov/content/travel/en/international-travel/International-Travel-Country-Information-Pages.html",
        "One page per country on entry and visa requirements, local laws, health care and safety.",
    ),
    (
        "safety",
        40,
        "U.S. Department of State: your health abroad",
        "https://travel.state.gov/content/travel/en/international-travel/before-you-go/your-health-abroad.html",
        "What U.S. insurance and the U.S. government will and will not pay for abroad, and how to plan for medical care and evacuation.",
    ),
    (
        "safety",
        50,
        "U.S. embassies and consulates",
        "https://www.usembassy.gov/",
        "Find the U.S. embassy or consulate for your destination and its emergency contact details.",
    ),
    (
        "licensure-credit",
        10,
        "ACGME Common Program Requirements",
        "https://www.acgme.org/programs-and-institutions/programs/common-program-requirements/",
        "The accreditation rules every U.S. residency follows, including those on participating sites, supervision and evaluation.",
    ),
    (
        "licensure-credit",
        20,
        "ACGME International",
        "https://www.acgme-i.org/",
        "Accreditation of graduate medical education outside the United States; useful for understanding a host's own training programs.",
    ),
    (
        "licensure-credit",
        30,
        "American Board of Medical Specialties",
        "https://www.abms.org/",
        "Lists the member boards; look up your own board's rules on time away and training outside the United States.",
    ),
    (
        "licensure-credit",
        40,
        "ABP: global health program directors' guide",
        "https://www.abp.org/content/global-health-program-directors-guide-introduction",
        "The American Board of Pediatrics' guide for programs, with chapters on credit, safety, legal matters and evaluation; useful in any specialty.",
    ),
    (
        "ethics",
        10,
        "WEIGHT guidelines (Crump and Sugarman, 2010)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC2990028/",
        "Ethics and best practice guidelines for training experiences in global health: partnership, costs to hosts, reciprocity, preparation and scope of practice. Free to read.",
    ),
    (
        "ethics",
        20,
        "The Forum on Education Abroad",
        "https://forumea.org/",
        "Standards of good practice for education abroad, for institutions that send trainees overseas.",
    ),
    (
        "funding",
        10,
        "American Academy of Pediatrics: AAP Global sections",
        "https://www.aap.org/en/aap-global/what-we-do/sections/",
        "Home of the AAP Section on Global Health, which has offered an international elective award to pediatric residents; check the current terms.",
    ),
    (
        "funding",
        20,
        "NIH Fogarty International Center",
        "https://www.fic.nih.gov/",
        "Research training programs and funding in global health, mostly for trainees with a research mentor and a long lead time.",
    ),
    (
        "organizations",
        10,
        "Consortium of Universities for Global Health",
        "https://www.cugh.org/",
        "A network of academic institutions working in global health, with training resources, working groups and an annual conference.",
    ),
    (
        "organizations",
        20,
        "American Society of Tropical Medicine and Hygiene",
        "https://www.astmh.org/",
        "The professional society for tropical medicine and global health, with education, meetings and awards.",
    ),
]


def seed(apps, schema_editor):
    Resource = apps.get_model("guide", "Resource")
    for topic, order, title, url, description in RESOURCES:
        Resource.objects.update_or_create(
            url=url,
            defaults={"topic": topic, "order": order, "title": title, "description": description},
        )


def unseed(apps, schema_editor):
    Resource = apps.get_model("guide", "Resource")
    Resource.objects.filter(url__in=[row[3] for row in RESOURCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_resource")]

    operations = [migrations.RunPython(seed, unseed)]

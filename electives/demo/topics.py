"""What demo electives are about: topics that fit their specialties, places and scope.

A topic's summary leads are completed with its site ("... at Gulu Regional Referral
Hospital"), so no summary is shared by more than a couple of listings. A topic names the
specialties it suits (the first is the one its title names; none = open to every
specialty), where the work happens ("the labour ward, theatre and antenatal clinics"), who
supervises ("consultant obstetrician"), whether residents who care for patients join call,
and the hospital level it needs.
"""

from typing import NamedTuple

from electives.models import Category

from .places import DISTRICT, LMIC, MALARIA, TERTIARY

CALL = "Shared call with the host team, within your level of training"
SHIFTS = "Evening and weekend shifts alongside the host team, within your level of training"


class Topic(NamedTuple):
    title: str
    leads: list
    specialties: list
    where: str
    role: str
    call: str = ""  # what residents who care for patients do out of hours
    level: str = TERTIARY
    needs: str = ""  # a PLACES mark (MALARIA, LMIC) the place must have

    @property
    def field(self):
        """The specialty a sponsor must work in to offer it (None: open to all)."""
        return self.specialties[0] if self.specialties else None


CLINICAL = [
    Topic(
        "Pediatrics Elective",
        [
            "Inpatient and outpatient pediatric care, from the newborn unit to the "
            "malnutrition clinic",
            "General pediatric wards, neonatal care and a busy children's outpatient clinic",
        ],
        ["pediatrics", "internal-medicine-pediatrics", "family-medicine"],
        "the children's wards, the newborn unit and the outpatient clinic",
        "consultant pediatrician",
        call=CALL,
        level=DISTRICT,
    ),
    Topic(
        "Internal Medicine Ward Rotation",
        [
            "Adult medical wards with HIV, TB and noncommunicable disease",
            "General medicine admissions, from diabetes and heart failure to HIV and TB",
        ],
        ["internal-medicine", "internal-medicine-pediatrics", "family-medicine"],
        "the adult medical wards and the medical outpatient clinic",
        "consultant physician",
        call=CALL,
        level=DISTRICT,
    ),
    Topic(
        "Emergency Medicine Elective",
        [
            "Triage, resuscitation and acute care where resources are scarce",
            "Emergency department shifts, from trauma to medical emergencies",
        ],
        ["emergency-medicine", "family-medicine", "internal-medicine"],
        "the emergency department's triage, resuscitation and acute care areas",
        "emergency physician in charge of the department",
        call=SHIFTS,
    ),
    Topic(
        "General Surgery Rotation",
        [
            "Operating lists, surgical wards and outreach clinics with the host surgeons",
            "Elective and emergency general surgery, from hernia repair to laparotomy",
        ],
        ["surgery", "orthopaedic-surgery", "anesthesiology"],
        "theatre lists, the surgical wards and the surgical outpatient clinic",
        "consultant general surgeon",
        call=CALL,
    ),
    Topic(
        "Obstetrics and Gynecology Elective",
        [
            "Labour ward, obstetric theatre and antenatal clinics",
            "High-risk obstetrics, emergency caesarean sections and gynecology clinics",
        ],
        ["obstetrics-gynecology", "family-medicine"],
        "the labour ward, obstetric theatre and antenatal clinics",
        "consultant obstetrician and gynecologist",
        call=CALL,
    ),
    Topic(
        "Family Medicine Rotation",
        [
            "Primary care clinics and home visits",
            "Outpatient primary care, chronic disease clinics and community follow-up",
        ],
        ["family-medicine", "internal-medicine", "pediatrics"],
        "primary care clinics and home visits",
        "family physician",
        level=DISTRICT,
    ),
    Topic(
        "Dermatology Clinic Elective",
        [
            "Skin disease clinics, including leprosy and HIV-related conditions",
            "General dermatology clinics with leprosy and neglected skin disease referrals",
        ],
        ["dermatology"],
        "the dermatology clinics and inpatient consultations",
        "consultant dermatologist",
        needs=LMIC,
    ),
    Topic(
        "Psychiatry Elective",
        [
            "Inpatient psychiatry and community mental health clinics",
            "Acute psychiatric admissions and outpatient follow-up with the mental health team",
        ],
        ["psychiatry", "neurology"],
        "the psychiatric wards and the mental health outpatient clinic",
        "consultant psychiatrist",
    ),
    Topic(
        "Ophthalmology Elective",
        [
            "Cataract surgery and eye clinics with the host ophthalmologists",
            "High-volume eye clinics and small-incision cataract surgery",
        ],
        ["ophthalmology"],
        "the eye clinics and cataract theatre",
        "consultant ophthalmologist",
    ),
    Topic(
        "Orthopaedic Trauma Rotation",
        [
            "Fracture clinics and trauma theatre",
            "Open fractures, traction and trauma surgery with the orthopaedic team",
        ],
        ["orthopaedic-surgery", "surgery", "emergency-medicine"],
        "fracture clinics, trauma theatre and the orthopaedic wards",
        "consultant orthopaedic surgeon",
        call=CALL,
    ),
    Topic(
        "Anesthesiology Elective",
        [
            "Anaesthesia for general, obstetric and trauma surgery with limited equipment",
            "Spinal and general anaesthesia, draw-over vaporisers and recovery care",
        ],
        ["anesthesiology", "surgery"],
        "theatre lists and the recovery room",
        "consultant anesthesiologist",
        call=CALL,
    ),
    Topic(
        "Neurology Elective",
        [
            "Stroke, epilepsy and neuro-infection care on the medical wards",
            "Neurology consultations and an epilepsy clinic serving a wide region",
        ],
        ["neurology", "internal-medicine"],
        "neurology consultations on the wards and the neurology clinic",
        "consultant neurologist",
    ),
    Topic(
        "Radiology Elective",
        [
            "Ultrasound, plain film and CT reporting with the host radiologists",
            "Point-of-care and departmental ultrasound with plain film reporting",
        ],
        ["radiology"],
        "ultrasound lists and the reporting room",
        "consultant radiologist",
    ),
    Topic(
        "Otolaryngology Elective",
        [
            "ENT clinics and head and neck surgery",
            "Ear, nose and throat clinics, airway emergencies and head and neck theatre",
        ],
        ["otolaryngology"],
        "ENT clinics and theatre",
        "consultant otolaryngologist",
    ),
    Topic(
        "Urology Elective",
        [
            "Urology clinics and theatre, from stones to fistula repair",
            "Prostate, stone and stricture surgery with the urology team",
        ],
        ["urology", "surgery"],
        "urology clinics and theatre",
        "consultant urologist",
        call=CALL,
    ),
    Topic(
        "Pathology Elective",
        [
            "Surgical pathology and laboratory medicine with the host pathologists",
            "Histopathology sign-out and laboratory quality work",
        ],
        ["pathology"],
        "histopathology sign-out and the laboratory",
        "consultant pathologist",
    ),
    Topic(
        "Rehabilitation Medicine Elective",
        [
            "Rehabilitation after stroke, spinal injury and amputation",
            "Inpatient rehabilitation and prosthetics clinics with the rehabilitation team",
        ],
        ["physical-medicine-rehabilitation", "neurology"],
        "the rehabilitation ward and prosthetics clinic",
        "consultant in rehabilitation medicine",
    ),
    Topic(
        "Tropical Medicine Clinical Elective",
        [
            "Diagnosis and treatment of infectious and tropical disease on the medical wards",
            "Malaria, typhoid and HIV-related infections on the infectious disease wards",
        ],
        [],
        "the infectious disease wards and clinic",
        "consultant in infectious diseases",
        needs=MALARIA,
    ),
    Topic(
        "District Hospital Rotation",
        [
            "Ward rounds, clinics and teaching for residents of every specialty",
            "Generalist care across the wards and clinics of a district hospital",
        ],
        [],
        "the wards and clinics of the district hospital",
        "medical officer in charge",
        level=DISTRICT,
        needs=LMIC,
    ),
]
COMMUNITY_HEALTH = [
    Topic(
        "Maternal and Child Health Project",
        [
            "Join a long-running program for safer pregnancies and births",
            "Antenatal outreach and newborn follow-up with community midwives",
        ],
        ["obstetrics-gynecology", "pediatrics", "family-medicine"],
        "antenatal outreach clinics and newborn home visits",
        "program's medical lead",
        needs=LMIC,
    ),
    Topic(
        "Community Vaccination Outreach",
        [
            "Support vaccinations and cold-chain logistics in outlying villages",
            "Catch-up vaccination days and cold-chain audits with district teams",
        ],
        ["pediatrics", "family-medicine", "preventive-medicine"],
        "vaccination days in outlying villages",
        "district immunisation officer",
        needs=LMIC,
    ),
    Topic(
        "Clean Water and Diarrheal Disease Program",
        [
            "Work with community health workers on water safety",
            "Household water treatment and diarrheal disease surveillance with local teams",
        ],
        ["preventive-medicine", "pediatrics", "family-medicine"],
        "household visits and water-point surveys",
        "program's public health physician",
        needs=LMIC,
    ),
    Topic(
        "Noncommunicable Disease Screening Camps",
        [
            "Hypertension and diabetes screening with follow-up",
            "Screening camps for hypertension and diabetes and the clinics that follow them up",
        ],
        ["internal-medicine", "family-medicine", "preventive-medicine"],
        "screening camps and follow-up clinics",
        "program's medical lead",
        needs=LMIC,
    ),
    Topic(
        "Community Mental Health Program",
        [
            "Home visits and group support with community mental health workers",
            "Task-shared depression and psychosis care with lay health workers",
        ],
        ["psychiatry", "family-medicine"],
        "home visits and group sessions",
        "consultant psychiatrist who leads the program",
    ),
    Topic(
        "Outreach Eye Camps",
        [
            "Screening and cataract camps in rural communities",
            "Vision screening and cataract case-finding camps in rural communities",
        ],
        ["ophthalmology"],
        "eye screening camps",
        "ophthalmologist who leads the camps",
        needs=LMIC,
    ),
    Topic(
        "Community Health Worker Training",
        [
            "Teach and supervise community health workers, whatever your specialty",
            "Refresher training for community health workers, planned with the district team",
        ],
        [],
        "training sessions and supervision visits",
        "district's community health coordinator",
        needs=LMIC,
    ),
]
RESEARCH = [
    Topic(
        "Tuberculosis Epidemiology Research",
        [
            "Help design and analyse a cohort study of TB treatment outcomes",
            "Cohort data on TB treatment outcomes, from cleaning to analysis",
        ],
        ["internal-medicine", "preventive-medicine", "pediatrics"],
        "the TB cohort study",
        "study's principal investigator",
    ),
    Topic(
        "HIV Care Cascade Study",
        [
            "Quality-improvement research on retention in HIV care",
            "A mixed-methods study of why patients leave HIV care, and what brings them back",
        ],
        ["internal-medicine", "family-medicine", "internal-medicine-pediatrics"],
        "the HIV retention study",
        "study's principal investigator",
    ),
    Topic(
        "Malaria Surveillance Project",
        [
            "Field and data work on malaria incidence and prevention",
            "Malaria incidence data from sentinel clinics, mapped and analysed",
        ],
        ["preventive-medicine", "pediatrics", "internal-medicine"],
        "the malaria surveillance data",
        "project's epidemiologist",
        needs=MALARIA,
    ),
    Topic(
        "Surgical Outcomes Registry",
        [
            "Build and analyse a registry of surgical outcomes",
            "Perioperative mortality and complication data for a regional surgical registry",
        ],
        ["surgery", "orthopaedic-surgery", "anesthesiology"],
        "the surgical outcomes registry",
        "registry's lead surgeon",
    ),
    Topic(
        "Perinatal Outcomes Study",
        [
            "Research on stillbirth and newborn survival",
            "Audit and analysis of perinatal deaths with the maternity team",
        ],
        ["obstetrics-gynecology", "pediatrics"],
        "the perinatal audit data",
        "study's principal investigator",
    ),
    Topic(
        "Skin Disease Prevalence Survey",
        [
            "A school-based survey of scabies and fungal skin disease",
            "Prevalence data on scabies and tinea from school screening",
        ],
        ["dermatology"],
        "the school survey data",
        "survey's lead dermatologist",
        needs=LMIC,
    ),
    Topic(
        "Epilepsy Treatment Gap Study",
        [
            "Research on access to epilepsy care and medicines",
            "A survey of the epilepsy treatment gap and the supply of antiseizure medicines",
        ],
        ["neurology", "psychiatry"],
        "the epilepsy access study",
        "study's principal investigator",
    ),
    Topic(
        "Global Health Research Placement",
        [
            "Join a research team on a project matched to your interests",
            "A placement with the research unit on one of its current studies",
        ],
        [],
        "the research unit's current studies",
        "unit's research director",
    ),
]
TOPICS = {
    Category.CLINICAL: CLINICAL,
    Category.COMMUNITY_HEALTH: COMMUNITY_HEALTH,
    Category.RESEARCH: RESEARCH,
}

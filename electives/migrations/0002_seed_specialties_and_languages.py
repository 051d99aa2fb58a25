import pycountry
from django.db import migrations

SPECIALTIES = {
    "anesthesiology": "Anesthesiology",
    "dermatology": "Dermatology",
    "emergency-medicine": "Emergency Medicine",
    "family-medicine": "Family Medicine",
    "internal-medicine": "Internal Medicine",
    "internal-medicine-pediatrics": "Internal Medicine–Pediatrics",
    "neurology": "Neurology",
    "obstetrics-gynecology": "Obstetrics and Gynecology",
    "ophthalmology": "Ophthalmology",
    "orthopaedic-surgery": "Orthopaedic Surgery",
    "otolaryngology": "Otolaryngology",
    "pathology": "Pathology",
    "pediatrics": "Pediatrics",
    "physical-medicine-rehabilitation": "Physical Medicine and Rehabilitation",
    "preventive-medicine": "Preventive Medicine",
    "psychiatry": "Psychiatry",
    "radiology": "Radiology",
    "surgery": "Surgery",
    "urology": "Urology",
}


def seed(apps, schema_editor):
    Specialty = apps.get_model("electives", "Specialty")
    Language = apps.get_model("electives", "Language")
    for slug, name in SPECIALTIES.items():
        Specialty.objects.update_or_create(slug=slug, defaults={"name": name})
    Language.objects.bulk_create(
        [
            Language(code=lang.alpha_2, name=lang.name.split(";")[0].strip())
            for lang in pycountry.languages
            if hasattr(lang, "alpha_2")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("electives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

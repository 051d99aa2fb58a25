from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

ALIASES_HELP = (
    "Other names residents search for, separated by commas: peds, paediatrics, pediatric. "
    "The search finds this specialty's electives by them."
)

# Names residents type for the seeded specialties (abbreviations, British spellings).
ALIASES = {
    "anesthesiology": "anesthesia, anaesthesia, anaesthesiology, anaesthetics",
    "dermatology": "derm, skin",
    "emergency-medicine": "EM, ER, emergency, emergency room, A&E",
    "family-medicine": "FM, family practice, general practice, GP, primary care",
    "internal-medicine": "IM, internal med, general medicine, internist",
    "internal-medicine-pediatrics": "med-peds, med peds, medicine-pediatrics, medicine-paediatrics",
    "neurology": "neuro",
    "obstetrics-gynecology": (
        "ob/gyn, obgyn, OB, GYN, obstetrics, gynecology, gynaecology, O&G, obs and gynae"
    ),
    "ophthalmology": "ophtho, ophth, eye",
    "orthopaedic-surgery": "ortho, orthopedics, orthopaedics, orthopedic surgery",
    "otolaryngology": "ENT, ear nose and throat, head and neck surgery",
    "pathology": "path",
    "pediatrics": "peds, paeds, paediatrics, pediatric, paediatric, child health",
    "physical-medicine-rehabilitation": "PM&R, PMR, physiatry, rehab, rehabilitation",
    "preventive-medicine": "prev med, preventative medicine, public health",
    "psychiatry": "psych, mental health",
    "radiology": "rads, imaging, diagnostic radiology",
    "surgery": "gen surg, general surgery, surg",
    "urology": "uro",
}

# Words for search corrections (electives.search.SEARCH_WORDS), found by trigram similarity.
CREATE_WORDS = """
CREATE TABLE IF NOT EXISTS electives_search_word (word text PRIMARY KEY);
CREATE INDEX IF NOT EXISTS search_word_trgm ON electives_search_word USING gin (word gin_trgm_ops);
"""
DROP_WORDS = "DROP TABLE IF EXISTS electives_search_word"


def seed_aliases(apps, schema_editor):
    Specialty = apps.get_model("electives", "Specialty")
    for slug, aliases in ALIASES.items():
        Specialty.objects.filter(slug=slug, aliases="").update(aliases=aliases)


def create_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_WORDS)


def drop_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_WORDS)


def reindex(apps, schema_editor):
    """Existing electives' vectors gain their specialties, aliases, region and category."""
    from electives.models import Elective
    from electives.search import update_search_vectors

    if schema_editor.connection.vendor == "postgresql":
        update_search_vectors(Elective.objects.all())


class Migration(migrations.Migration):
    dependencies = [("electives", "0009_historical_web_address_fields")]

    operations = [
        migrations.AddField(
            model_name="historicalspecialty",
            name="aliases",
            field=models.CharField(blank=True, help_text=ALIASES_HELP, max_length=500),
        ),
        migrations.AddField(
            model_name="specialty",
            name="aliases",
            field=models.CharField(blank=True, help_text=ALIASES_HELP, max_length=500),
        ),
        migrations.RunPython(seed_aliases, migrations.RunPython.noop),
        TrigramExtension(),
        migrations.RunPython(create_words, drop_words),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]

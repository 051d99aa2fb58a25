"""History for electives written in bulk (import, seed data), which sends no signals."""

from simple_history.models import HistoricalRecords

from .models import Elective

# What the History page's "Changed by" says for versions nobody made in the admin.
SEED_DATA = "seed data"


_HISTORICAL_M2M = {
    name: HistoricalRecords.m2m_models[Elective._meta.get_field(name)]
    for name in ("specialties", "languages")
}


def record_history(pks, *, update, reason, user=None):
    """History rows for electives written without save() (no signals): what the admin's
    History page lists and reverts, with their specialties and languages as save() would.

    Three queries and three bulk inserts per batch, whatever its size.
    """
    if not pks:
        return
    electives = Elective.objects.filter(pk__in=pks).defer("search_vector")
    versions = Elective.history.bulk_history_create(
        electives, update=update, default_user=user, default_change_reason=reason
    )
    version_of = {version.id: version for version in versions}
    for name, model in _HISTORICAL_M2M.items():
        through = getattr(Elective, name).through
        other = getattr(Elective, name).field.m2m_reverse_field_name()
        rows = through.objects.filter(elective_id__in=pks).values_list(
            "id", "elective_id", f"{other}_id"
        )
        model.objects.bulk_create(
            model(history=version_of[pk], id=row_id, elective_id=pk, **{f"{other}_id": value})
            for row_id, pk, value in rows
        )

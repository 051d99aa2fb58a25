from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from .models import Elective, Organization, Specialty
from .search import update_search_vectors

# Connected before electives.cache's receivers (ElectivesConfig.ready), so the vectors are
# current before the content version moves on.


@receiver(post_save, sender=Elective)
def index_elective(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors(Elective.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Organization)
def index_sponsor_electives(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors(Elective.objects.filter(organization=instance))


@receiver(post_save, sender=Specialty)
def index_specialty_electives(sender, instance, raw=False, **kwargs):
    """A renamed specialty, or new aliases: its electives are found by the new words.

    Costs about 0.5 s per 1,000 electives listing it (measured at 100,000 on a busy 2-core
    machine: 47 s for all of them)."""
    if not raw:
        update_search_vectors(Elective.objects.filter(specialties=instance))


@receiver(pre_delete, sender=Specialty)
def unindex_deleted_specialty(sender, instance, **kwargs):
    """The deletion would remove its electives' links without a signal: remove them first,
    so that its words leave their vectors."""
    listing = list(instance.electives.values_list("pk", flat=True))
    Elective.specialties.through.objects.filter(specialty=instance).delete()
    if listing:
        update_search_vectors(Elective.objects.filter(pk__in=listing))


@receiver(m2m_changed, sender=Elective.specialties.through)
def index_relisted_electives(sender, instance, action, reverse, pk_set, **kwargs):
    """An elective's specialties changed (the admin sets them after saving the elective)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        update_search_vectors(Elective.objects.filter(pk=instance.pk))
    elif pk_set:
        update_search_vectors(Elective.objects.filter(pk__in=pk_set))

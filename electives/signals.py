from django.db.models.signals import m2m_changed, post_save
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
    """A renamed specialty, or new aliases: its electives are found by the new words."""
    if not raw:
        update_search_vectors(Elective.objects.filter(specialties=instance))


@receiver(m2m_changed, sender=Elective.specialties.through)
def index_relisted_electives(sender, instance, action, reverse, pk_set, **kwargs):
    """An elective's specialties changed (the admin sets them after saving the elective)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        update_search_vectors(Elective.objects.filter(pk=instance.pk))
    elif pk_set:
        update_search_vectors(Elective.objects.filter(pk__in=pk_set))

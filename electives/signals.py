from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Elective, Organization
from .search import update_search_vectors


@receiver(post_save, sender=Elective)
def index_elective(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors(Elective.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Organization)
def index_sponsor_electives(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors(Elective.objects.filter(organization=instance))

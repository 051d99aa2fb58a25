from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from electives.cache import content_changed

from .models import Debrief


@receiver(post_save, sender=Debrief)
@receiver(post_delete, sender=Debrief)
def debrief_changed(sender, instance, raw=False, **kwargs):
    """The detail page, compare and the JSON show published debriefs: one published, changed
    or taken down gives the public pages a new version. Others are for curators only."""
    if not raw and Debrief.Status.PUBLISHED in (instance.status, instance.loaded_status):
        content_changed(electives={instance.elective_id})

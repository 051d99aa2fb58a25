from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from electives.cache import content_changed

from .models import Debrief


@receiver(pre_save, sender=Debrief)
@receiver(pre_delete, sender=Debrief)
def read_stored_status(sender, instance, raw=False, **kwargs):
    """The status the database holds before this save or delete, read now: the instance
    saved may not be the one read (simple_history's revert saves an old version's instance,
    built by hand), and its status is not what the public pages showed."""
    instance._stored_status = (
        None
        if raw or instance.pk is None
        else Debrief.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    )


@receiver(post_save, sender=Debrief)
@receiver(post_delete, sender=Debrief)
def debrief_changed(sender, instance, raw=False, **kwargs):
    """The detail page, compare and the JSON show published debriefs: one published, changed
    or taken down gives the public pages a new version. Others are for curators only."""
    if raw:
        return
    stored = instance.__dict__.pop("_stored_status", None)
    if Debrief.Status.PUBLISHED in (instance.status, stored):
        content_changed(electives={instance.elective_id})

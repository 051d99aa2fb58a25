from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "debriefs"
    verbose_name = "Debriefs from returning residents"

    def ready(self):
        from . import signals  # noqa: F401

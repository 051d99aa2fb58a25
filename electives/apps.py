from django.apps import AppConfig


class ElectivesConfig(AppConfig):
    name = "electives"
    verbose_name = "Electives"

    def ready(self):
        from . import cache, signals  # noqa: F401

        cache.connect_signals()

from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "debriefs"
    verbose_name = "Debriefs from returning residents"

    def ready(self):
        from electives.views import RESULT_EXTRAS

        from . import signals  # noqa: F401
        from .summary import summaries

        def debriefs(slugs):
            return {slug: summary.as_json() for slug, summary in summaries(slugs).items()}

        RESULT_EXTRAS.append(("debriefs", debriefs))

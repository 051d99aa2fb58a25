from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "debriefs"
    verbose_name = "Debriefs from returning residents"

    def ready(self):
        """Debriefs show on the pages of the apps below, through their extension points."""
        from electives.sections import add_section
        from electives.views import RESULT_EXTRAS
        from residents.compare import EXTRA_ROWS
        from residents.packet import REPORTED

        from . import signals  # noqa: F401
        from .summary import compare_row, page_section, summaries

        def debriefs(slugs):
            return {slug: summary.as_json() for slug, summary in summaries(slugs).items()}

        RESULT_EXTRAS.append(("debriefs", debriefs))
        add_section("after_description", "debriefs/section.html", page_section)
        EXTRA_ROWS.append(("Debriefs from residents", compare_row))

        def reported(electives):
            found = summaries(elective.slug for elective in electives)
            return [found[e.slug].text if found[e.slug].count else "" for e in electives]

        REPORTED.append(("What residents reported", reported))

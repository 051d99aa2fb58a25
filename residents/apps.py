from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = "Resident tools"

    def ready(self):
        """The resident tools (save, plan, packet, calendar, report) in the "How to apply"
        box of an elective's page (electives.sections)."""
        from electives.sections import add_section

        add_section("apply", "residents/detail_tools.html")

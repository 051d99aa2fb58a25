from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web infrastructure"

    def ready(self):
        from . import history  # noqa: F401  (connects its signal receiver)

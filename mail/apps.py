from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = "Outgoing mail"

    def ready(self):
        from . import outbox

        outbox.connect_signals()

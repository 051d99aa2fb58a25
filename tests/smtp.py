"""Mail servers on loopback for tests: one that accepts (aiosmtpd), one that never answers,
and a port where nothing listens."""

import contextlib
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller

from tests.servers import free_port


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [
            email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes
        ]


def use(settings, port, timeout=5):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = timeout


@contextlib.contextmanager
def accepting(settings):
    """A real SMTP server that keeps what it receives; the site's mail goes to it."""
    inbox = Inbox()
    # aiosmtpd's start-up self-check cannot follow port 0: ask the system for a free port.
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    use(settings, controller.port)
    try:
        yield inbox
    finally:
        controller.stop()


def down(settings):
    """The site's mail goes to a loopback port where nothing listens (connection refused)."""
    use(settings, free_port(), timeout=2)


class Silent:
    """Accepts connections and never says a word: a mail server that hangs. `connected` is
    set when a client first connects, `hung_up` when one gives up and closes; `connections`
    counts them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self.connected = threading.Event()
        self.hung_up = threading.Event()
        self.connections = 0
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                self.connections += 1
                self.connected.set()
                threading.Thread(target=self.listen, args=(client,), daemon=True).start()

    def listen(self, client):
        with contextlib.suppress(OSError), client:
            while client.recv(1024):
                pass
        self.hung_up.set()

    def close(self):
        self.listener.close()

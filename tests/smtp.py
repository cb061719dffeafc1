"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives: the `smtp_server` fixture.

Use it in a test module with `from tests.smtp import smtp_server_fixture  # noqa: F401`, or for every module with
`pytest_plugins = ["tests.smtp"]` in tests/conftest.py; `running_smtp_server()` serves where a fixture does not fit.
"""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback port that nobody listens on at the moment (also good as a closed port)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class RecordingSMTPServer:
    """The aiosmtpd handler: keeps each message (parsed with email.policy.default) and its envelope.

    Line endings are stored as LF, as a Unix mailbox keeps them, so a text part reads back as it was written.
    """

    def __init__(self, port: int):
        self.host, self.port = HOST, port
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()  # recipients answered with 550, as for an unknown mailbox
        self._arrived = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = (envelope.original_content or envelope.content).replace(b"\r\n", b"\n")
        message = message_from_bytes(raw, policy=policy.default)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 5) -> list[EmailMessage]:
        """Wait until `count` messages have arrived and return all of them. :raises AssertionError: on timeout."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"expected {count} messages within {timeout} s, got {len(self.messages)}")
            return list(self.messages)


@contextmanager
def running_smtp_server() -> Iterator[RecordingSMTPServer]:
    """Start an SMTP server on a free loopback port for the duration of the block."""
    server = RecordingSMTPServer(free_port())
    # server_hostname skips aiosmtpd's getfqdn() lookup, which can take seconds without DNS.
    controller = Controller(server, hostname=HOST, port=server.port, server_hostname="smtp.test", ready_timeout=5)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture(name="smtp_server")
def smtp_server_fixture() -> Iterator[RecordingSMTPServer]:
    """A fresh loopback SMTP server per test: `.port`, `.messages`, `.wait_for(n)`, `.refused`."""
    with running_smtp_server() as server:
        yield server

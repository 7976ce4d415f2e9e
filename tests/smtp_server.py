"""A real SMTP server in the test process (aiosmtpd), on a port the OS picks.

``server.answers`` is a list of replies to give to the next messages' DATA, in
order ("451 ...", "550 ..."); once it is empty every message is accepted.
``server.received`` holds each accepted message, parsed.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest


class Recorder:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.answers: list[str] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.answers:
                answer = self.answers.pop(0)
                self.refused.append(answer)
                return answer
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.received.append(message)  # type: ignore[arg-type]
            self.envelopes.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if m["To"] == address]


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    # Imported here, so that a machine without the dev dependencies fails only mail tests.
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    # A free port the OS picks (aiosmtpd's own start-up check cannot connect to port 0).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def mail_settings(port: int) -> dict[str, object]:
    return {
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_SENDER": "tracker@example.org",
        "ORGANISATION_NAME": "Riverside Peer Network",
    }


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return part.get_content()

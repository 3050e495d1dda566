"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the mail tests."""

from __future__ import annotations

import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mailbox:
    """Messages accepted by the server, parsed; start() and stop() may be called repeatedly."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook)
        message = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self) -> dict[str, object]:
        """The smtp_* settings that point the app at this server (plain SMTP on loopback)."""
        return {"smtp_host": "127.0.0.1", "smtp_port": self.port, "smtp_security": "none",
                "smtp_from": "qc@example.test"}  # fmt: skip

    def wait_for(self, count: int, timeout: float = 60.0) -> list[EmailMessage]:
        """Wait until `count` messages arrived (fails the test after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.1)
        raise AssertionError(f"{len(self.messages)} of {count} messages arrived in {timeout} s")

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m, r in zip(self.messages, self.recipients, strict=True) if address in r]

"""Sending e-mail: one narrow transport, so the rest never touches SMTP.

:class:`SmtpTransport` sends with :mod:`smtplib` (STARTTLS or implicit TLS, optional
login).  Settings come from arguments or ``STEGVIS_SMTP_HOST``, ``STEGVIS_SMTP_PORT``,
``STEGVIS_SMTP_SECURITY`` (``starttls``, ``tls`` or ``none``), ``STEGVIS_SMTP_USER``,
``STEGVIS_SMTP_PASSWORD`` and ``STEGVIS_MAIL_FROM``.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal, Protocol

Security = Literal["starttls", "tls", "none"]


class MailError(Exception):
    """A message was not accepted; the text says why (never a password)."""


class Transport(Protocol):
    """Anything that can send one message or raise :class:`MailError`."""

    @property
    def sender(self) -> str:
        """The From address of what it sends."""

    def send(self, message: EmailMessage) -> None:
        """Send ``message``; return only once the server has accepted it."""


@dataclass(frozen=True, slots=True)
class SmtpTransport:
    """SMTP delivery with the security the server asks for."""

    host: str
    port: int = 587
    security: Security = "starttls"
    username: str | None = None
    password: str | None = None
    sender: str = "stegvis@localhost"
    timeout: float = 30.0

    @classmethod
    def from_environment(cls) -> SmtpTransport:
        """Settings from ``STEGVIS_SMTP_*`` (see module docstring)."""
        security = os.environ.get("STEGVIS_SMTP_SECURITY", "starttls")
        if security not in ("starttls", "tls", "none"):
            raise MailError(f"STEGVIS_SMTP_SECURITY={security!r}: use starttls, tls or none")
        host = os.environ.get("STEGVIS_SMTP_HOST")
        if not host:
            raise MailError("no mail server: set STEGVIS_SMTP_HOST (and STEGVIS_SMTP_PORT, "
                            "STEGVIS_SMTP_SECURITY, STEGVIS_MAIL_FROM)")
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        return cls(host=host, port=int(os.environ.get("STEGVIS_SMTP_PORT", default_port)),
                   security=security,  # type: ignore[arg-type]
                   username=os.environ.get("STEGVIS_SMTP_USER"),
                   password=os.environ.get("STEGVIS_SMTP_PASSWORD"),
                   sender=os.environ.get("STEGVIS_MAIL_FROM", "stegvis@localhost"))

    def send(self, message: EmailMessage) -> None:
        """Send one message; :class:`MailError` unless the server accepted it."""
        try:
            if self.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout,
                    context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    client.login(self.username, self.password or "")
                refused = client.send_message(message)
            if refused:
                raise MailError(f"the server refused {', '.join(sorted(refused))}")
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}"[:500]) from exc

"""Sending e-mail: one narrow transport, so the rest never touches SMTP.

:class:`SmtpTransport` sends with :mod:`smtplib` (STARTTLS or implicit TLS, optional
login).  Settings come from arguments or ``STEGVIS_SMTP_HOST``, ``STEGVIS_SMTP_PORT``,
``STEGVIS_SMTP_SECURITY`` (``starttls``, ``tls`` or ``none``), ``STEGVIS_SMTP_USER``,
``STEGVIS_SMTP_PASSWORD`` and ``STEGVIS_MAIL_FROM`` (under ``stegvis serve`` the password
may come from a Prefect Secret block instead: ``workflows.flows.smtp_password_from_block``).
"""

from __future__ import annotations

import base64
import email.policy
import os
import smtplib
import ssl
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Literal, Protocol

from engine.errors import InputError
from engine.inputs.numbers import number_setting, shown

Security = Literal["starttls", "tls", "none"]

#: How messages are written: quoted-printable lines of at most 76 characters (RFC 2045;
#: Python's default policy allows 78).
MAIL_POLICY = email.policy.default.clone(max_line_length=76)


def mailbox(display_name: str, address: str) -> Address:
    """The ``To``/``From`` value for ``display_name <address>``, quoted as RFC 5322 asks.

    Not :func:`email.utils.formataddr`: for a name with both a parenthesis and a letter
    outside ASCII ("Styrgrupp (förbundets beredningsgrupp)") it writes a header whose
    parenthesis is read as the start of a comment, so a mail program finds no address
    in it.  :class:`~email.headerregistry.Address` quotes and encodes such names whole.
    """
    local, _, domain = address.rpartition("@")
    return Address(display_name, local, domain)


class MailError(Exception):
    """A message was not accepted; the text says why (never a password)."""


class MailServerUnreachable(MailError):
    """No session could be opened (refused, timed out, TLS or login failed)."""


class Connection(Protocol):
    """An open connection to a mail server, good for several messages."""

    def send(self, message: EmailMessage) -> None:
        """Send ``message``; return only once the server has accepted it."""


class Transport(Protocol):
    """Anything that can open a :class:`Connection`, or raise :class:`MailError`."""

    @property
    def sender(self) -> str:
        """The From address of what it sends."""

    def connect(self) -> AbstractContextManager[Connection]:
        """A connection, closed when the ``with`` block ends."""


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
    def from_environment(cls, password: str | None = None) -> SmtpTransport:
        """Settings from ``STEGVIS_SMTP_*`` (see module docstring).

        ``password`` overrides ``STEGVIS_SMTP_PASSWORD`` (the flows pass the value of a
        Prefect Secret block named by ``STEGVIS_SMTP_PASSWORD_BLOCK``).
        """
        security = os.environ.get("STEGVIS_SMTP_SECURITY", "starttls")
        if security not in ("starttls", "tls", "none"):
            raise MailError(f"STEGVIS_SMTP_SECURITY={security!r}: use starttls, tls or none")
        host = os.environ.get("STEGVIS_SMTP_HOST")
        if not host:
            raise MailError("no mail server: set STEGVIS_SMTP_HOST (and STEGVIS_SMTP_PORT, "
                            "STEGVIS_SMTP_SECURITY, STEGVIS_MAIL_FROM)")
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        try:
            port = number_setting("STEGVIS_SMTP_PORT", default_port, low=1, high=65535)
        except InputError:
            raise MailError(f"STEGVIS_SMTP_PORT={shown(os.environ['STEGVIS_SMTP_PORT'])} is "
                            "not a port number (1–65535)") from None
        return cls(host=host, port=port,
                   security=security,  # type: ignore[arg-type]
                   username=os.environ.get("STEGVIS_SMTP_USER"),
                   password=password if password is not None
                   else os.environ.get("STEGVIS_SMTP_PASSWORD"),
                   sender=os.environ.get("STEGVIS_MAIL_FROM", "stegvis@localhost"))

    def connect(self) -> AbstractContextManager[Connection]:
        """An SMTP session (TLS and login done) for any number of messages.

        Reusing one session keeps delivery fast and, more importantly, lets the caller
        record a message as sent the moment the server has accepted it, without a QUIT
        round trip in between.  A session that fails is reopened for the next message.
        """
        return _SmtpConnection(self)

    def send(self, message: EmailMessage) -> None:
        """Send one message in a session of its own."""
        with self.connect() as connection:
            connection.send(message)

    def open_client(self) -> smtplib.SMTP:
        """A logged-in SMTP client; :class:`MailError` if the server cannot be used."""
        try:
            if self.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout,
                    context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                if self.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    _login(client, self.username, self.password or "")
            except BaseException:
                client.close()
                raise
            return client
        except (smtplib.SMTPException, OSError) as exc:
            raise MailServerUnreachable(f"{type(exc).__name__}: {exc}"[:500]) from exc


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """Log in; a name or password beyond ASCII (å, ä, ö) goes as UTF-8 AUTH PLAIN.

    smtplib encodes credentials as ASCII and fails on anything else; RFC 4616 defines
    PLAIN in UTF-8, so that is what such credentials are sent with.
    """
    if (username + password).isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    if "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        raise MailServerUnreachable("the mail server offers no AUTH PLAIN, which a user name or "
                                    "password with characters beyond ASCII needs")
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode())
    code, answer = client.docmd("AUTH", "PLAIN " + token.decode("ascii"))
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


class _SmtpConnection:
    """One SMTP session, opened on first use and reopened after a failure."""

    def __init__(self, transport: SmtpTransport) -> None:
        self._transport = transport
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> _SmtpConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close(polite=True)

    def send(self, message: EmailMessage) -> None:
        """Send one message; :class:`MailError` unless the server accepted it."""
        if self._client is not None and not self._alive(self._client):
            self._close(polite=False)  # the server closed an idle session: open another
        if self._client is None:
            self._client = self._transport.open_client()
        try:
            refused = self._client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            self._close(polite=False)
            raise MailError(f"{type(exc).__name__}: {exc}"[:500]) from exc
        if refused:
            raise MailError(f"the server refused {', '.join(sorted(refused))}")

    @staticmethod
    def _alive(client: smtplib.SMTP) -> bool:
        try:
            return int(client.noop()[0]) == 250
        except (smtplib.SMTPException, OSError):
            return False

    def _close(self, polite: bool) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        with suppress(smtplib.SMTPException, OSError):
            if polite:
                client.quit()
        client.close()

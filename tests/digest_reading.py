"""Reading delivered digests back, line by line, as a coordinator reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage

#: Section headings of a digest, and the stage each lists.
SECTIONS = {"Försenat": "overdue", "Förfaller i dag": "due", "Snart": "soon",
            "Eskalerat till dig": "escalation", "Saknas till rapporter": "missing"}
LINE = re.compile(r"^- (?P<participant>\S+) \(ärende (?P<case>\d+)\) · [^·]+ · (?P<name>.+) · "
                  r"(?:senast|skulle vara klart) (?P<due>\d{4}-\d\d-\d\d)$")
#: A programme's own obligation (a budget analysis, an evaluation step): no case, and
#: where it is recorded done (the programme's page in the web, not a command line).
PROGRAMME_LINE = re.compile(r"^- [^·]+ · .* · (?:senast|skulle vara klart) "
                            r"\d{4}-\d\d-\d\d \(registreras i Stegvis under Styrning, [^)]+\)$")
#: Something a report's draft found missing in a case.
MISSING_LINE = re.compile(r"^- \S+ · [^·]+ · .+ · behövs till .+$")


def is_digest(message: EmailMessage) -> bool:
    """A digest of notices, not a report with its documents."""
    return " att göra – " in str(message["Subject"])


@dataclass(frozen=True, slots=True)
class DigestLine:
    """One item of a digest: whose, which obligation (its title), due when, in which
    stage."""

    participant: str
    case: int
    name: str
    due: str
    stage: str


def digest_lines(message: EmailMessage) -> list[DigestLine]:
    """Every item line of a delivered digest, with the stage of its section."""
    out: list[DigestLine] = []
    if not is_digest(message):
        return out
    stage = ""
    for line in message.get_content().splitlines():
        heading = next((s for h, s in SECTIONS.items() if line.startswith(h)), None)
        if heading:
            stage = heading
        elif line.startswith("- "):
            if stage == "missing":
                assert MISSING_LINE.match(line), line
                continue
            match = LINE.match(line)
            if match is None:
                assert PROGRAMME_LINE.match(line) and stage, line
                continue
            assert stage, line
            out.append(DigestLine(match["participant"], int(match["case"]), match["name"],
                                  match["due"], stage))
    return out


def section_lines(message: EmailMessage, heading: str) -> list[str]:
    """The item lines of one section of a digest (e.g. "Saknas till rapporter")."""
    out: list[str] = []
    inside = False
    for line in message.get_content().splitlines():
        if any(line.startswith(h) for h in SECTIONS):
            inside = line.startswith(heading)
        elif inside and line.startswith("- "):
            out.append(line)
    return out

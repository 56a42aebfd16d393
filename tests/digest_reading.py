"""Reading delivered digests back, line by line, as a coordinator reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage

#: Section headings of a digest, and the stage each lists.
SECTIONS = {"Försenat": "overdue", "Förfaller i dag": "due", "Snart": "soon",
            "Eskalerat till dig": "escalation"}
LINE = re.compile(r"^- (?P<participant>\S+) · .* (?:senast|skulle vara klart) "
                  r"(?P<due>\d{4}-\d\d-\d\d) \(ärende (?P<case>\d+), (?P<key>[^)]+)\)$")


@dataclass(frozen=True, slots=True)
class DigestLine:
    """One item of a digest: whose, which obligation, due when, in which stage."""

    participant: str
    case: int
    key: str
    due: str
    stage: str


def digest_lines(message: EmailMessage) -> list[DigestLine]:
    """Every item line of a delivered digest, with the stage of its section."""
    out, stage = [], ""
    for line in message.get_content().splitlines():
        heading = next((s for h, s in SECTIONS.items() if line.startswith(h)), None)
        if heading:
            stage = heading
        elif line.startswith("- "):
            match = LINE.match(line)
            assert match and stage, line
            out.append(DigestLine(match["participant"], int(match["case"]), match["key"],
                                  match["due"], stage))
    return out

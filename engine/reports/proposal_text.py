"""The official's own text of a decision proposal: a short YAML file they write.

The form is documented with a full example in docs/decision-proposal.md.  Reading it
reuses the definitions' YAML reader (:mod:`engine.definitions.yaml_source`), so every
mistake is one line ``file:line:col: message (at key)``, all of them in one pass, and
the same traps are closed (duplicate keys, tabs, ``no`` read as false, other encodings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.definitions.yaml_source import Path, SourceDocument, parse_source
from engine.errors import InputError, Problem, did_you_mean


@dataclass(frozen=True, slots=True)
class SignatoryText:
    """A signatory as written: a name and a title, or a role of the definition."""

    name: str
    title: str
    role: str
    path: Path


@dataclass(frozen=True, slots=True)
class ProposalText:
    """What the official wrote, checked for shape (references are checked later)."""

    file: str
    addressee: str
    summary: str
    views: str
    #: As written; empty: the definition's organisation.signatories sign.
    signatories: tuple[SignatoryText, ...]
    proposals: tuple[str, ...] = ()
    title: str = ""
    report_title: str = ""
    background: str = ""
    attachments: tuple[str, ...] = ()
    key_figures: tuple[str, ...] = ()
    language: str = ""
    dated_on: date | None = None
    diary_number: str = ""
    #: The official's written analysis, by part (:data:`ANALYSIS_PARTS`); a part left out
    #: is shown as a prompt to fill in, never as an empty heading.
    analysis: tuple[tuple[str, str], ...] = ()
    #: Where each value was written, for errors found against the report or definition.
    source: SourceDocument | None = None

    def problem(self, path: Path, message: str) -> Problem:
        """A problem located where ``path`` was written in the file."""
        if self.source is None:
            return Problem(self.file, 1, 1, message)
        return self.source.problem(path, message)


class ProposalTextError(InputError):
    """The text file has mistakes; ``problems`` lists each at file:line:col."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


#: Every key of the file: (required, kind). Kinds: text, texts, date, language,
#: signatories, analysis.  Signatories may come from the definition instead
#: (organisation.signatories, issue 22 finding 10).
KEYS: dict[str, tuple[bool, str]] = {
    "addressee": (True, "text"), "title": (False, "text"), "report_title": (False, "text"),
    "date": (False, "date"), "diary_number": (False, "text"), "language": (False, "language"),
    "proposals": (False, "texts"), "signatories": (False, "signatories"),
    "summary": (True, "text"), "background": (False, "text"), "analysis": (False, "analysis"),
    "views": (True, "text"), "key_figures": (False, "texts"), "attachments": (False, "texts"),
}

#: The parts of the written analysis, in document order: the results against the
#: targets; the gender-equality analysis the seeds ask for ("All statistik redovisas
#: könsuppdelad och analyseras ur ett jämställdhetsperspektiv", 001; "följas, redovisas
#: och utvärderas könsuppdelat", 004; a gender analysis of planning and outcome, 003);
#: deviations and what is done about them ("Vid avvikelser ska analys av orsaker göras
#: och vid behov ska handlingsplan upprättas", 003).
ANALYSIS_PARTS = ("results", "gender", "deviations")
_SIGNATORY_KEYS = ("name", "title", "role")


def read_proposal_text(raw: bytes, file: str) -> ProposalText:
    """The checked text of a proposal file; ProposalTextError lists every mistake."""
    if not raw.strip():
        raise ProposalTextError([Problem(file, 1, 1, (
            "the file is empty; it starts with 'addressee:' (see docs/decision-proposal.md)"))])
    doc, problems = parse_source(raw, file)
    if doc is None:
        raise ProposalTextError(problems)
    if not isinstance(doc.data, dict):
        raise ProposalTextError([*problems, doc.problem((), (
            "the file must be a mapping of keys (addressee:, summary:, …), not "
            + type(doc.data).__name__))])
    checker = _Checker(doc, problems)
    values = {key: checker.value(key, kind, required) for key, (required, kind) in KEYS.items()}
    for key in doc.data:
        if key not in KEYS:
            hint = did_you_mean(key, KEYS) or f"; the keys are {', '.join(KEYS)}"
            checker.error((key,), f"unknown key {key!r}{hint}", key=True)
    if checker.problems:
        raise ProposalTextError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return ProposalText(
        file=file, addressee=values["addressee"], summary=values["summary"],
        views=values["views"], signatories=values["signatories"] or (),
        proposals=values["proposals"] or (), title=values["title"] or "",
        report_title=values["report_title"] or "", background=values["background"] or "",
        attachments=values["attachments"] or (), key_figures=values["key_figures"] or (),
        language=values["language"] or "", dated_on=values["date"],
        diary_number=values["diary_number"] or "", analysis=values["analysis"] or (),
        source=doc)


class _Checker:
    def __init__(self, doc: SourceDocument, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = list(problems)

    def error(self, path: Path, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, key=key))

    def value(self, key: str, kind: str, required: bool) -> Any:
        data: dict[str, Any] = self.doc.data
        if key not in data:
            if required:
                self.error((), f"the key {key!r} is missing; "
                               f"{_WHAT[key]} (see docs/decision-proposal.md)")
            return None
        path: Path = (key,)
        if self.doc.is_unreadable(path):
            return None
        value = data[key]
        if kind == "text":
            return self.text(path, value)
        if kind == "texts":
            return self.texts(path, value)
        if kind == "date":
            return self.day(path, value)
        if kind == "analysis":
            return self.analysis(path, value)
        if kind == "language":
            if value not in ("sv", "en"):
                self.error(path, f"language {value!r} is not sv or en")
                return None
            return value
        return self.signatories(path, value)

    def text(self, path: Path, value: Any) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a diary number such as 2024 is text
        if not isinstance(value, str) or not value.strip():
            self.error(path, f"expected a text, got {_shown(value)}")
            return None
        return value.strip()

    def texts(self, path: Path, value: Any) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not value:
            self.error(path, f"expected a list of texts ('- …' on each line), got "
                             f"{_shown(value)}")
            return None
        out = [self.text((*path, i), item) for i, item in enumerate(value)]
        return tuple(t for t in out if t is not None)

    def day(self, path: Path, value: Any) -> date | None:
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.error(path, f"expected a date written YYYY-MM-DD, got {_shown(value)}")
            return None

    def analysis(self, path: Path, value: Any) -> tuple[tuple[str, str], ...] | None:
        if not isinstance(value, dict):
            self.error(path, "expected the parts of the analysis, each 'PART: |' and its text "
                             f"below it (parts: {', '.join(ANALYSIS_PARTS)}), got {_shown(value)}")
            return None
        out = []
        for key, text in value.items():
            if key not in ANALYSIS_PARTS:
                hint = did_you_mean(key, ANALYSIS_PARTS) or f"; write {', '.join(ANALYSIS_PARTS)}"
                self.error((*path, key), f"unknown part {key!r} of the analysis{hint}", key=True)
                continue
            checked = self.text((*path, key), text)
            if checked is not None:
                out.append((key, checked))
        return tuple(sorted(out, key=lambda part: ANALYSIS_PARTS.index(part[0])))

    def signatories(self, path: Path, value: Any) -> tuple[SignatoryText, ...] | None:
        if not isinstance(value, list) or not value:
            self.error(path, "expected a list of signatories, each '- {name: …, title: …}' "
                             f"or '- {{name: …, role: …}}', got {_shown(value)}")
            return None
        out = []
        for i, item in enumerate(value):
            at = (*path, i)
            if not isinstance(item, dict):
                self.error(at, f"expected '{{name: …, title: …}}', got {_shown(item)}")
                continue
            for key in item:
                if key not in _SIGNATORY_KEYS:
                    hint = did_you_mean(key, _SIGNATORY_KEYS) or "; write name, title or role"
                    self.error((*at, key), f"unknown key {key!r} of a signatory{hint}",
                               key=True)
            name = self.text((*at, "name"), item.get("name")) if "name" in item else None
            if "name" not in item:
                self.error(at, "a signatory needs a 'name'")
            if "title" not in item and "role" not in item:
                self.error(at, "a signatory needs a 'title' or a 'role' of the programme")
            title = self.text((*at, "title"), item["title"]) if "title" in item else ""
            role = self.text((*at, "role"), item["role"]) if "role" in item else ""
            if name and title is not None and role is not None:
                out.append(SignatoryText(name, title, role, at))
        return tuple(out)


_WHAT = {
    "addressee": "write to whom the proposal goes, e.g. 'addressee: Styrelsen'",
    "summary": "write the summary ('summary: |' and the text indented below it)",
    "views": "write the administration's comments ('views: |' and the text below it)",
}


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)

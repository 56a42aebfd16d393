"""Reading a definition file into plain data while remembering where each value stood.

PyYAML alone loses positions, silently keeps the last of two duplicate keys and reads
``no``/``on`` as booleans (YAML 1.1).  This loader composes the node tree and builds
JSON-like data from it itself, so that:

- every value and every mapping key has a (line, column) for error messages;
- a duplicate key is an error naming both lines;
- booleans are only ``true``/``false`` (YAML 1.2, as editors use), dates stay text
  (the schema checks them), and keys must be text;
- tab indentation, files that are not UTF-8, empty files and several documents in one
  file are reported plainly instead of as a parser traceback.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.errors import Problem

Path = tuple[str | int, ...]

#: Marks a scalar that could not be read (it has been reported already).
_UNREADABLE = object()


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column in a file."""

    line: int
    column: int


@dataclass(slots=True)
class SourceDocument:
    """Plain data of one YAML document plus where each of its parts was written."""

    file: str
    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    #: Values that could not be read (already reported); later checks skip them.
    unreadable: set[Path] = field(default_factory=set)

    def is_unreadable(self, path: Path) -> bool:
        """Whether ``path`` lies at or below a value that could not be read."""
        return any(path[: len(bad)] == bad for bad in self.unreadable)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """Where ``path`` was written (its key when ``key``), or its nearest ancestor."""
        table = self.keys if key else self.values
        for n in range(len(path), -1, -1):
            prefix = path[:n]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    def problem(self, path: Path, message: str, *, key: bool = False,
                severity: str = "error", kind: str = "",
                params: dict[str, object] | None = None) -> Problem:
        """A Problem located at ``path`` in this document, of ``kind`` with ``params``."""
        pos = self.position(path, key=key)
        return Problem(self.file, pos.line, pos.column, message, format_path(path),
                       "warning" if severity == "warning" else "error",
                       kind=kind, params=frozen(params or {}))


def frozen(params: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """A problem's parameters as immutable (name, value) pairs; a list becomes a tuple."""
    return tuple((name, tuple(value) if isinstance(value, list) else value)
                 for name, value in params.items())


def format_path(path: Path) -> str:
    """``('participant', 'phases', 0, 'id')`` → ``participant.phases[0].id``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and without implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

#: Tags the loader itself produces for plain values; any other explicit tag is refused.
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
#: Deeper nesting than this is not a programme definition (and would exhaust the stack).
MAX_DEPTH = 60
#: More values than this (e.g. aliases expanding exponentially) are refused.
MAX_VALUES = 200_000
#: More text than this once every alias is written out is refused: a long string
#: repeated by aliases ("the string-alias bomb", under 1 MB as written) would fill memory
#: in every step after reading (the content hash, the schema check).
MAX_EXPANDED_CHARACTERS = 8 * 1024 * 1024

#: What PyYAML says → (the kind of syntax error, the hint the command line adds).
_HINTS = {
    "mapping values are not allowed here": ("yaml_colon_in_value",
        "a ':' where a value was expected; if the text itself contains ': ', put it in quotes"),
    "found character '\\t' that cannot start any token": ("yaml_tab",
        "a tab character; YAML indents with spaces only"),
    "could not find expected ':'": ("yaml_missing_colon",
        "a line without 'key: value' inside a mapping; check indentation or a missing ':'"),
    "did not find expected key": ("yaml_indentation",
        "the indentation does not line up with the keys above it"),
    "did not find expected '-' indicator": ("yaml_list_indentation",
        "a list item is indented differently from the items before it"),
    "found undefined alias": ("yaml_undefined_alias",
        "an alias (*name) refers to an anchor (&name) that is not defined above it"),
    "expected <block end>": ("yaml_indentation",
        "this line's indentation does not match the lines above it"),
    "expected <document start>": ("yaml_outside_mapping",
        "text outside the programme's mapping; check the indentation"),
    "found unacceptable character": ("yaml_control_character",
        "a control character that YAML does not allow; remove it"),
}


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [Problem(file, 1, 1, "the file is UTF-32; save it as UTF-8",
                              kind="not_utf8_wide", params=(("encoding", "UTF-32"),))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, 1, 1, "the file is UTF-16; save it as UTF-8",
                              kind="not_utf8_wide", params=(("encoding", "UTF-16"),))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes: everything before the first bad byte is UTF-8.
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        byte = raw[exc.start]
        guess = ""
        try:
            char = bytes([byte]).decode("cp1252")
            guess = f" ({char!r} in Windows-1252/Latin-1)"
        except UnicodeDecodeError:
            pass
        return None, [Problem(
            file, line, column,
            f"the file is not UTF-8: byte 0x{byte:02x}{guess} cannot be read; "
            "save the file with UTF-8 encoding",
            kind="not_utf8", params=frozen({"byte": f"0x{byte:02x}", "character": guess and char}),
        )]


def _tab_problems(text: str, file: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            problems.append(Problem(
                file, number, indent.index("\t") + 1,
                "tab character in indentation; YAML indents with spaces only",
                kind="yaml_tab",
            ))
    return problems


def parse_source(raw: bytes | str, file: str) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse one definition file. Returns the document (None if unreadable) and problems."""
    if isinstance(raw, bytes):
        text, problems = _decode(raw, file)
        if text is None:
            return None, problems
    else:
        text = raw
    problems = _tab_problems(text, file)
    if problems:
        return None, problems
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(file, line, 1, "the file contains a NUL byte; is it a text file?",
                              kind="nul_byte")]
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except RecursionError:
        return None, [Problem(file, 1, 1, f"the file nests lists or mappings too deeply "
                                          f"(more than {MAX_DEPTH} levels)",
                              kind="too_deep", params=(("levels", MAX_DEPTH),))]
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return None, [Problem(file, line, column,
                              f"the file contains the control character U+{ord(char):04X}, "
                              "which YAML does not allow; remove it",
                              kind="control_character",
                              params=(("character", f"U+{ord(char):04X}"),))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "cannot parse YAML").strip()
        kind, hint = next((h for k, h in _HINTS.items() if k in problem), ("yaml_syntax", ""))
        message = f"YAML syntax error: {problem}" + (f" ({hint})" if hint else "")
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(file, line, col, message, kind=kind)]
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return None, [Problem(file, 1, 1, f"YAML cannot read the file: {exc}",
                              kind="yaml_unreadable")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None, [Problem(file, 1, 1, "the file is empty; a programme definition "
                                          "starts with keys such as 'id:' and 'name:'",
                              kind="empty_file")]
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        return None, [Problem(file, mark.line + 1, mark.column + 1,
                              "a second YAML document ('---'); put one programme per file",
                              kind="second_document")]
    expanded = _expanded_size(nodes[0])
    if expanded is not None:
        return None, [*problems, Problem(file, expanded.line, expanded.column, str(expanded),
                                          kind=expanded.kind, params=expanded.params)]
    doc = SourceDocument(file, None)
    builder = _Builder(doc, problems)
    try:
        doc.data = builder.build(nodes[0], ())
    except _TooLarge as exc:
        return None, [*problems, Problem(file, exc.line, exc.column, str(exc),
                                          kind=exc.kind, params=exc.params)]
    return doc, problems


def _expanded_size(root: Node) -> _TooLarge | None:
    """How large the document would be with every alias written out, measured on the
    node graph before any value is built: each node is measured once (an alias is the
    same node again), so measuring costs what the file costs, however much it expands."""
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()

    def size(node: Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            return 1, 0  # a recursive alias: the builder reports it
        open_nodes.add(key)
        values, characters = 1, 0
        if isinstance(node, ScalarNode):
            characters = len(node.value)
        else:
            children = node.value if isinstance(node, SequenceNode) else \
                [part for pair in node.value for part in pair]
            for child in children:
                child_values, child_characters = size(child)
                values += child_values
                characters += child_characters
                if values > MAX_VALUES or characters > MAX_EXPANDED_CHARACTERS:
                    break  # enough to refuse; the sums only grow
        open_nodes.discard(key)
        sizes[key] = values, characters
        return values, characters

    try:
        values, characters = size(root)
    except RecursionError:
        return _TooLarge(f"lists or mappings nest more than {MAX_DEPTH} levels deep", root,
                         "too_deep", levels=MAX_DEPTH)
    if values > MAX_VALUES:
        return _TooLarge(f"the file expands to more than {MAX_VALUES:,} values (aliases "
                         "repeating aliases?); write the values out", root,
                         "too_many_values", count=MAX_VALUES)
    if characters > MAX_EXPANDED_CHARACTERS:
        return _TooLarge(f"the file expands to more than {MAX_EXPANDED_CHARACTERS:,} "
                         "characters of text (aliases repeating a long text?); write the "
                         "values out", root,
                         "too_much_text", count=MAX_EXPANDED_CHARACTERS)
    return None


class _TooLarge(Exception):
    def __init__(self, message: str, node: Node, kind: str, **params: object) -> None:
        super().__init__(message)
        self.kind, self.params = kind, frozen(params)
        self.line, self.column = node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: SourceDocument, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.constructor = _Loader("")
        self.open: set[int] = set()  # nodes being built, to detect recursive aliases
        self.count = 0

    def build(self, node: Node, path: Path) -> Any:
        self.doc.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge(f"the file expands to more than {MAX_VALUES} values "
                            "(aliases repeating aliases?); write the values out", node,
                            "too_many_values", count=MAX_VALUES)
        if len(path) > MAX_DEPTH:
            raise _TooLarge(f"lists or mappings nest more than {MAX_DEPTH} levels deep", node,
                            "too_deep", levels=MAX_DEPTH)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.open:
            self.doc.unreadable.add(path)
            self.problems.append(self.doc.problem(
                path, "an alias refers to the list or mapping that contains it "
                      "(a structure that never ends)", kind="alias_recursive"))
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            return None
        finally:
            self.open.discard(id(node))

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        value = self._plain_value(node)
        if value is _UNREADABLE:
            self.doc.unreadable.add(path)
            message, kind, params = self._why_unreadable(node)
            self.problems.append(self.doc.problem(path, message, kind=kind, params=params))
            return node.value
        if isinstance(value, float) and not math.isfinite(value):
            self.doc.unreadable.add(path)
            self.problems.append(self.doc.problem(
                path, f"{node.value!r} is not a usable number; write a finite number",
                kind="number_not_finite", params={"value": node.value}))
            return node.value
        return value

    def _plain_value(self, node: ScalarNode) -> Any:
        if node.tag not in _PLAIN_TAGS:
            return _UNREADABLE
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError, IndexError):
            return _UNREADABLE  # IndexError: PyYAML reading an empty '!!int ' value

    @staticmethod
    def _why_unreadable(node: ScalarNode) -> tuple[str, str, dict[str, object]]:
        """The message, the kind and its parameters for a value that cannot be read."""
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        if node.tag not in _PLAIN_TAGS:
            return (f"the YAML tag {tag} is not used in definitions; write the plain value "
                    "without a tag", "yaml_tag", {"tag": tag})
        return (f"{node.value!r} cannot be read as {tag}; remove the tag or correct the value",
                "yaml_tag_value", {"tag": tag, "value": node.value})

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_pos = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                self.problems.append(Problem(self.doc.file, key_pos.line, key_pos.column,
                                             "a key must be plain text, not a list or mapping",
                                             format_path(path), kind="key_not_text"))
                continue
            if key_node.value == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.doc.file, key_pos.line, key_pos.column,
                                             "merge keys ('<<') are not supported; "
                                             "write the keys out", format_path(path),
                                             kind="merge_key"))
                continue
            key = self._plain_value(key_node)
            if key is _UNREADABLE:
                message, kind, params = self._why_unreadable(key_node)
                self.problems.append(Problem(self.doc.file, key_pos.line, key_pos.column,
                                             message, format_path(path), kind=kind,
                                             params=frozen(params)))
                key = str(key_node.value)
            elif not isinstance(key, str):
                self.problems.append(Problem(
                    self.doc.file, key_pos.line, key_pos.column,
                    f"key {key_node.value!r} is read as {type(key).__name__}, not text; "
                    f"quote it: '\"{key_node.value}\":'", format_path(path),
                    kind="key_not_text_read",
                    params=frozen({"key": key_node.value, "read_as": type(key).__name__})))
                key = str(key_node.value)
            if key in first_seen:
                self.problems.append(Problem(
                    self.doc.file, key_pos.line, key_pos.column,
                    f"duplicate key {key!r}: it is already defined on line {first_seen[key]} "
                    "(YAML would silently keep only the last one)",
                    format_path((*path, key)), kind="duplicate_key",
                    params=frozen({"key": key, "first_line": first_seen[key]})))
                continue
            first_seen[key] = key_pos.line
            self.doc.keys[(*path, key)] = key_pos
            result[key] = self.build(value_node, (*path, key))
        return result

"""``stegvis definitions import|export|history``: the definitions folder as import and
export of the versions published in the database.

A programme runs its newest publication, the same for every worker
(:mod:`engine.service.shared.published`).  ``import`` publishes each file of a folder
(or the files named) whose content differs from its programme's running version, with
a reason; ``export`` writes every programme's running text to a folder (with the
schema its first line points at), so that an installation that keeps its programmes
in git still can; ``history`` lists who published what, when and why.  Run through the
case commands' runner: ``--database``, ``--as`` and ``--json`` as everywhere.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from engine.cli.options import output_folder
from engine.errors import InputError
from engine.inputs.files import user_folder, write_user_file

#: The handler names of these commands (see engine/cli/cases_run.py).
DEFINITIONS_HANDLERS = ("definitions_import", "definitions_export", "definitions_history")


def add_definitions_commands(sub: argparse._SubParsersAction[Any], command: Any) -> None:
    """Register ``stegvis definitions …``; ``command`` builds a parser with the common
    options."""
    group = sub.add_parser(
        "definitions", help="publish definitions from a folder, write the running ones to "
                            "a folder, list who published what",
        description="The database holds the published versions every worker runs; a "
                    "folder is where they are imported from and exported to.")
    inner = group.add_subparsers(dest="definitions_command", required=True, metavar="COMMAND")
    p = command(inner, "import", "definitions_import",
                "publish the definition files whose content differs from the running "
                "version (all files are checked first; with an error, none is published)")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="definition files or folders (default: the definitions folder)")
    p.add_argument("--reason", required=True,
                   help="why these versions are published (kept with each of them)")
    p = command(inner, "export", "definitions_export",
                "write every programme's running version to FOLDER (and the schema)")
    p.add_argument("folder", type=output_folder, metavar="FOLDER")
    p.add_argument("--force", action="store_true",
                   help="overwrite files that differ from the running versions")
    p = command(inner, "history", "definitions_history",
                "every publication of a programme (or of all): number, version, when, "
                "who, why")
    p.add_argument("programme", nargs="?", metavar="PROGRAMME", help="programme id")


def run_definitions(ctx: Any, args: argparse.Namespace, actor: str) -> tuple[str, Any]:
    """Run the command named by ``args.case_handler``: (text, data for --json)."""
    from engine.service.programme import publishing

    handler = args.case_handler
    if handler == "definitions_import":
        files = _files(args.paths) if args.paths else None
        done = (publishing.import_files(ctx, files, actor, args.reason) if files is not None
                else publishing.import_folder(ctx, None, actor, args.reason))
        lines = [f"{d.programme_id}: " + (f"published as number {d.published} ({d.note})"
                                          if d.published else d.note) + f"  [{d.file}]"
                 for d in done]
        published = sum(1 for d in done if d.published)
        lines.append(f"{published} published, {len(done) - published} unchanged")
        return "\n".join(lines), [{"programme": d.programme_id, "file": str(d.file),
                                   "published": d.published, "note": d.note} for d in done]
    if handler == "definitions_export":
        written = export(publishing.export_texts(ctx), args.folder, force=args.force)
        return (f"{len(written)} programme(s) written to {args.folder}: "
                + ", ".join(p.name for p in written), [str(p) for p in written])
    return _history(ctx, args.programme)


def _files(paths: list[Path]) -> list[Path]:
    from engine.definitions.loading import definition_files

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(definition_files(path))
        elif path.exists():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    if not out:
        raise InputError("no definition files (*.yaml) in " + ", ".join(map(str, paths)))
    return out


def export(texts: dict[str, str], folder: Path, *, force: bool) -> list[Path]:
    """Write each programme's text to ``folder/<id>.yaml`` and the schema beside it;
    refuse (InputError, nothing written) to overwrite a differing file unless ``force``."""
    from engine.paths import SCHEMA_FILE, schema_path

    user_folder(folder)
    targets = {folder / f"{programme}.yaml": text for programme, text in sorted(texts.items())}
    differing = [str(p) for p, text in targets.items()
                 if p.exists() and p.read_text(encoding="utf-8", errors="replace") != text]
    if differing and not force:
        more = f" (and {len(differing) - 1} more)" if len(differing) > 1 else ""
        raise InputError(f"{differing[0]} differs from the running version{more}; nothing "
                         "written (--force overwrites)")
    for path, text in targets.items():
        write_user_file(path, text.encode("utf-8"))  # whole or not at all
    schema = folder / "schema" / SCHEMA_FILE
    schema.parent.mkdir(exist_ok=True)
    shutil.copyfile(schema_path(), schema)
    return list(targets)


def _history(ctx: Any, programme: str | None) -> tuple[str, Any]:
    from engine.service.shared.published import publications, published_programmes

    ids = [programme] if programme else [p.spec.id for p in published_programmes(ctx)]
    lines, data = [], []
    for ident in ids:
        rows = publications(ctx, ident)
        if not rows:
            raise InputError(f"{ident}: nothing published under this id")
        for row in rows:
            again = f" (again: number {row.republished_from})" if row.republished_from else ""
            lines.append(f"{ident} #{row.number}{again}  {row.published_at:%Y-%m-%d %H:%M} "
                         f"UTC  {row.published_by}: {row.reason}")
            data.append({"programme": ident, "number": row.number,
                         "published_at": row.published_at.isoformat(),
                         "published_by": row.published_by, "reason": row.reason,
                         "republished_from": row.republished_from})
    return "\n".join(lines), data

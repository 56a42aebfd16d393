"""``stegvis init [FOLDER]``: start an installation's own definitions folder.

The programmes shipped with Stegvis are copied into FOLDER, with the JSON Schema in
``FOLDER/schema/``, where the ``# yaml-language-server: $schema=schema/…`` line at the
top of each file points.  Unless ``STEGVIS_DEFINITIONS`` is set, the folder is recorded
in ``settings.toml`` in the data folder, so every later command reads it.  Nothing is
overwritten without ``--force``: not a definition, not the schema, not a setting that
names another folder.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

from engine.errors import StegvisError
from engine.inputs.files import read_user_file, user_text, write_user_file
from engine.paths import (
    SCHEMA_FILE,
    DefinitionsFolder,
    configured_definitions,
    data_folder,
    read_settings,
    schema_path,
    settings_path,
    shipped_dir,
)

#: The folder ``stegvis init`` fills when none is given or configured.
DEFAULT_FOLDER = "definitions"


class InitRefused(StegvisError):
    """``stegvis init`` would overwrite something; nothing was copied or written."""


def add_init_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``stegvis init`` on the subcommand parser ``sub``."""
    p = sub.add_parser(
        "init", help="copy the shipped programmes into this installation's definitions "
                     "folder, to change them there",
        description="Copy the programmes shipped with Stegvis and their schema into FOLDER "
                    "and make it the installation's definitions folder (recorded in "
                    "settings.toml in the data folder unless STEGVIS_DEFINITIONS is set).")
    p.add_argument("folder", nargs="?", type=Path, metavar="FOLDER",
                   help="where to (default: the configured definitions folder, else "
                        f"{DEFAULT_FOLDER}/ in the data folder)")
    p.add_argument("--force", action="store_true",
                   help="overwrite existing files and a setting that names another folder")


def run_init(folder: Path | None, *, force: bool) -> int:
    """Copy the shipped programmes into ``folder`` and record it; see the module docstring."""
    configured = configured_definitions()
    if folder is not None:
        target = folder
    elif configured is not None:
        target = configured.path
    else:
        target = data_folder(create=False) / DEFAULT_FOLDER
    target = target.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise InitRefused(f"{target} is a file, not a folder; nothing copied")

    shipped = shipped_dir()
    copies = [(source, target / source.name) for source in sorted(shipped.glob("*.yaml"))]
    copies.append((schema_path(), target / "schema" / SCHEMA_FILE))
    existing = [str(dest) for _, dest in copies if dest.exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise InitRefused(f"{existing[0]} exists{more}; nothing copied "
                          "(--force overwrites)")
    record = _setting_to_write(configured, target, force=force)

    for source, dest in copies:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)  # not copy2: site-packages files may be read-only
    print(f"stegvis init: copied {len(copies) - 1} programmes and the schema to {target}")
    if record is not None:
        _write_setting(record, target)
        print(f"definitions are now read from {target} (recorded in {record})")
    elif configured is not None and configured.path.resolve() != target:
        print(f"note: definitions are still read from {configured.describe()}")
    print("change them there, then check them with: stegvis validate")
    return 0


def _setting_to_write(configured: DefinitionsFolder | None, target: Path, *,
                      force: bool) -> Path | None:
    """The settings file to record ``target`` in, or None when nothing is to be written."""
    if configured is not None and configured.origin == "environment":
        return None  # the environment wins over any setting; leave the file alone
    if configured is not None and configured.path.resolve() == target:
        return None
    if configured is not None and not force:
        raise InitRefused(f"{configured.settings} names another definitions folder "
                          f"({configured.path}); nothing copied (--force points it at "
                          f"{target})")
    return settings_path()


def _write_setting(path: Path, target: Path) -> None:
    """Set ``definitions = "target"`` in the settings file, keeping everything else."""
    line = f"definitions = {json.dumps(str(target), ensure_ascii=False)}"
    lines = user_text(read_user_file(path, what="the settings file"), name=str(path)
                      ).splitlines() if path.exists() else [
        "# Stegvis settings (docs/installation.md); `stegvis init` wrote this file."]
    # A top-level key must come before the first [table] header.
    end = next((i for i, text in enumerate(lines) if text.lstrip().startswith("[")),
               len(lines))
    at = next((i for i in range(end) if re.match(r"\s*definitions\s*=", lines[i])), None)
    if at is None:
        lines.insert(end, line)
    else:
        lines[at] = line
    path.parent.mkdir(parents=True, exist_ok=True)
    write_user_file(path, ("\n".join(lines) + "\n").encode("utf-8"))
    if read_settings(path).get("definitions") != str(target):
        raise StegvisError(f"{path}: could not record the definitions folder; set "
                           f"{line} there by hand")

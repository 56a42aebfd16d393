"""Where Stegvis finds its programme definitions, their schema and its data folder.

The programmes shipped with Stegvis and the JSON Schema are package data of
``engine.programmes`` (the top-level ``process_defs/`` folder of the source tree, mapped
in pyproject.toml), found through :mod:`importlib.resources`: the checkout, an editable
install and a wheel read the same files, and nothing depends on where the source is.

The definitions an installation works with, first match wins:

1. the folder named by ``STEGVIS_DEFINITIONS``;
2. ``definitions = "FOLDER"`` in ``settings.toml`` in the data folder (``stegvis init``
   writes it; a relative FOLDER is taken from the data folder);
3. the shipped programmes.

The data folder is ``STEGVIS_HOME``, else ``$XDG_DATA_HOME/stegvis``, else
``~/.local/share/stegvis``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from engine.errors import InputError, StegvisError
from engine.inputs.files import path_problem, read_user_file, user_text

#: The package whose folder holds the shipped ``*.yaml`` files and ``schema/``.
SHIPPED_PACKAGE = "engine.programmes"
SCHEMA_FILE = "programme.schema.json"
SETTINGS_FILE = "settings.toml"
#: A settings file holds a few lines; anything much larger is not one.
SETTINGS_LIMIT = 1024 * 1024

Origin = Literal["environment", "settings", "shipped"]


class SettingsError(StegvisError):
    """The settings file or the definitions folder it names cannot be used."""


@dataclass(frozen=True, slots=True)
class DefinitionsFolder:
    """A folder of programme definitions and why it is the one in force."""

    path: Path
    origin: Origin
    #: The settings file that named the folder (origin ``settings`` only).
    settings: Path | None = None

    def describe(self) -> str:
        """Where and why, in one phrase: ``/srv/defs (from STEGVIS_DEFINITIONS)``."""
        why = {"environment": "from STEGVIS_DEFINITIONS",
               "settings": f"from {self.settings}",
               "shipped": "shipped with Stegvis"}[self.origin]
        return f"{self.path} ({why})"


def shipped_dir() -> Path:
    """The folder of the programmes shipped with Stegvis (package data)."""
    try:
        folder = resources.files(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        raise SettingsError("the shipped programmes are missing: Stegvis is not installed "
                            "(pip install stegvis, or pip install -e . in a checkout)") from None
    if not isinstance(folder, Path):  # a zip import; wheels are always unpacked
        raise SettingsError(f"the shipped programmes are not files on disk ({folder}); "
                            "install Stegvis from its wheel")
    return folder


def shipped_definitions() -> DefinitionsFolder:
    """The programmes shipped with Stegvis, as a definitions folder."""
    return DefinitionsFolder(shipped_dir(), "shipped")


def schema_path() -> Path:
    """The published JSON Schema of a programme definition (shipped with Stegvis)."""
    return shipped_dir() / "schema" / SCHEMA_FILE


class DataFolderError(StegvisError):
    """The data folder cannot be created or written; the message says which setting."""


def data_folder(*, create: bool = True) -> Path:
    """Stegvis's data folder (created unless ``create`` is false); DataFolderError when
    it cannot be created or written."""
    home = os.environ.get("STEGVIS_HOME")
    if home:
        folder, setting = Path(home), "STEGVIS_HOME"
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        folder, setting = Path(base) / "stegvis", "STEGVIS_HOME (or XDG_DATA_HOME)"
    if not create:
        return folder
    problem = path_problem(folder)
    if problem is not None:
        raise DataFolderError(f"cannot use the data folder {str(folder)[:200]!r}: {problem}; "
                              f"set {setting} to a folder you can write, or give --database")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = "it is a file, not a folder" if folder.is_file() else \
            (exc.strerror or type(exc).__name__)
        raise DataFolderError(f"cannot use the data folder {str(folder)!r}: {why}; set "
                              f"{setting} to a folder you can write, or give --database"
                              ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataFolderError(f"cannot write in the data folder {str(folder)!r}; set "
                              f"{setting} to a folder you can write, or give --database")
    return folder


def settings_path() -> Path:
    """The settings file in the data folder (it need not exist)."""
    return data_folder(create=False) / SETTINGS_FILE


def read_settings(path: Path | None = None) -> dict[str, object]:
    """The settings file as a mapping (empty when there is none)."""
    path = path or settings_path()
    if not os.path.lexists(path) and path_problem(path) is None:
        return {}
    try:
        text = user_text(read_user_file(path, what="the settings file",
                                        limit=SETTINGS_LIMIT), name=str(path))
    except InputError as exc:
        raise SettingsError(str(exc)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from None


def configured_definitions() -> DefinitionsFolder | None:
    """The installation's own definitions folder, if one is configured (it may not exist)."""
    override = os.environ.get("STEGVIS_DEFINITIONS")
    if override:
        return DefinitionsFolder(Path(override).expanduser(), "environment")
    settings = settings_path()
    value = read_settings(settings).get("definitions")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{settings}: 'definitions' must be the path of a folder, "
                            f"e.g. definitions = \"/srv/stegvis/definitions\"")
    return DefinitionsFolder(settings.parent / Path(value).expanduser(), "settings", settings)


def definitions_folder() -> DefinitionsFolder:
    """The definitions in force: the configured folder, else the shipped programmes."""
    configured = configured_definitions()
    if configured is None:
        return shipped_definitions()
    problem = path_problem(configured.path)
    if problem is not None:
        raise SettingsError(f"the definitions folder {configured.describe()[:200]} cannot be "
                            f"used: {problem}")
    if not configured.path.is_dir():
        raise SettingsError(f"the definitions folder {configured.describe()} does not exist; "
                            f"create it with: stegvis init {configured.path}")
    return configured


def definitions_dir() -> Path:
    """Folder holding the programme definitions in force (``*.yaml``)."""
    return definitions_folder().path

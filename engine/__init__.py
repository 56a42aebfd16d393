"""Stegvis engine: programme definitions, due-date timelines and the dry run.

Public surface (imported lazily, so that ``stegvis --help`` starts fast)::

    load_programme, check_file, check_source, definition_files   # engine.definitions.loading
    ProgrammeSpec                                                 # engine.definitions.spec
    CaseFacts, participant_timeline                               # engine.rules.timeline
    programme_calendar                                            # engine.rules.programme_calendar
    simulate, DryRun                                              # engine.rules.simulation
    Obligation                                                    # engine.rules.obligations
    Duration                                                      # engine.dates.durations
    Problem, StegvisError, DefinitionError, UnknownProgrammeError  # engine.errors
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "load_programme": "engine.definitions.loading", "check_file": "engine.definitions.loading",
    "check_source": "engine.definitions.loading", "definition_files": "engine.definitions.loading",
    "ProgrammeSpec": "engine.definitions.spec",
    "CaseFacts": "engine.rules.timeline", "participant_timeline": "engine.rules.timeline",
    "programme_calendar": "engine.rules.programme_calendar",
    "simulate": "engine.rules.simulation", "DryRun": "engine.rules.simulation",
    "Obligation": "engine.rules.obligations",
    "Duration": "engine.dates.durations",
    "Problem": "engine.errors", "StegvisError": "engine.errors",
    "DefinitionError": "engine.errors", "UnknownProgrammeError": "engine.errors",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")

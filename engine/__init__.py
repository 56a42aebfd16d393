"""Stegvis engine: programme definitions, due-date timelines and the dry run.

Public surface (imported lazily, so that ``stegvis --help`` starts fast)::

    load_programme, check_file, check_source, definition_files   # engine.loading
    ProgrammeSpec                                                 # engine.spec
    CaseFacts, participant_timeline                               # engine.timeline
    programme_calendar                                            # engine.programme_calendar
    simulate, DryRun                                              # engine.simulation
    Obligation                                                    # engine.obligations
    Duration                                                      # engine.durations
    Problem, StegvisError, DefinitionError, UnknownProgrammeError  # engine.errors
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "load_programme": "engine.loading", "check_file": "engine.loading",
    "check_source": "engine.loading", "definition_files": "engine.loading",
    "ProgrammeSpec": "engine.spec",
    "CaseFacts": "engine.timeline", "participant_timeline": "engine.timeline",
    "programme_calendar": "engine.programme_calendar",
    "simulate": "engine.simulation", "DryRun": "engine.simulation",
    "Obligation": "engine.obligations",
    "Duration": "engine.durations",
    "Problem": "engine.errors", "StegvisError": "engine.errors",
    "DefinitionError": "engine.errors", "UnknownProgrammeError": "engine.errors",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")

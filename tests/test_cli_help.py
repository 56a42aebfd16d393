"""Every command's help names only options that command has.

``stegvis sweep --help`` and ``deliver --help`` told the reader what happens "without
--on", an option neither has.  Checked for every command and subcommand: an option
named in the description or the closing text must be one the parser takes (or belong
to another command the text names with ``stegvis``).
"""

from __future__ import annotations

import argparse
import re

from engine.cli.program import _parser

_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")


def _commands(parser: argparse.ArgumentParser, path: str = "stegvis"
              ) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, f"{path} {name}")
    return found


def test_no_help_names_an_option_its_command_lacks() -> None:
    wrong = []
    for path, parser in _commands(_parser()):
        own = {option for action in parser._actions for option in action.option_strings}
        for text in (parser.description or "", parser.epilog or ""):
            # An option of another command is introduced by that command's name.
            mine = re.sub(r"stegvis [a-z-]+(?: [a-z-]+)*(?: [A-Z_.]+)*(?: --[a-z-]+)+", "", text)
            wrong += [f"{path}: {option}" for option in _OPTION.findall(mine)
                      if option not in own]
    assert not wrong, wrong

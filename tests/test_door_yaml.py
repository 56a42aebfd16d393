"""The door for a YAML document: its size with every alias written out is bounded before
any value is built.

A long text under an anchor, repeated by aliases in lists that are themselves repeated,
is under 1 MB as written (it fits the administrator's web form) and gigabytes once
expanded: the schema check's message wrote the whole value out and memory ran out.  The
bombs are generated (text length, fan-out, depth, where they stand) and run in a real
process whose memory is capped, so the old failure fails the test, not the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MovableClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_helpers import Browser, account, web_app

from engine.definitions.loading import check_source
from engine.definitions.yaml_source import MAX_EXPANDED_CHARACTERS
from engine.service.shared.context import Context

STEGVIS = str(Path(sys.executable).with_name("stegvis"))


@st.composite
def alias_bombs(draw: st.DrawFn) -> str:
    """A definition-shaped document whose aliases expand past the bound."""
    length = draw(st.integers(20_000, 200_000))
    fan_out = draw(st.integers(30, 200))
    depth = draw(st.integers(1, 2))
    key = draw(st.sampled_from(["id", "version", "language", "name", "roles", "valid",
                                "targets", "source", "participant"]))
    lines = ["name: N", f"description: &a '{'x' * length}'"]
    previous = "a"
    for level in range(depth):
        lines.append(f"l{level}: &b{level} [{', '.join([f'*{previous}'] * fan_out)}]")
        previous = f"b{level}"
    lines.append(f"{key}: [{', '.join([f'*{previous}'] * fan_out)}]")
    text = "\n".join(lines) + "\n"
    expanded = length * fan_out ** (depth + 1)
    if expanded <= MAX_EXPANDED_CHARACTERS:
        text += f"source: [{', '.join(['*' + previous] * (MAX_EXPANDED_CHARACTERS // length))}]\n"
    return text


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bomb=alias_bombs())
def test_an_alias_bomb_is_refused_before_anything_is_built(tmp_path: Path, bomb: str) -> None:
    assert len(bomb.encode()) < 1_000_000  # fits the web form
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    try:
        done = subprocess.run([STEGVIS, "validate", str(path)], capture_output=True,
                              text=True, timeout=60, preexec_fn=_capped,
                              env={**os.environ, "STEGVIS_HOME": str(tmp_path / "home")})
    except subprocess.TimeoutExpired:
        pytest.fail("validate hung on an alias bomb")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-800:]
    assert "expands to more than" in done.stderr


def test_the_administrator_s_validate_page_refuses_a_bomb_with_its_line(
        ctx: Context, clock: MovableClock) -> None:
    account(ctx, "forvaltare", "programme-admin")
    browser = Browser(web_app(ctx))
    browser.sign_in("forvaltare")
    bomb = ("name: N\ndescription: &a '" + "x" * 50_000 + "'\nsource: &b [" +
            ", ".join(["*a"] * 100) + "]\nroles: [" + ", ".join(["*b"] * 10) + "]\n")
    page = browser.post("/admin/validate", {"source": bomb})
    assert page.status_code == 422
    assert "tecken text när alla alias skrivs ut" in page.text  # in Swedish, as the page


def test_an_anchor_used_a_few_times_is_still_a_definition() -> None:
    source = (Path(__file__).resolve().parents[1] / "process_defs" / "rebus.yaml").read_text(
        encoding="utf-8")
    spec, problems = check_source(source, "rebus.yaml")
    assert spec is not None, problems

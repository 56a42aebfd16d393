"""How fast definitions load and dry-run, and how fast the CLI starts.

Run: .venv/bin/python bench/bench_definitions.py  — prints medians; figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import median_ms  # noqa: E402

from engine.definitions.loading import check_file, definition_files  # noqa: E402
from engine.rules.simulation import simulate  # noqa: E402


def main() -> None:
    files = definition_files()
    for path in files:
        load = median_ms(lambda p=path: check_file(p), repeat=20)
        spec, _ = check_file(path)
        assert spec is not None
        start = max(spec.valid_from, date(2021, 3, 15)) if spec.valid_to is None or \
            spec.valid_to >= date(2021, 3, 15) else spec.valid_from
        dry = median_ms(lambda s=spec, d=start: simulate(s, d), repeat=20)
        print(f"{path.name:<16} validate {load:7.1f} ms   dry run {dry:7.1f} ms")
    code = "from engine.cli import main; raise SystemExit(main())"
    for args in (["--help"], ["validate", "--quiet"]):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                           check=False)
            runs.append((time.perf_counter() - start) * 1000)
        median = statistics.median(runs)
        print(f"stegvis {' '.join(args):<20} {median:7.0f} ms (process start to exit)")


if __name__ == "__main__":
    main()

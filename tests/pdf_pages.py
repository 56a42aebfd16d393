"""PDF pages as PNG pictures (poppler's pdftoppm), to look at a report as its reader
would and to commit examples under docs/examples/."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdf_pages_to_png(pdf: bytes, folder: Path, stem: str, dpi: int = 80,
                     first: int | None = None, last: int | None = None) -> list[Path]:
    """Write the pages of ``pdf`` as ``folder/stem-1.png``, ``stem-2.png``, … (pages
    ``first``..``last``, all by default) and return their paths in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "report.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-png", "-r", str(dpi)]
        if first is not None:
            command += ["-f", str(first)]
        if last is not None:
            command += ["-l", str(last)]
        subprocess.run([*command, str(source), str(Path(scratch) / "page")], check=True)
        # pdftoppm pads page numbers to the page count's width ("page-01.png").
        made = sorted(Path(scratch).glob("page-*.png"),
                      key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        paths = []
        for number, page in enumerate(made, start=first or 1):
            target = folder / f"{stem}-{number}.png"
            target.write_bytes(page.read_bytes())
            paths.append(target)
    return paths


def pdf_text(pdf: bytes) -> str:
    """The text of ``pdf`` as ``pdftotext -layout`` lays it out."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                            capture_output=True, check=True)
    return result.stdout.decode("utf-8")

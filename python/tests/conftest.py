"""Shared fixtures of the Python tests: the repository's paths, the evaluation data
under ``../shared`` (skipped with a message where absent), the ``deboiler`` command
built from the same checkout, and pages turned into WARC files."""

from __future__ import annotations

import gzip
import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(ROOT / "examples" / "spark"))


def shared_dir(*parts: str) -> Path:
    """A folder of ``../shared``; skips the test, saying so, where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the shared evaluation data is not beside the checkout")
    return path


def read_page(path: Path) -> bytes:
    """A page's bytes, gunzipped when the file ends in ``.gz``."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def corpus_dumps() -> list[Path]:
    """The text dumps of ``corpus/``, in name order."""
    paths = sorted(CORPUS.glob("*.txt"))
    assert paths, f"no text dumps in {CORPUS}"
    return paths


def dump_to_html(dump: str, title: str) -> bytes:
    """An HTML page made of a text dump: its first line a heading, every other line
    a paragraph (blank lines left out), inside an article between a menu and a
    footer, as a page that the test can clean as HTML."""
    lines = [line for line in dump.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines[1:])
    head = html.escape(lines[0]) if lines else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
        f"<article><h1>{head}</h1>\n{body}</article>"
        f"<footer><p>© 2025 Example Media Ltd. All rights reserved.</p></footer></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def corpus_pages() -> list[tuple[str, bytes, bytes]]:
    """Every ``corpus/`` dump as ``(url, html, dump)``: the dump and an HTML page
    made of it."""
    pages = []
    for path in corpus_dumps():
        dump = path.read_bytes()
        url = f"https://example.com/{path.stem}"
        pages.append((url, dump_to_html(dump.decode("utf-8", "replace"), path.stem), dump))
    return pages


@pytest.fixture(scope="module")
def cli() -> Path:
    """The ``deboiler`` command of this checkout, built (unoptimised, as ``cargo
    test`` builds it) if it is missing or stale; ``DEBOILER_BIN`` names another."""
    if given := os.environ.get("DEBOILER_BIN"):
        return Path(given)
    subprocess.run(["cargo", "build", "--quiet", "--bin", "deboiler"], cwd=ROOT, check=True)
    binary = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "deboiler"
    assert binary.is_file(), f"cargo built no {binary}"
    return binary

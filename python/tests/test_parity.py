"""From Python, the results equal the Rust library's, byte for byte: on every page of
``corpus/`` and, where ``../shared`` is present, of the AEB and WCXB-dev sets, as
text dumps and as HTML pages. The Rust side is the ``deboiler`` command of the same
checkout, run once over each set: its kept lines (``--out-dir``) and every line's
verdict (``--format jsonl``)."""

from __future__ import annotations

import json
import struct
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

import deboiler
from conftest import CORPUS, read_page, shared_dir

# (name, folder under ../shared or None for corpus/, file pattern, HTML or not)
SETS = [
    ("corpus", None, "*.txt", False),
    ("aeb-dumps", ("corpora", "aeb", "dumps"), "*.txt", False),
    ("aeb-html", ("corpora", "aeb", "html"), "*.html*", True),
    ("wcxb-dumps", ("corpora", "wcxb", "dev", "dumps"), "*.txt", False),
    ("wcxb-html", ("corpora", "wcxb", "dev", "html"), "*.html*", True),
]


def stem(path: Path) -> str:
    """The name the command gives a file's output (without .gz, .txt, .html)."""
    name = path.name.removesuffix(".gz")
    for ext in (".txt", ".html", ".htm"):
        name = name.removesuffix(ext)
    return name


def exact_f32(x: float) -> float:
    """The `f32` Python's score stands for, exactly."""
    return struct.unpack("f", struct.pack("f", x))[0]


def run_cli(cli: Path, files: list[Path], html: bool, out: Path, jsonl: bool) -> None:
    args = [str(cli), "--out-dir", str(out)]
    if html:
        args.append("--html")
    if jsonl:
        args += ["--format", "jsonl"]
    subprocess.run(args + [str(f) for f in files], check=True)


def verdicts_by_file(out: Path, files: list[Path]) -> dict[str, list[dict]]:
    found = defaultdict(list)
    for f in files:
        with open(out / f"{stem(f)}.jsonl", encoding="utf-8") as lines:
            found[stem(f)] = [json.loads(line) for line in lines]
    return found


def same_verdict(ours, theirs: dict) -> bool:
    return (
        ours.label == theirs["label"]
        and f"{exact_f32(ours.score):.3f}" == f"{theirs['score']:.3f}"
        and ours.kept == theirs["kept"]
        and ours.reasons == theirs["reasons"]
        and ours.text == theirs["text"]
        and getattr(ours, "path", None) == theirs.get("path")
    )


@pytest.mark.parametrize("name,folder,pattern,html", SETS, ids=[s[0] for s in SETS])
def test_python_equals_the_library(name, folder, pattern, html, cli, tmp_path):
    where = CORPUS if folder is None else shared_dir(*folder)
    files = sorted(where.glob(pattern))
    assert files, f"no {pattern} in {where}"
    run_cli(cli, files, html, tmp_path / "kept", jsonl=False)
    run_cli(cli, files, html, tmp_path / "jsonl", jsonl=True)
    verdicts = verdicts_by_file(tmp_path / "jsonl", files)
    pages = [read_page(f) for f in files]
    expected = [(tmp_path / "kept" / f"{stem(f)}.txt").read_bytes() for f in files]

    cleaner = deboiler.Cleaner()
    mismatched: dict[str, list[str]] = defaultdict(list)
    for f, page, want in zip(files, pages, expected):
        if html:
            got = cleaner.clean_html(page).encode()
            results = cleaner.classify_html(page)
        else:
            got = cleaner.clean(page)
            try:
                text = page.decode("utf-8")
            except UnicodeDecodeError:
                text = None  # the command's jsonl replaces invalid UTF-8: compare clean() only
            results = cleaner.classify(text) if text is not None else None
            if text is not None and cleaner.clean(text).encode() != want:
                mismatched["clean(str)"].append(f.name)
        if got != want:
            mismatched["clean"].append(f.name)
        theirs = verdicts[stem(f)]
        if results is not None and (
            len(results) != len(theirs) or not all(map(same_verdict, results, theirs))
        ):
            mismatched["classify"].append(f.name)

    batch = cleaner.clean_html_many(pages) if html else cleaner.clean_many(pages)
    batch = [b.encode() if isinstance(b, str) else b for b in batch]
    mismatched["batch"] = [f.name for f, got, want in zip(files, batch, expected) if got != want]

    lines = sum(len(v) for v in verdicts.values())
    print(f"{name}: {len(files)} pages, {lines} lines, {sum(map(len, pages))} bytes compared")
    problems = {how: names for how, names in mismatched.items() if names}
    assert not problems, f"results differ from the library's: { {k: v[:5] for k, v in problems.items()} }"

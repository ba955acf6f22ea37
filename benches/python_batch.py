"""deboiler from Python against the Rust library and two peers, on the AEB pages.

In one run, round after round (each measured the same number of times, interleaved,
so that a busy moment of the machine hits them alike):

- ``rust``: the library's ``decode_html`` + ``Cleaner::clean_html`` over the pages,
  one after another, in a Rust program (``python/examples/clean_html_loop.rs``,
  built with the release profile, as the wheel);
- ``clean_html_many, 1 thread`` and ``2 threads``: the batch method over the same
  pages, given as ``bytes``;
- ``clean_html, one call a page``: the one-page function in a Python loop;
- ``resiliparse``: ``extract_plain_text(main_content=True)`` on the page parsed from
  its bytes with ``detect_encoding``, as dolma's resiliparse linearizer does;
- ``trafilatura``: ``trafilatura.extract`` on the decoded page (fewer rounds: it is
  slow).

Prints the median time of each and its throughput, relative to ``rust``. Needs the
package installed, and resiliparse and trafilatura (``python/requirements-bench.txt``).
On a shared machine, run it at real-time priority::

    chrt -f 50 python benches/python_batch.py --rounds 9
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import deboiler

ROOT = Path(__file__).resolve().parents[1]
AEB = ROOT.parent / "shared" / "corpora" / "aeb" / "html"


def rust_loop(files: list[Path]) -> Callable[[], float]:
    """The Rust program, built once; each call runs one timed round (after one
    warm-up round) in a new process and returns its seconds."""
    subprocess.run(
        ["cargo", "build", "--quiet", "--release", "-p", "deboiler-python", "--example", "clean_html_loop"],
        cwd=ROOT, check=True, env=dict(os.environ, PYO3_PYTHON=sys.executable),
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    program = target / "release" / "examples" / "clean_html_loop"

    def run() -> float:
        out = subprocess.run([str(program), "--rounds", "1", *map(str, files)],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out.splitlines()[-1])["seconds"]

    return run


def timed(work: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    return run


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=7, help="timed rounds of each (default 7)")
    p.add_argument("--trafilatura-rounds", type=int, default=1,
                   help="timed rounds of trafilatura (default 1; 0 leaves it out)")
    p.add_argument("--json", type=Path, help="also write the medians to this file")
    args = p.parse_args()
    if not AEB.is_dir():
        print(f"{AEB} is absent: the AEB pages are needed", file=sys.stderr)
        return 1

    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree
    import trafilatura

    paths = sorted(AEB.glob("*.html.gz"))
    pages = [gzip.decompress(f.read_bytes()) for f in paths]
    texts = [deboiler.decode_html(page) for page in pages]
    size = sum(map(len, pages))
    cleaner = deboiler.Cleaner()
    tmp = tempfile.TemporaryDirectory()
    files = []
    for path, page in zip(paths, pages):
        files.append(Path(tmp.name) / path.name.removesuffix(".gz"))
        files[-1].write_bytes(page)

    def resiliparse_all() -> None:
        for page in pages:
            extract_plain_text(HTMLTree.parse_from_bytes(page, detect_encoding(page)), main_content=True)

    def trafilatura_all() -> None:
        for text in texts:
            trafilatura.extract(text)

    # Each result is checked before it is timed: the batches equal the one-page calls.
    one_by_one = [cleaner.clean_html(page) for page in pages]
    assert cleaner.clean_html_many(pages, threads=1) == one_by_one
    assert cleaner.clean_html_many(pages, threads=2) == one_by_one

    contenders: dict[str, Callable[[], float]] = {
        "rust": rust_loop(files),
        "clean_html_many, 1 thread": timed(lambda: cleaner.clean_html_many(pages, threads=1)),
        "clean_html_many, 2 threads": timed(lambda: cleaner.clean_html_many(pages, threads=2)),
        "clean_html, one call a page": timed(lambda: [cleaner.clean_html(page) for page in pages]),
        "resiliparse": timed(resiliparse_all),
        "trafilatura": timed(trafilatura_all),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for name, run in contenders.items():  # one warm-up each
        if name != "trafilatura":
            run()
    for r in range(args.rounds):
        for name, run in contenders.items():
            if name == "trafilatura" and r >= args.trafilatura_rounds:
                continue
            times[name].append(run())
        print(f"round {r + 1}/{args.rounds}", file=sys.stderr)

    medians = {name: statistics.median(t) for name, t in times.items() if t}
    rust = medians["rust"]
    print(f"{len(pages)} AEB pages, {size / 1e6:.1f} MB; median of {args.rounds} rounds "
          f"(trafilatura: {args.trafilatura_rounds}); deboiler {deboiler.__version__}\n")
    print("| | median s | MB/s | throughput ÷ rust's |")
    print("|---|---|---|---|")
    for name, m in medians.items():
        print(f"| {name} | {m:.3f} | {size / m / 1e6:.1f} | {rust / m:.2f} |")
    if args.json:
        args.json.write_text(json.dumps({"pages": len(pages), "bytes": size, "rounds": args.rounds,
                                         "times": times, "medians": medians}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

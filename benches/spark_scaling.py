"""The Spark job (``examples/spark/clean_warc.py``) on one local core against two.

Writes the AEB and WCXB-dev HTML pages of ``../shared`` (``--copies`` times over)
into ``--files`` WARC files, gzip per record as Common Crawl writes them, then runs
the job with ``spark-submit --master local[1]`` and ``local[2]`` in turn, ``--rounds``
times each, writing Parquet; each pinned (``taskset``) to as many CPUs as its cores,
so that one core means one (without it, local[1] still uses a second core for the
JVM's side of the work). The time compared is the job's own (``seconds`` in its
summary line: from the first task to the last output file written; the JVM's start
is left out, as it does not depend on the cores); the whole ``spark-submit``
command's time is printed beside it. Needs the package, pyspark and warcio
installed (``python/requirements.txt``) and Java 17. On a shared machine, run it at
real-time priority::

    chrt -f 50 python benches/spark_scaling.py --rounds 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
JOB = ROOT / "examples" / "spark" / "clean_warc.py"
sys.path.insert(0, str(ROOT / "examples" / "spark"))

from make_warc import write_warc  # noqa: E402


def pages() -> list[tuple[str, bytes, str]]:
    found = []
    for folder in (SHARED / "aeb" / "html", SHARED / "wcxb" / "dev" / "html"):
        for path in sorted(folder.glob("*.html*")):
            data = path.read_bytes()
            body = gzip.decompress(data) if path.suffix == ".gz" else data
            found.append((f"https://example.com/{folder.parent.name}/{path.name}", body, "html"))
    return found


def run_job(cores: int, paths: Path, out: Path, pin: bool) -> tuple[float, float, dict]:
    submit = Path(sys.executable).parent / "spark-submit"
    # With --pin, the whole job (the JVM and the Python workers) runs on the first
    # `cores` CPUs only: local[1] alone would still use a second core, the JVM's
    # threads working beside the Python worker.
    taskset = ["taskset", "-c", ",".join(map(str, range(cores)))] if pin else []
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP="127.0.0.1")
    start = time.perf_counter()
    run = subprocess.run(
        [*taskset, str(submit), "--master", f"local[{cores}]", "--driver-memory", "4g",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.log.level=WARN",
         str(JOB), str(paths), str(out), "--overwrite"],
        env=env, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"spark-submit failed:\n{run.stderr[-4000:]}")
    line = next(s for s in run.stdout.splitlines() if s.startswith("clean_warc: "))
    summary = json.loads(line.removeprefix("clean_warc: "))
    return summary["seconds"], wall, summary


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    p.add_argument("--files", type=int, default=8, help="WARC files, so tasks (default 8)")
    p.add_argument("--copies", type=int, default=1, help="times each page is written (default 1)")
    p.add_argument("--no-pin", dest="pin", action="store_false",
                   help="do not pin local[N] to N CPUs (taskset)")
    args = p.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: the AEB and WCXB-dev pages are needed", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="deboiler-spark-"))
    try:
        all_pages = pages() * args.copies
        size = sum(len(body) for _, body, _ in all_pages)
        lists = [all_pages[i::args.files] for i in range(args.files)]
        warcs = [tmp / f"pages-{i:02}.warc.gz" for i in range(args.files)]
        for warc, part in zip(warcs, lists):
            write_warc(warc, part)
        paths = tmp / "paths.txt"
        paths.write_text("".join(f"{w}\n" for w in warcs))
        times: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        summary = {}
        for r in range(args.rounds):
            for cores in (1, 2):
                job, wall, summary = run_job(cores, paths, tmp / "out", args.pin)
                times[cores].append((job, wall))
                print(f"round {r + 1}: local[{cores}] job {job:.2f} s, spark-submit {wall:.2f} s",
                      file=sys.stderr)
        print(f"{len(all_pages)} pages ({size / 1e6:.0f} MB of HTML) in {args.files} WARC files; "
              f"median of {args.rounds} runs; {'pinned to N CPUs' if args.pin else 'not pinned'}; "
              f"the job's summary: {json.dumps(summary)}\n")
        print("| | job s | spark-submit s | job MB/s |")
        print("|---|---|---|---|")
        med = {}
        for cores, t in times.items():
            job = statistics.median(j for j, _ in t)
            wall = statistics.median(w for _, w in t)
            med[cores] = job
            print(f"| local[{cores}] | {job:.2f} | {wall:.2f} | {size / job / 1e6:.1f} |")
        print(f"\nlocal[2] is {med[1] / med[2]:.2f} times as fast as local[1]")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

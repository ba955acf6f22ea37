"""The Spark job (``examples/spark/clean_warc.py``) run by ``spark-submit`` in local
mode on two cores, over WARC files built here from the ``corpus/`` pages: an HTML
WARC, a WET file of the same pages' dumps, and a truncated WARC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import deboiler
from conftest import ROOT
from make_warc import write_warc

JOB = ROOT / "examples" / "spark" / "clean_warc.py"


def spark_submit(args: list[str], cwd: Path) -> str:
    """Runs the job with ``spark-submit --master local[2]``; returns its output."""
    submit = Path(sys.executable).parent / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP="127.0.0.1")
    run = subprocess.run(
        [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.log.level=WARN", str(JOB), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, f"spark-submit failed:\n{run.stdout}\n{run.stderr[-4000:]}"
    print(run.stdout)
    return run.stdout


def summary(stdout: str) -> dict:
    line = next(line for line in stdout.splitlines() if line.startswith("clean_warc: "))
    return json.loads(line.removeprefix("clean_warc: "))


@pytest.fixture(scope="module")
def warcs(corpus_pages, tmp_path_factory) -> tuple[Path, dict]:
    """The input list and what each record should give: ``{url: (type, text, labels)}``."""
    d = tmp_path_factory.mktemp("warcs")
    html = [(url, page, "html") for url, page, _ in corpus_pages]
    wet = [(url + "/wet", dump, "text") for url, _, dump in corpus_pages]
    write_warc(d / "pages.warc.gz", html)
    write_warc(d / "dumps.warc.wet.gz", wet)
    # The first records of the HTML WARC, cut off in the middle of a record.
    data = (d / "pages.warc.gz").read_bytes()
    (d / "truncated.warc.gz").write_bytes(data[: len(data) // 3])
    paths = d / "paths.txt"
    paths.write_text(f"{d / 'pages.warc.gz'}\nfile://{d / 'dumps.warc.wet.gz'}\n{d / 'truncated.warc.gz'}\n")
    cleaner = deboiler.Cleaner()
    expected = {}
    for url, page, _ in html:
        text, labels = cleaner.clean_html_many([page], counts=True)[0]
        expected[url] = ("response", text, labels)
    for url, dump, _ in wet:
        text, labels = cleaner.clean_many([dump], counts=True)[0]
        expected[url] = ("conversion", text.decode(), labels)
    return paths, expected


def check_rows(rows: list[dict], expected: dict, truncated: Path) -> None:
    errors = [r for r in rows if r["type"] == "file"]
    assert len(errors) == 1 and errors[0]["url"] == str(truncated)
    assert errors[0]["error"].startswith(f"{truncated}: record ") and "cut short" in errors[0]["error"]
    pages = [r for r in rows if r["type"] != "file"]
    by_url: dict[str, list[dict]] = {}
    for r in pages:
        by_url.setdefault(r["url"], []).append(r)
    assert set(by_url) == set(expected), "every page record gives a row"
    for url, (kind, text, labels) in expected.items():
        # Pages from the truncated copy come again, with the same result.
        for r in by_url[url]:
            assert (r["type"], r["text"], r["labels"], r["error"]) == (kind, text, labels, None), url
            assert r["id"].startswith("<urn:uuid:") and r["date"]
    cut = len(pages) - len(expected)
    assert 0 < cut < len(expected) // 2, "the records before the cut are kept"


def test_spark_job_json(warcs, tmp_path):
    paths, expected = warcs
    stdout = spark_submit([str(paths), str(tmp_path / "out"), "--format", "json", "--batch-size", "5"], tmp_path)
    rows = []
    for part in sorted((tmp_path / "out").glob("part-*.json")):
        rows += [json.loads(line) for line in part.read_text().splitlines()]
    truncated = paths.parent / "truncated.warc.gz"
    check_rows(rows, expected, truncated)
    s = summary(stdout)
    pages = len([r for r in rows if r["type"] != "file"])
    assert s["files"] == 3 and s["file_errors"] == 1 and s["errors"] == 0
    assert s["cleaned_html"] + s["cleaned_text"] == pages
    assert s["other_types"] == 3, "the three warcinfo records"


def test_spark_job_parquet(warcs, tmp_path):
    import pyarrow.parquet as pq

    paths, expected = warcs
    spark_submit([str(paths), str(tmp_path / "out")], tmp_path)
    table = pq.read_table(tmp_path / "out")
    rows = table.to_pylist()
    for r in rows:
        r["labels"] = dict(r["labels"]) if r["labels"] is not None else None
    assert table.schema.names == ["id", "url", "date", "type", "text", "labels", "error"]
    check_rows(rows, expected, paths.parent / "truncated.warc.gz")

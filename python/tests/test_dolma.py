"""The dolma step inside dolma: ``dolma warc --linearizer deboiler`` (through
``python -m deboiler.dolma``, which registers the linearizer) over a WARC file built
here from the ``corpus/`` pages. dolma needs an environment of its own (see
``python/requirements-dolma.in``); elsewhere this test is skipped."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

pytest.importorskip("dolma", reason="dolma is not installed here: it runs in its own environment")

import deboiler  # noqa: E402
from make_warc import write_warc  # noqa: E402


def test_linearizer_is_registered():
    from dolma.warc.linearizers import LinearizerRegistry

    from deboiler.dolma import DeboilerLinearizer

    assert LinearizerRegistry.get("deboiler") is DeboilerLinearizer
    page = "<nav><a href='/'>Home</a></nav><p>The council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.</p>"
    assert DeboilerLinearizer().linearize(page) == deboiler.clean_html(page)
    assert DeboilerLinearizer().linearize(page.encode()) == deboiler.clean_html(page)


def test_dolma_warc(corpus_pages, tmp_path):
    warcs = tmp_path / "warc"
    warcs.mkdir()
    pages = [(url, page, "html") for url, page, _ in corpus_pages]
    half = len(pages) // 2
    write_warc(warcs / "a.warc.gz", pages[:half])
    write_warc(warcs / "b.warc.gz", pages[half:])
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "deboiler.dolma", "warc", "--linearizer", "deboiler",
         "--documents", str(warcs / "*.warc.gz"), "--destination", f"{out}/", "--source_name", "corpus",
         "--processes", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    docs = []
    for name in ("a", "b"):
        with gzip.open(out / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            docs += [json.loads(line) for line in f]
    # dolma strips the decoded page before it hands it to the linearizer.
    expected = {url: deboiler.clean_html(page.decode("utf-8").strip()) for url, page, _ in pages}
    assert [d["metadata"]["warc_url"] for d in docs] == [url for url, _, _ in pages]
    for d in docs:
        assert d["text"] == expected[d["metadata"]["warc_url"]]
        assert d["source"] == "corpus"
    assert all(d["text"] for d in docs)

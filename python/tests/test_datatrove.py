"""The datatrove step inside datatrove: ``WarcReader -> DeboilerExtractor ->
JsonlWriter`` run by ``LocalPipelineExecutor`` over WARC files built here from the
``corpus/`` pages (as HTML responses, and as WET text dumps)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

import deboiler
from deboiler.datatrove import DeboilerExtractor
from make_warc import write_warc


def record_ids(warc: Path) -> dict[str, str]:
    """The WARC-Record-ID of each page record of ``warc``, by URL."""
    from warcio.archiveiterator import ArchiveIterator

    with open(warc, "rb") as f:
        return {
            r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers.get_header("WARC-Record-ID")
            for r in ArchiveIterator(f)
            if r.rec_type in ("response", "conversion")
        }


def run_pipeline(tmp: Path, warc_dir: Path, extractor: DeboilerExtractor) -> tuple[list[dict], dict]:
    out = tmp / "out"
    executor = LocalPipelineExecutor(
        pipeline=[WarcReader(str(warc_dir)), extractor, JsonlWriter(str(out))],
        tasks=1,
        workers=1,
        logging_dir=str(tmp / "logs"),
    )
    executor.run()
    docs = []
    for part in sorted(out.glob("*.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as f:
            docs += [json.loads(line) for line in f]
    stats = json.loads((tmp / "logs" / "stats.json").read_text())
    extractor_stats = next(s["stats"] for s in stats if "deboiler" in s["name"])
    return docs, extractor_stats


def test_html_pages(corpus_pages, tmp_path):
    warcs = tmp_path / "warc"
    warcs.mkdir()
    # A page with nothing to keep: dropped, and counted as dropped.
    empty = ("https://example.com/share", b"<html><body><p>Share on Facebook</p></body></html>", "html")
    pages = [(url, page, "html") for url, page, _ in corpus_pages] + [empty]
    write_warc(warcs / "pages.warc.gz", pages)
    ids = record_ids(warcs / "pages.warc.gz")

    docs, stats = run_pipeline(tmp_path, warcs, DeboilerExtractor(label_counts=True))

    cleaner = deboiler.Cleaner()
    expected = {url: cleaner.clean_html(page.decode("utf-8")) for url, page, _ in pages}
    kept = [url for url, _, _ in pages if expected[url]]
    assert len(kept) == len(corpus_pages) and not expected[empty[0]]
    assert [d["metadata"]["url"] for d in docs] == kept, "every page with text, in order"
    for d in docs:
        url = d["metadata"]["url"]
        assert d["id"] == ids[url]
        assert d["text"] == expected[url]
        labels = d["metadata"]["deboiler_labels"]
        assert labels["content"] >= 1 and labels["navigation"] >= 1
    assert stats["total"] == len(pages)
    assert stats["forwarded"] == len(kept)
    assert stats["dropped"] == 1


def test_wet_text_dumps(corpus_pages, tmp_path):
    warcs = tmp_path / "wet"
    warcs.mkdir()
    dumps = [(url, dump, "text") for url, _, dump in corpus_pages]
    write_warc(warcs / "dumps.warc.wet.gz", dumps)

    docs, stats = run_pipeline(tmp_path, warcs, DeboilerExtractor(html=False, batch_size=7))

    expected = [deboiler.clean(dump.decode("utf-8")) for _, dump, _ in dumps]
    assert [d["text"] for d in docs] == [e for e in expected if e]
    assert stats["total"] == len(dumps)


def test_extract_is_one_documents_result(corpus_pages):
    """``extract``, the method datatrove's base class calls, gives what a batch gives."""
    url, page, dump = corpus_pages[0]
    html = page.decode("utf-8")
    assert DeboilerExtractor().extract(html) == deboiler.clean_html(html)
    assert DeboilerExtractor(html=False).extract(dump.decode()) == deboiler.clean(dump.decode())
    strict = DeboilerExtractor(keep=["content", "title"], threshold=0.8)
    assert strict.extract(html) == deboiler.Cleaner(keep=["content", "title"], threshold=0.8).clean_html(html)

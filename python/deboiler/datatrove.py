"""A datatrove extractor: ``DeboilerExtractor``, in place of ``Trafilatura``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from deboiler.datatrove import DeboilerExtractor

    LocalPipelineExecutor(pipeline=[
        WarcReader("warc/"),
        DeboilerExtractor(),
        JsonlWriter("clean/"),
    ], tasks=4, workers=4).run()

Each document's ``text`` (an HTML page, or with ``html=False`` a text dump such as
a WET record's) is replaced by the text deboiler keeps; a document left with no
text is dropped, as datatrove's extractors do. deboiler's run time is linear in
the page and it releases the GIL, so documents are cleaned in batches in the task's
own process, without the per-document subprocess and timeout of
``BaseExtractor.run``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor
from datatrove.utils.typeshelper import StatHints

from ._deboiler import Cleaner


class DeboilerExtractor(BaseExtractor):
    """Extracts the main text of HTML pages (or text dumps) with deboiler.

    Args:
        keep: the labels whose lines are kept (default: content only).
        threshold: the content score from which a line is content (default:
            ``deboiler.DEFAULT_THRESHOLD``).
        html: whether documents hold HTML (default) or text dumps.
        batch_size: documents cleaned per call.
        threads: threads per call (default 1: datatrove runs a task per worker).
        label_counts: store the lines of each label in ``metadata["deboiler_labels"]``.
    """

    name = "🧹 deboiler"
    _requires_dependencies = ["deboiler"]

    def __init__(
        self,
        keep: Sequence[str] = ("content",),
        threshold: float | None = None,
        html: bool = True,
        batch_size: int = 64,
        threads: int = 1,
        label_counts: bool = False,
    ):
        super().__init__(timeout=0)
        self.cleaner = Cleaner(keep=list(keep), threshold=threshold)
        self.html = html
        self.batch_size = max(1, batch_size)
        self.threads = max(1, threads)
        self.label_counts = label_counts

    def extract(self, text: str) -> str:
        """The text deboiler keeps of one document's ``text``."""
        return self.cleaner.clean_html(text) if self.html else self.cleaner.clean(text)

    def _clean(self, docs: list[Document]) -> list[tuple[str, dict[str, int]] | None]:
        texts = [doc.text for doc in docs]
        if self.html:
            urls = [doc.metadata.get("url") if isinstance(doc.metadata.get("url"), str) else None for doc in docs]
            return self.cleaner.clean_html_many(texts, urls, threads=self.threads, errors="skip", counts=True)
        return list(self.cleaner.clean_many(texts, threads=self.threads, counts=True))

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Cleans the documents in batches, in order; yields those left with text."""
        for batch in _batches(data, self.batch_size):
            with self.track_time(unit="batch"):
                results = self._clean(batch)
            for doc, result in zip(batch, results):
                self.stat_update(StatHints.total)
                if result is None:
                    self.stat_update("clean_error")
                    continue
                text, counts = result
                self.stat_update("extracted")
                doc.text = text if isinstance(text, str) else text.decode("utf-8", "replace")
                if self.label_counts:
                    doc.metadata["deboiler_labels"] = counts
                if doc.text:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                else:
                    self.stat_update(StatHints.dropped)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch

"""Cleans every page of a list of WARC or WET files with deboiler, on Spark.

In the manner of Common Crawl's cc-pyspark: INPUT is a text file listing WARC or WET
paths (local paths, ``file:`` URLs, or any URL that fsspec opens, such as
``s3://``, where fsspec and the filesystem's package are installed), one per line.
Each path is a task: ``mapPartitions`` reads its records, cleans them with
deboiler in batches, and yields one row per record cleaned:

- ``id``: the WARC-Record-ID; ``url``: WARC-Target-URI; ``date``: WARC-Date;
- ``type``: ``response`` (an HTML page, cleaned as HTML) or ``conversion`` (a WET
  text dump, cleaned as text);
- ``text``: the kept lines; ``labels``: the number of lines of each label (a map);
- ``error``: why a record could not be cleaned (then ``text`` is null), else null.

A file that cannot be read to its end (missing, truncated, a malformed record)
gives one more row, of type ``file``, whose ``url`` is the path and whose ``error``
names the record; the records before it are kept.

The rows are written to OUTPUT as Parquet (default) or JSON Lines. Records that are
not pages (requests, metadata, images...) are counted, not written; the counts are
printed at the end.

Local run, two cores::

    spark-submit --master 'local[2]' examples/spark/clean_warc.py paths.txt out/

On a cluster, ship the wheel to the executors (see docs/PYTHON.md)::

    spark-submit --master yarn --py-files deboiler-0.1.0-cp310-abi3-linux_x86_64.whl \\
        examples/spark/clean_warc.py s3://bucket/warc.paths s3://bucket/clean/
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

# The counters of what happened to the records, in the order they are printed.
COUNTERS = (
    "files",
    "records",
    "cleaned_html",
    "cleaned_text",
    "errors",
    "not_html",
    "other_types",
    "file_errors",
)

# Record types this job reads; the others (request, metadata, warcinfo...) are
# counted as other types.
PAGE_TYPES = ("response", "conversion")

# Payload types cleaned as HTML.
HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a text file of WARC or WET paths, one per line")
    p.add_argument("output", help="the output directory")
    p.add_argument("--format", choices=("parquet", "json"), default="parquet",
                   help="parquet (default) or json (JSON Lines)")
    p.add_argument("--compression", default=None,
                   help="the output's compression (Spark's names: snappy, gzip, zstd, none...)")
    p.add_argument("--num-input-partitions", type=int, default=0,
                   help="tasks to split the paths into (default: one per path)")
    p.add_argument("--num-output-partitions", type=int, default=0,
                   help="output files (default: one per task)")
    p.add_argument("--keep", default="content", help="labels to keep, comma-separated")
    p.add_argument("--threshold", type=float, default=None, help="the content score threshold")
    p.add_argument("--batch-size", type=int, default=64,
                   help="records cleaned per call (default 64)")
    p.add_argument("--threads", type=int, default=1,
                   help="threads per task (default 1: Spark runs a task per core)")
    p.add_argument("--max-payload", type=int, default=64 << 20,
                   help="the largest payload cleaned, in bytes (default 64 MiB, as the CLI)")
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    return p.parse_args(argv)


def open_path(path: str) -> IO[bytes]:
    """Opens a WARC/WET path for reading: a local path or ``file:`` URL directly,
    any other URL with fsspec."""
    if path.startswith("file://"):
        path = path[len("file://"):]
    elif path.startswith("file:"):
        path = path[len("file:"):]
    elif "://" in path:
        import fsspec  # only needed for remote paths

        return fsspec.open(path, "rb").open()
    return open(path, "rb")


def http_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP Content-Type, if any."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def file_error(path: str, message: str) -> dict[str, Any]:
    """The row of a file that could not be read to its end."""
    return {"id": None, "url": path, "date": None, "type": "file", "error": f"{path}: {message}"}


def read_records(
    path: str, stream: IO[bytes], max_payload: int, counts: dict[str, int]
) -> Iterator[dict[str, Any]]:
    """The page records of a WARC/WET stream (gzip or not), each as a dict: id, url,
    date, type, payload (HTTP body, dechunked and decompressed), charset, error.
    A record cut short (a truncated file) or a file that stops parsing ends the
    stream with one ``file`` item saying where."""
    from warcio.archiveiterator import ArchiveIterator

    def missing(record: Any) -> int:
        # The bytes of the record's block that the file did not hold: warcio stops
        # quietly at the end of a truncated file.
        return getattr(record.raw_stream, "limit", 0)

    n = 0
    last = None
    try:
        for record in ArchiveIterator(stream):
            if last is not None and missing(last):
                break
            n += 1
            last = record
            counts["records"] += 1
            if record.rec_type not in PAGE_TYPES:
                counts["other_types"] += 1
                continue
            headers = record.rec_headers
            page = {
                "id": headers.get_header("WARC-Record-ID"),
                "url": headers.get_header("WARC-Target-URI"),
                "date": headers.get_header("WARC-Date"),
                "type": record.rec_type,
                "charset": None,
                "error": None,
            }
            if record.rec_type == "response":
                content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
                mime = content_type or headers.get_header("WARC-Identified-Payload-Type") or ""
                if mime.split(";")[0].strip().lower() not in HTML_TYPES:
                    counts["not_html"] += 1
                    continue
                page["charset"] = http_charset(content_type)
            payload = record.content_stream().read(max_payload + 1)
            if len(payload) > max_payload:
                page["error"] = f"payload over {max_payload} bytes; not cleaned"
                payload = b""
            elif missing(record):
                break
            page["payload"] = payload
            yield page
    except Exception as e:  # a malformed record: the rest of the file cannot be read
        yield file_error(path, f"record {n + 1}: {type(e).__name__}: {e}; the rest is skipped")
        return
    if last is not None and missing(last):
        record_id = last.rec_headers.get_header("WARC-Record-ID")
        yield file_error(path, f"record {n} ({record_id}) is cut short: {missing(last)} bytes of "
                               "its block are missing; it and the rest are skipped")


def batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def clean_batch(cleaner: Any, batch: list[dict[str, Any]], threads: int, counts: dict[str, int]) -> Iterator[tuple]:
    """Cleans a batch of records: HTML pages with ``clean_html_many``, WET text dumps
    with ``clean_many``, each with its per-label counts; yields the output rows."""
    counts["file_errors"] += sum(p["type"] == "file" for p in batch)
    html = [p for p in batch if p["type"] == "response" and p["error"] is None]
    text = [p for p in batch if p["type"] == "conversion" and p["error"] is None]
    if html:
        results = cleaner.clean_html_many(
            [p["payload"] for p in html],
            [p["url"] for p in html],
            charsets=[p["charset"] for p in html],
            threads=threads,
            errors="skip",
            counts=True,
        )
        for page, result in zip(html, results):
            if result is None:
                # Undecodable: clean it alone for the error's message.
                try:
                    cleaner.clean_html(page["payload"], page["url"], charset=page["charset"])
                except ValueError as e:
                    page["error"] = str(e)
            else:
                page["text"], page["labels"] = result
                counts["cleaned_html"] += 1
    if text:
        results = cleaner.clean_many([p["payload"] for p in text], threads=threads, counts=True)
        for page, (kept, labels) in zip(text, results):
            page["text"], page["labels"] = kept.decode("utf-8", "replace"), labels
            counts["cleaned_text"] += 1
    for page in batch:
        if page["error"] is not None and page["type"] != "file":
            counts["errors"] += 1
        yield row(page)


def row(page: dict[str, Any]) -> tuple:
    """The output row of a page (or of a file's error)."""
    return (page["id"], page["url"], page["date"], page["type"],
            page.get("text"), page.get("labels"), page["error"])


def process_paths(paths: Iterable[str], settings: dict[str, Any], accumulators: dict[str, Any]) -> Iterator[tuple]:
    """The ``mapPartitions`` function: every row of every path of a partition."""
    import deboiler

    cleaner = deboiler.Cleaner(keep=settings["keep"], threshold=settings["threshold"])
    counts = dict.fromkeys(COUNTERS, 0)
    try:
        for path in paths:
            path = path.strip()
            if not path:
                continue
            counts["files"] += 1
            try:
                stream = open_path(path)
            except OSError as e:
                counts["file_errors"] += 1
                yield row(file_error(path, f"cannot be opened: {e}"))
                continue
            with stream:
                records = read_records(path, stream, settings["max_payload"], counts)
                for batch in batches(records, settings["batch_size"]):
                    yield from clean_batch(cleaner, batch, settings["threads"], counts)
    finally:
        for name, n in counts.items():
            accumulators[name].add(n)


def output_schema() -> Any:
    from pyspark.sql.types import IntegerType, MapType, StringType, StructField, StructType

    return StructType([
        StructField("id", StringType(), True),
        StructField("url", StringType(), True),
        StructField("date", StringType(), True),
        StructField("type", StringType(), False),
        StructField("text", StringType(), True),
        StructField("labels", MapType(StringType(), IntegerType()), True),
        StructField("error", StringType(), True),
    ])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("deboiler-clean-warc").getOrCreate()
    sc = spark.sparkContext
    paths = [p.strip() for p in sc.textFile(args.input).collect() if p.strip()]
    if not paths:
        print(f"clean_warc: no paths in {args.input}", file=sys.stderr)
        return 1
    settings = {
        "keep": [label.strip() for label in args.keep.split(",") if label.strip()],
        "threshold": args.threshold,
        "batch_size": max(1, args.batch_size),
        "threads": max(1, args.threads),
        "max_payload": args.max_payload,
    }
    accumulators = {name: sc.accumulator(0) for name in COUNTERS}
    start = time.perf_counter()
    slices = args.num_input_partitions or len(paths)
    rows = sc.parallelize(paths, slices).mapPartitions(
        lambda part: process_paths(part, settings, accumulators)
    )
    df = spark.createDataFrame(rows, schema=output_schema())
    if args.num_output_partitions:
        df = df.coalesce(args.num_output_partitions)
    writer = df.write.mode("overwrite" if args.overwrite else "errorifexists")
    if args.compression:
        writer = writer.option("compression", args.compression)
    if args.format == "json":
        writer = writer.option("ignoreNullFields", "false")  # every key on every line
    writer.format(args.format).save(args.output)
    seconds = time.perf_counter() - start
    summary = {name: acc.value for name, acc in accumulators.items()}
    summary["seconds"] = round(seconds, 3)
    print("clean_warc: " + json.dumps(summary), flush=True)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

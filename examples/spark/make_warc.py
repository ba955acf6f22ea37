"""Writes a WARC file of pages, for trying and testing the Spark job and the
pipeline steps: HTML files become ``response`` records (with HTTP headers), text
dumps (``--wet``) WET ``conversion`` records. Gzip per record, as Common Crawl
writes them, when OUT ends in ``.gz``.

    python examples/spark/make_warc.py out.warc.gz page1.html page2.html.gz
    python examples/spark/make_warc.py --wet out.warc.wet.gz dump1.txt dump2.txt
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from collections.abc import Iterable
from pathlib import Path


def write_warc(out: str | Path, pages: Iterable[tuple[str, bytes, str]]) -> int:
    """Writes ``pages`` — ``(url, body, kind)`` with kind ``"html"`` or ``"text"`` —
    as WARC records to ``out`` (gzip per record when it ends in ``.gz``), after a
    ``warcinfo`` record. Returns the number of page records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=str(out).endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(Path(out).name, {"software": "make_warc.py"}))
        for url, body, kind in pages:
            if kind == "html":
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                                   ("Content-Length", str(len(body)))],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=http,
                    warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"})
            elif kind == "text":
                record = writer.create_warc_record(
                    url, "conversion", payload=io.BytesIO(body),
                    warc_content_type="text/plain",
                    warc_headers_dict={"WARC-Identified-Payload-Type": "text/plain"})
            else:
                raise ValueError(f"unknown page kind {kind!r}")
            writer.write_record(record)
            n += 1
    return n


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="the WARC file to write (.warc or .warc.gz)")
    p.add_argument("files", nargs="+", type=Path, help="HTML pages, or text dumps with --wet")
    p.add_argument("--wet", action="store_true", help="write text dumps as WET conversion records")
    args = p.parse_args(argv)
    kind = "text" if args.wet else "html"
    pages = ((f"https://example.com/{f.name}", read_page(f), kind) for f in args.files)
    n = write_warc(args.out, pages)
    print(f"{args.out}: {n} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Python API: results, settings, batches, errors, pickling, version, stubs."""

from __future__ import annotations

import collections
import doctest
import importlib.metadata
import math
import pickle
import subprocess
import sys
import threading
import time
import tomllib

import pytest

import deboiler
from conftest import ROOT, corpus_dumps

NEWS = (
    "Home | News | World | Politics | Sport | Business\n"
    "09:56, Mon, Mar 17, 2025 | UPDATED: 09:56, Mon, Mar 17, 2025\n"
    "British troops could remain in Ukraine for years if the peacekeeping mission goes ahead, a senior source said.\n"
    "The plan, which is likely to involve other allies, is open-ended and would last as long as it takes.\n"
    "Invalid email\n"
)
KEPT = NEWS.splitlines(keepends=True)[2:4]

HTML = (
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
    "<h1>Council approves the harbour wall</h1>"
    "<p>The town council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.</p>"
    "<p>Engineers told the meeting that the repairs would take about eighteen months and cost more than four million pounds.</p>"
    "</article><footer><p>© 2025 Example Media Ltd. All rights reserved.</p></footer></body></html>"
)


def test_version_is_the_crates():
    root = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]["version"]
    binding = tomllib.loads((ROOT / "python" / "Cargo.toml").read_text())["package"]["version"]
    assert deboiler.__version__ == root == binding
    assert importlib.metadata.version("deboiler") == root, "the wheel's version"


def test_labels_and_default_threshold():
    assert deboiler.LABELS[0] == "content"
    assert {"navigation", "marketing", "timestamp", "blank"} <= set(deboiler.LABELS)
    assert deboiler.DEFAULT_THRESHOLD == 0.46
    assert deboiler.Cleaner().threshold == deboiler.DEFAULT_THRESHOLD


def test_clean_keeps_the_content_lines():
    assert deboiler.clean(NEWS) == "".join(KEPT)
    assert deboiler.Cleaner().clean(NEWS) == deboiler.clean(NEWS)
    assert deboiler.clean("") == ""


def test_clean_bytes_is_byte_exact():
    text = NEWS.replace("\n", "\r\n").encode() + b"Caf\xe9 au lait, said the man who runs the harbour cafe on the quay.\r\n"
    out = deboiler.clean(text)
    assert isinstance(out, bytes)
    kept = [line for line in text.splitlines(keepends=True) if line in out]
    assert b"".join(kept) == out, "kept lines are input lines, in order, with their CRLF"
    assert out.startswith(KEPT[0].replace("\n", "\r\n").encode())
    assert deboiler.clean(bytearray(text)) == out


def test_classify_lines_and_character_spans():
    text = "Accueil | Actualités | Sport\n" + NEWS.replace("British", "Britiſh ✓ troops")
    lines = deboiler.classify(text)
    assert len(lines) == text.count("\n")
    for line in lines:
        start, end = line.span
        assert text[start:end] == line.text
        assert line.label in deboiler.LABELS
        assert 0.0 <= line.score <= 1.0
        assert all(isinstance(r, str) and r for r in line.reasons)
    assert lines[0].label == "navigation" and not lines[0].kept
    assert [line.kept for line in lines] == [line.text + "\n" in deboiler.clean(text) for line in lines]
    assert "".join(line.text + "\n" for line in lines if line.kept) == deboiler.clean(text)
    marketing = lines[-1]
    assert marketing.label == "marketing" and "marketing-phrase" in marketing.reasons
    assert "Line(label='marketing'" in repr(marketing)


def test_classify_html_blocks():
    blocks = deboiler.classify_html(HTML)
    assert [b.tag for b in blocks] == ["nav", "h1", "p", "p", "p"]
    assert blocks[0].path == "html>body>nav" and blocks[0].text == "Home News"
    dump = "".join(b.text + "\n" for b in blocks)
    for b in blocks:
        assert dump[b.span[0]:b.span[1]] == b.text
    assert "".join(b.text + "\n" for b in blocks if b.kept) == deboiler.clean_html(HTML)
    kept = deboiler.clean_html(HTML)
    assert "The town council voted" in kept and "Home" not in kept and "©" not in kept
    assert deboiler.classify_html(HTML.encode()) == blocks
    assert "Block(label='navigation'" in repr(blocks[0])


def test_cleaner_settings():
    everything = deboiler.Cleaner(threshold=0.0)
    assert everything.clean(NEWS) == NEWS, "threshold 0 keeps every line that is not blank"
    with_nav = deboiler.Cleaner(keep=["content", "navigation"])
    assert with_nav.keep == ["content", "navigation"]
    assert with_nav.clean(NEWS).startswith("Home | News")
    nothing = deboiler.Cleaner(keep=[])
    assert nothing.clean(NEWS) == "" and nothing.keep == []
    strict = deboiler.Cleaner(threshold=0.99)
    assert len(strict.clean(NEWS)) < len(deboiler.clean(NEWS))
    assert deboiler.Cleaner(keep=("Content", " title ")).keep == ["content", "title"]


def test_cleaner_repr_equality_and_pickle():
    c = deboiler.Cleaner(keep=["content", "title"], threshold=0.6)
    assert repr(c) == "Cleaner(keep=['content', 'title'], threshold=0.6)"
    assert eval(repr(c), {"Cleaner": deboiler.Cleaner}) == c
    assert c != deboiler.Cleaner()
    odd = deboiler.Cleaner(threshold=0.123456789)
    for cleaner in (c, odd):
        back = pickle.loads(pickle.dumps(cleaner))
        assert back == cleaner and back.clean(NEWS) == cleaner.clean(NEWS)


@pytest.mark.parametrize("threshold", [1.5, -0.1, math.nan, math.inf, 1.0000001])
def test_bad_threshold_is_a_value_error(threshold):
    with pytest.raises(ValueError, match="expected a number from 0 to 1"):
        deboiler.Cleaner(threshold=threshold)


def test_bad_labels():
    with pytest.raises(ValueError, match="unknown label \"bogus\""):
        deboiler.Cleaner(keep=["content", "bogus"])
    with pytest.raises(TypeError):
        deboiler.Cleaner(keep="content")


def test_bad_inputs_raise_python_errors():
    with pytest.raises(TypeError, match="expected str or bytes, got int"):
        deboiler.clean(3)
    with pytest.raises(UnicodeEncodeError):
        deboiler.clean("lone surrogate \ud800\n")
    with pytest.raises(TypeError):
        deboiler.classify(b"bytes are not classified as text")
    with pytest.raises(TypeError, match="expected an iterable of str or bytes, got one str"):
        deboiler.Cleaner().clean_many("a single string")
    with pytest.raises(TypeError) as err:
        deboiler.Cleaner().clean_many(["fine", None])
    assert "in item 1 of the batch" in getattr(err.value, "__notes__", ["in item 1 of the batch"])[0]
    with pytest.raises(ValueError, match="threads must be at least 1"):
        deboiler.Cleaner().clean_many(["a"], threads=0)
    with pytest.raises(ValueError, match="urls has 1 items for 2 pages"):
        deboiler.Cleaner().clean_html_many(["<p>a", "<p>b"], ["https://a.example/"])
    with pytest.raises(ValueError, match='errors must be "raise" or "skip"'):
        deboiler.Cleaner().clean_html_many(["<p>a"], errors="ignore")


def test_undecodable_html_bytes():
    bad = b"<meta charset=klingon><p>caf\xe9</p>"
    with pytest.raises(UnicodeDecodeError) as err:
        deboiler.clean_html(bad)
    assert err.value.encoding == "klingon"
    assert "unknown charset 'klingon' declared in <meta>" in str(err.value)
    assert isinstance(err.value, ValueError)
    with pytest.raises(UnicodeDecodeError):
        deboiler.classify_html(bad)
    with pytest.raises(UnicodeDecodeError):
        deboiler.decode_html(bad)
    c = deboiler.Cleaner()
    with pytest.raises(UnicodeDecodeError, match=r"\(item 1 of the batch\)"):
        c.clean_html_many([HTML, bad])
    assert c.clean_html_many([HTML, bad, HTML], errors="skip") == [c.clean_html(HTML), None, c.clean_html(HTML)]
    # Where the HTTP header names a charset, the <meta> is not read.
    assert c.clean_html(bad, charset="windows-1252") == ""


def test_decoding_bytes_as_the_command_does():
    page = b"<p>\xca\xee\xf2</p>"  # too short to tell windows-1251 from Greek windows-1253
    assert deboiler.decode_html(page) == "<p>\u039a\u03be\u03c2</p>"
    assert deboiler.decode_html(page, "https://www.example.ru/news/1?x=y") == "<p>\u041a\u043e\u0442</p>"
    assert deboiler.decode_html(page, charset="windows-1251") == "<p>\u041a\u043e\u0442</p>"
    for url in ["https://user@example.ru:8080/", "example.ru/a", "HTTP://EXAMPLE.RU./"]:
        assert deboiler.decode_html(page, url) == "<p>\u041a\u043e\u0442</p>", url
    for url in ["https://127.0.0.1/", "https://[::1]/", "/relative/path", "localhost"]:
        assert deboiler.decode_html(page, url) == "<p>\u039a\u03be\u03c2</p>", url
    assert deboiler.decode_html("<p>already text</p>") == "<p>already text</p>"
    bom = "\ufeff<p>caf\u00e9</p>".encode("utf-16-le")
    assert deboiler.decode_html(bom) == "<p>caf\u00e9</p>"


def test_utf16_bytes_as_the_command_decodes_them(cli, tmp_path):
    """UTF-16 with or without a byte-order mark, as text dumps and as HTML pages:
    the same results as the text itself, and as the command's."""
    c = deboiler.Cleaner()
    for codec in ["utf-16-le", "utf-16-be", "utf-16"]:  # "utf-16" writes a mark
        dump = NEWS.encode(codec)
        assert c.clean(dump) == c.clean(NEWS).encode(), codec
        assert c.clean_many([dump, NEWS]) == [c.clean(NEWS).encode(), c.clean(NEWS)], codec
        page = HTML.encode(codec)
        assert deboiler.decode_html(page) == HTML, codec
        assert c.clean_html(page) == c.clean_html(HTML) != "", codec
        (tmp_path / "dump.txt").write_bytes(dump)
        (tmp_path / "page.html").write_bytes(page)
        run = lambda *args: subprocess.run([str(cli), *args], capture_output=True, check=True).stdout
        assert run(str(tmp_path / "dump.txt")) == c.clean(dump), codec
        assert run("--html", str(tmp_path / "page.html")).decode() == c.clean_html(page), codec


def test_pages_over_the_limits_raise_value_error():
    tiny = "<p>x" * (deboiler.MAX_HTML_BLOCKS + 1)
    assert deboiler.MAX_HTML_NODES > deboiler.MAX_HTML_BLOCKS
    with pytest.raises(ValueError, match="page not cleaned: HTML page of more than 65536 blocks"):
        deboiler.clean_html(tiny)
    with pytest.raises(ValueError, match="page not cleaned"):
        deboiler.classify_html(tiny)
    c = deboiler.Cleaner()
    with pytest.raises(ValueError) as err:
        c.clean_html_many([HTML, tiny])
    assert "in item 1 of the batch" in getattr(err.value, "__notes__", ["in item 1 of the batch"])[0]
    assert c.clean_html_many([tiny, HTML], errors="skip") == [None, c.clean_html(HTML)]


def test_batches_equal_one_by_one_calls():
    dumps = [p.read_bytes() for p in corpus_dumps()]
    texts = [d.decode("utf-8") for d in dumps]
    c = deboiler.Cleaner(keep=["content", "title"])
    one_by_one = [c.clean(t) for t in texts]
    assert any(one_by_one) and not all(t == o for t, o in zip(texts, one_by_one))
    for threads in (None, 1, 2, 3):
        assert c.clean_many(texts, threads=threads) == one_by_one
    assert c.clean_many(dumps, threads=2) == [o.encode() for o in one_by_one]
    mixed = [t if i % 2 else d for i, (t, d) in enumerate(zip(texts, dumps))]
    assert c.clean_many(iter(mixed)) == [c.clean(x) for x in mixed]
    assert c.clean_many([]) == [] and c.clean_html_many([]) == []
    counted = c.clean_many(texts, counts=True)
    for text, (kept, counts) in zip(texts, counted):
        labels = collections.Counter(line.label for line in c.classify(text))
        assert counts == dict(labels)
        assert kept == c.clean(text)


def test_html_batches_equal_one_by_one_calls(corpus_pages):
    pages = [html for _, html, _ in corpus_pages]
    urls = [url for url, _, _ in corpus_pages]
    c = deboiler.Cleaner()
    one_by_one = [c.clean_html(p) for p in pages]
    assert all(one_by_one)
    for threads in (None, 1, 2):
        assert c.clean_html_many(pages, urls, threads=threads) == one_by_one
    as_text = [p.decode() for p in pages]
    assert c.clean_html_many(as_text, charsets=[None] * len(pages)) == one_by_one
    for page, (kept, counts) in zip(pages, c.clean_html_many(pages, counts=True)):
        assert kept == c.clean_html(page)
        assert counts == dict(collections.Counter(b.label for b in c.classify_html(page)))


def test_batches_release_the_gil(corpus_pages):
    """While one thread cleans a batch, another runs Python code."""
    pages = [html for _, html, _ in corpus_pages] * 40
    c = deboiler.Cleaner()
    window = {}

    def clean():
        window["start"] = time.perf_counter()
        c.clean_html_many(pages, threads=1)
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=clean)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    start, end = window["start"], window["end"]
    assert end - start > 0.05, "the batch is long enough to watch"
    inside = [t for t in ticks if start + 0.01 < t < end - 0.01]
    assert len(inside) >= 5, f"the main thread ran {len(inside)} times in {end - start:.3f} s of cleaning"


def test_module_docstring_examples():
    result = doctest.testmod(deboiler, verbose=False)
    assert result.attempted > 0 and result.failed == 0


def test_type_stubs_match_the_module():
    """mypy's stubtest checks every name, signature and type of the stubs against
    the extension module."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "deboiler._deboiler"],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr

"""Type stubs of the Rust extension ``deboiler._deboiler`` (re-exported by ``deboiler``)."""

from collections.abc import Iterable, Sequence
from typing import Final, Literal, final, overload

__all__ = [
    "Cleaner",
    "classify",
    "classify_html",
    "clean",
    "clean_html",
    "decode_html",
    "Block",
    "Line",
    "__version__",
    "DEFAULT_THRESHOLD",
    "LABELS",
    "MAX_HTML_BLOCKS",
    "MAX_HTML_NODES",
]

__version__: Final[str]
"""The package's version: the Rust crate's."""

DEFAULT_THRESHOLD: Final[float]
"""The content score from which a line is content unless a ``Cleaner`` says otherwise."""

LABELS: Final[tuple[str, ...]]
"""Every label a line can get: ``"content"``, ``"title"``, ``"byline"``, ..., ``"blank"``."""

MAX_HTML_NODES: Final[int]
"""The most elements, texts and comments an HTML page may have to be cleaned."""

MAX_HTML_BLOCKS: Final[int]
"""The most blocks (lines of text) an HTML page may have to be cleaned."""

@final
class Line:
    """One line of a text dump with its verdict (from ``classify``).

    ``text[line.span[0]:line.span[1]] == line.text`` for the ``text`` classified.
    """

    @property
    def text(self) -> str:
        """The line's text, without its line end."""
    @property
    def label(self) -> str:
        """The line's label: one of ``LABELS``."""
    @property
    def score(self) -> float:
        """How sure the classifier is, from 0 to 1, that the line is content."""
    @property
    def reasons(self) -> list[str]:
        """The evidence behind the label, such as ``"marketing-phrase"``."""
    @property
    def span(self) -> tuple[int, int]:
        """The line's start and end in the text classified, in characters."""
    @property
    def kept(self) -> bool:
        """Whether the cleaner keeps the line."""

@final
class Block:
    """One block of an HTML page with its verdict (from ``classify_html``).

    ``span`` is the block's place in the page's text dump,
    ``"".join(b.text + "\\n" for b in blocks)``.
    """

    @property
    def text(self) -> str:
        """The block's text, whitespace collapsed."""
    @property
    def label(self) -> str:
        """The block's label: one of ``LABELS``."""
    @property
    def score(self) -> float:
        """How sure the classifier is, from 0 to 1, that the block is content."""
    @property
    def reasons(self) -> list[str]:
        """The evidence behind the label."""
    @property
    def span(self) -> tuple[int, int]:
        """The block's start and end in the page's text dump, in characters."""
    @property
    def kept(self) -> bool:
        """Whether the cleaner keeps the block."""
    @property
    def path(self) -> str:
        """The element path of the block's element, such as ``html>body>article>p``."""
    @property
    def tag(self) -> str:
        """The name of the block's element, such as ``p``, ``li`` or ``td``."""

@final
class Cleaner:
    """Cleans text dumps and HTML pages with set labels to keep and threshold.

    ``keep`` names the labels whose lines are kept (default ``["content"]``);
    ``threshold`` is the content score, from 0 to 1, from which a line is content
    (default ``DEFAULT_THRESHOLD``). An unknown label or a threshold out of range
    raises ``ValueError``. A cleaner can be shared by threads and pickled.
    """

    def __new__(cls, keep: Sequence[str] | None = None, threshold: float | None = None) -> Cleaner: ...
    @property
    def keep(self) -> list[str]:
        """The labels whose lines are kept, in the order of ``LABELS``."""
    @property
    def threshold(self) -> float:
        """The content score, from 0 to 1, from which a line is content."""
    @overload
    def clean(self, text: str) -> str: ...
    @overload
    def clean(self, text: bytes | bytearray) -> bytes:
        """The kept lines of a text dump, each exactly as in the input with its line end.

        ``bytes`` give ``bytes``, byte for byte; UTF-16 bytes (with a byte-order mark,
        or mostly ASCII text without one) are decoded to UTF-8 first, as the
        ``deboiler`` command decodes them, and give UTF-8.
        """
    def clean_html(self, html: str | bytes | bytearray, url: str | None = None, *, charset: str | None = None) -> str:
        """The kept blocks' text of an HTML page, one block per line.

        ``bytes`` are decoded as the ``deboiler`` command decodes them; ``charset``
        (an HTTP header's) comes before the page's ``<meta>``, and the top-level
        domain of ``url`` tips the detection of an undeclared legacy encoding.
        Raises ``UnicodeDecodeError`` for bytes that declare an unknown charset, and
        ``ValueError`` for a page over the library's limits (``MAX_HTML_NODES``
        elements, ``MAX_HTML_BLOCKS`` blocks).
        """
    def classify(self, text: str) -> list[Line]:
        """Every line of a text dump with its verdict, in order."""
    def classify_html(
        self, html: str | bytes | bytearray, url: str | None = None, *, charset: str | None = None
    ) -> list[Block]:
        """Every block of an HTML page with its verdict, in document order.

        Raises as ``clean_html`` does.
        """
    @overload
    def clean_many(
        self, texts: Iterable[str | bytes | bytearray], *, threads: int | None = None, counts: Literal[False] = False
    ) -> list[str | bytes]: ...
    @overload
    def clean_many(
        self, texts: Iterable[str | bytes | bytearray], *, threads: int | None = None, counts: Literal[True]
    ) -> list[tuple[str | bytes, dict[str, int]]]: ...
    @overload
    def clean_html_many(
        self,
        pages: Iterable[str | bytes | bytearray],
        urls: Sequence[str | None] | None = None,
        *,
        charsets: Sequence[str | None] | None = None,
        threads: int | None = None,
        errors: Literal["raise", "skip"] = "raise",
        counts: Literal[False] = False,
    ) -> list[str | None]: ...
    @overload
    def clean_html_many(
        self,
        pages: Iterable[str | bytes | bytearray],
        urls: Sequence[str | None] | None = None,
        *,
        charsets: Sequence[str | None] | None = None,
        threads: int | None = None,
        errors: Literal["raise", "skip"] = "raise",
        counts: Literal[True],
    ) -> list[tuple[str, dict[str, int]] | None]: ...

@overload
def clean(text: str) -> str: ...
@overload
def clean(text: bytes | bytearray) -> bytes: ...
def clean_html(html: str | bytes | bytearray, url: str | None = None, *, charset: str | None = None) -> str:
    """The content blocks' text of an HTML page, as ``Cleaner().clean_html``."""

def classify(text: str) -> list[Line]:
    """Every line of a text dump with its verdict, as ``Cleaner().classify``."""

def classify_html(html: str | bytes | bytearray, url: str | None = None, *, charset: str | None = None) -> list[Block]:
    """Every block of an HTML page with its verdict, as ``Cleaner().classify_html``."""

def decode_html(data: str | bytes | bytearray, url: str | None = None, *, charset: str | None = None) -> str:
    """The text of an HTML page's bytes, decoded as ``clean_html`` decodes them."""

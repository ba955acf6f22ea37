"""Removes boilerplate from web text.

deboiler labels every line of a text dump (the plain text of a web page, one block
per line), or every block of an HTML page, as content or as one kind of
boilerplate (title, byline, timestamp, caption, navigation, marketing, legal,
comment), and keeps the content::

    >>> import deboiler
    >>> deboiler.clean_html("<nav><a href='/'>Home</a></nav><p>The council voted on "
    ...     "Tuesday to rebuild the old harbour wall, which was badly damaged in the "
    ...     "winter storms.</p><footer>Share on Facebook</footer>")
    'The council voted on Tuesday to rebuild the old harbour wall, which was badly damaged in the winter storms.\\n'

``Cleaner(keep=..., threshold=...)`` sets what is kept; its ``clean_many`` and
``clean_html_many`` clean batches on every core with the GIL released.
``deboiler.datatrove`` and ``deboiler.dolma`` hold pipeline steps for those
frameworks.
"""

from ._deboiler import (
    DEFAULT_THRESHOLD,
    LABELS,
    MAX_HTML_BLOCKS,
    MAX_HTML_NODES,
    Block,
    Cleaner,
    Line,
    __version__,
    classify,
    classify_html,
    clean,
    clean_html,
    decode_html,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "LABELS",
    "MAX_HTML_BLOCKS",
    "MAX_HTML_NODES",
    "Block",
    "Cleaner",
    "Line",
    "__version__",
    "classify",
    "classify_html",
    "clean",
    "clean_html",
    "decode_html",
]

"""A dolma linearizer: ``deboiler``, for ``dolma warc``.

Importing this module registers ``DeboilerLinearizer`` under the name
``deboiler`` in dolma's ``LinearizerRegistry``. ``dolma warc`` has no option to
import a module, and runs its workers in fresh (spawned) processes, so run it
through this module, which registers the linearizer in every process and then
hands over to dolma's command line::

    python -m deboiler.dolma warc --linearizer deboiler \\
        --documents 'warc/*.warc.gz' --destination out/ --source_name cc

The linearizer keeps what ``deboiler.clean_html`` keeps (content only, the default
threshold).
"""

from __future__ import annotations

import sys

from dolma.warc.linearizers import BaseLinearizer, LinearizerRegistry

from ._deboiler import Cleaner


@LinearizerRegistry.add("deboiler")
class DeboilerLinearizer(BaseLinearizer):
    """Turns an HTML page into its main text with deboiler."""

    def __init__(self) -> None:
        self.cleaner = Cleaner()

    def linearize(self, content: str | bytes) -> str:
        """The kept blocks' text of the page ``content``, one block per line."""
        return self.cleaner.clean_html(content)


def main(argv: list[str] | None = None) -> None:
    """``dolma``'s command line, with the ``deboiler`` linearizer registered."""
    from dolma.cli.main import main as dolma_main

    dolma_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()

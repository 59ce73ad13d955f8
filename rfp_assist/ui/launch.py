"""The server process of `rfp-assist app`: Streamlit, with the compare page warmed up beside it.

On a fresh server the first person to open Compare would wait for the page's code to be
imported and for the comparison to be computed and written as a workbook. A thread started
here, as Streamlit starts serving, does that work for the workspace's default selection
(every proposal, the first RFP): it imports the compare page's modules and fills the caches
the page reads (`state.comparison`, `state.comparison_xlsx`). A session that opens Compare
before the thread is done waits on the same cache entry instead of computing it twice. The
embedding model is not loaded here: only uploads, review and ask need it. Set
`RFP_ASSIST_WARM_UP=0` to serve without the warm-up (the bench does, for comparison).

    python -m rfp_assist.ui.launch run APP.py [streamlit options]   (what `rfp-assist app` runs)
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

#: The first words of the line the warm-up writes to stderr when the page is ready.
READY = "rfp-assist: compare page ready"
FAILED = "rfp-assist: compare page not warmed up"
WARM_UP_ENV = "RFP_ASSIST_WARM_UP"
#: Seconds the server waits for the warm-up before it serves anyway.
WARM_UP_WAIT = 30.0
#: Modules the compare page runs on: its own code, and what Streamlit loads to send a table.
PAGE_MODULES = ("rfp_assist.ui.views.compare", "pyarrow")
_NO_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


@contextmanager
def _outside_a_session() -> Iterator[None]:
    # The caches warn "missing ScriptRunContext" when called from a thread that is not a
    # session's script run; here that is the point, so the warning is held back meanwhile.
    logger = logging.getLogger(_NO_CONTEXT_LOGGER)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def warm_up() -> str:
    """Import the compare page's code and compute its default comparison; say what was done."""
    start = time.perf_counter()
    for name in PAGE_MODULES:
        importlib.import_module(name)
    from rfp_assist.ui import state
    from rfp_assist.ui.compare_data import default_selection, matrix_frame, styled

    with _outside_a_session():
        ids, rfp = default_selection(state.documents())
        if ids:
            result = state.comparison(ids, rfp)
            state.comparison_xlsx(ids, rfp)
            styled(*matrix_frame(result.matrix))  # loads pandas' styler (and jinja2)
    what = f"{len(ids)} document{'s' * (len(ids) != 1)}" + (" and the RFP" if rfp else "")
    return f"{READY} in {time.perf_counter() - start:.2f} s ({what} compared)"


def _warm_up_and_say(say: Callable[[str], None]) -> None:
    try:
        say(warm_up())
    except Exception as exc:  # noqa: BLE001 - a failed warm-up must not stop the server
        # The page computes the comparison itself then, and shows the error to the user.
        say(f"{FAILED}: {type(exc).__name__}: {exc}")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Warm the compare page up (up to WARM_UP_WAIT s), then run Streamlit's command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get(WARM_UP_ENV, "1") != "0":
        warming = threading.Thread(
            target=_warm_up_and_say, args=(_stderr,), name="rfp-assist-warm-up", daemon=True
        )
        warming.start()
        # Serve once warm: whoever opens Compare as soon as the server answers gets the
        # cached page, not a share of the warm-up's CPU (one interpreter lock). A huge
        # workspace does not hold the server back for long: the thread goes on meanwhile.
        warming.join(WARM_UP_WAIT)
    from streamlit.web import cli

    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()

"""DOCX load speed: our loader against python-docx's own paragraph walk on the same file.

    python bench/docx_speed.py [--pages 100]

Builds a long agreement (numbered paragraphs, bold runs, a table and a page break per page),
then times `load_docx` (numbering, revisions, styles, hidden text, positions) and plain
python-docx `Document(...).paragraphs` text, best of five each, and prints the ratio as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rfp_assist.loaders.docx import load_docx


def build(pages: int) -> bytes:
    """A long DOCX with numbering, tables and page breaks."""
    document = docx.Document()
    for section in range(pages):
        document.add_heading(f"Section {section}", 1)
        for item in range(25):
            paragraph = document.add_paragraph(style="List Number" if item % 3 == 0 else None)
            paragraph.add_run("The Supplier shall perform the Services in accordance with ")
            paragraph.add_run("the Quality Agreement ").bold = True
            paragraph.add_run("and all applicable GMP requirements, at its own cost.")
        table = document.add_table(rows=4, cols=3)
        for cell in table._cells:
            cell.text = "EUR 1,000"
        document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    """The fastest of `runs` timings of `work()`."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    """Time both readers and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    data = build(args.pages)
    ours = best_of(5, lambda: load_docx(data, "long.docx"))
    plain = best_of(5, lambda: [p.text for p in docx.Document(io.BytesIO(data)).paragraphs])
    print(
        json.dumps(
            {
                "pages": args.pages,
                "ours_s": round(ours, 3),
                "python_docx_paragraphs_s": round(plain, 3),
                "ratio_ours_over_plain": round(ours / plain, 2),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput of the PDF loader against plain pypdf text extraction, on the same files.

    .venv/bin/python bench/pdf_engines.py [--files A.pdf B.pdf ...] [--repeat 3]

Times our whole `load_pdf` (pdfium, layout, furniture, blocks) and `pypdf.PdfReader(...)
.pages[i].extract_text()` on every file, alternating the engines `--repeat` times and keeping
each engine's best run (the machine is shared; the minimum is the least disturbed). Prints one
JSON document: pages, seconds and pages/s per engine, the ratio ours / pypdf, and an
informative quality probe per engine: words still broken by a hyphen at a line end, and page
edges still carrying a running header or footer.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.loaders.pdf import load_pdf  # noqa: E402

DEFAULT_FILES = sorted((ROOT.parent / "shared" / "eval" / "cuad" / "pdf").glob("*.pdf"))
#: "manufac-" and "turing" still apart in the text an engine returns (a line break between).
_BROKEN = re.compile(r"[a-z]-\s+[a-z]")
_EDGAR_SOURCE = re.compile(r"^Source:\s.+\d{1,2}/\d{1,2}/\d{2,4}")


#: One document as an engine returns it: its whole text, and its lines page by page.
Extracted = tuple[str, list[list[str]]]


def ours(datas: list[tuple[str, bytes]]) -> tuple[int, float, list[Extracted]]:
    """Pages, seconds, and each document's text and lines per page."""
    start = time.perf_counter()
    documents = [load_pdf(data, name) for name, data in datas]
    seconds = time.perf_counter() - start
    extracted = []
    for doc in documents:
        lines: list[list[str]] = [[] for _ in doc.pages]
        for block in doc.blocks:
            for line in block.lines:
                lines[line.page - 1].append(doc.text[line.start : line.end])
        extracted.append((doc.text, lines))
    return sum(len(doc.pages) for doc in documents), seconds, extracted


def plain_pypdf(datas: list[tuple[str, bytes]]) -> tuple[int, float, list[Extracted]]:
    """Pages, seconds, and each document's text and lines per page, from extract_text()."""
    start = time.perf_counter()
    texts = []
    for _, data in datas:
        reader = pypdf.PdfReader(io.BytesIO(data))
        texts.append([page.extract_text() for page in reader.pages])
    seconds = time.perf_counter() - start
    extracted = [("\n".join(pages), [page.splitlines() for page in pages]) for pages in texts]
    return sum(len(pages) for pages in texts), seconds, extracted


def broken_words(documents: list[Extracted]) -> int:
    """Words still split by a hyphen and a line break (or the space that replaced it).

    Each engine's text is read as a consumer gets it: ours joins the lines of a paragraph
    with a space (or nothing, once a broken word is mended); pypdf keeps its line breaks.
    """
    return sum(len(_BROKEN.findall(text)) for text, _ in documents)


def furniture_leaks(documents: list[Extracted]) -> int:
    """Pages whose first or last two lines repeat (digits aside) on half the document's pages.

    Engine-neutral: it looks only at the text each engine returns. EDGAR's "Source: ..."
    stamp counts wherever it stands.
    """
    leaks = 0
    for _, document in documents:
        edges = []
        for page in document:
            lines = [" ".join(line.split()) for line in page if line.strip()]
            edge = {re.sub(r"\d+", "#", line.lower()) for line in lines[:2] + lines[-2:]}
            edges.append((edge, any(_EDGAR_SOURCE.match(line) for line in lines)))
        counts = Counter(key for edge, _ in edges for key in edge)
        threshold = max(2, len(document) // 2)
        for edge, stamped in edges:
            repeated = any(counts[key] >= threshold and len(key) > 3 for key in edge)
            leaks += repeated or stamped
    return leaks


def main() -> None:
    """Run both engines and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="+", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    datas = [(str(path), path.read_bytes()) for path in args.files]
    best: dict[str, tuple[int, float, list[Extracted]]] = {}
    for _ in range(max(args.repeat, 1)):
        for name, engine in (("rfp_assist", ours), ("pypdf", plain_pypdf)):
            result = engine(datas)
            if name not in best or result[1] < best[name][1]:
                best[name] = result
    report: dict[str, object] = {"files": len(datas), "repeat": args.repeat}
    for name, (pages, seconds, _) in best.items():
        report[name] = {
            "pages": pages,
            "seconds": round(seconds, 3),
            "pages_per_second": round(pages / seconds, 1),
        }
    ours_rate = best["rfp_assist"][0] / best["rfp_assist"][1]
    pypdf_rate = best["pypdf"][0] / best["pypdf"][1]
    report["ratio_ours_to_pypdf"] = round(ours_rate / pypdf_rate, 2)
    report["quality"] = {
        "hyphen_broken_words_left": {name: broken_words(r[2]) for name, r in best.items()},
        "pages_with_header_or_footer_in_text": {
            name: furniture_leaks(r[2]) for name, r in best.items()
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

"""Segmentation quality on CUAD: are lawyers' labelled spans kept whole inside one clause?

Loads every CUAD contract (.txt) through the real loader, segments it, and reports:
- the share of labelled spans longer than 40 characters that lie inside one clause (not cut by
  a clause boundary), over all segments and over clauses proper;
- clauses over 6,000 characters, with whether the source has any structure there.

    python bench/segment_cuad.py [--contracts DIR] [--spans FILE] [--worst N]

JSON on stdout.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.analysis.segment import segment  # noqa: E402
from rfp_assist.loaders import load  # noqa: E402

CUAD = ROOT.parent / "shared" / "eval" / "cuad"
MAX_CLAUSE = 6000
MIN_SPAN = 40


def main() -> int:
    """Run the measurement and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=Path, default=CUAD / "contracts")
    parser.add_argument("--spans", type=Path, default=CUAD / "spans.jsonl")
    parser.add_argument("--worst", type=int, default=0, help="list N cut spans for inspection")
    args = parser.parse_args()

    spans = defaultdict(list)
    for line in args.spans.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["end"] - row["start"] > MIN_SPAN:
            spans[row["txt_file"]].append(row)

    totals: Counter[str] = Counter()
    cut_by_category: Counter[str] = Counter()
    long_clauses = []
    cut_examples = []
    started = time.perf_counter()
    files = sorted(args.contracts.glob("*.txt"))
    for path in files:
        doc = load(path)
        clauses = segment(doc)
        starts = [c.start for c in clauses]
        totals["clauses"] += sum(c.is_clause for c in clauses)
        for c in clauses:
            if c.is_clause and len(c.text) > MAX_CLAUSE:
                long_clauses.append(
                    {
                        "file": path.name,
                        "number": c.number,
                        "chars": len(c.text),
                        "structured": _has_structure(c.text),
                    }
                )
        for span in spans.get(path.name, []):
            totals["spans"] += 1
            i = bisect.bisect_right(starts, span["start"]) - 1
            inside = i >= 0 and clauses[i].start <= span["start"] and span["end"] <= clauses[i].end
            if inside:
                totals["inside_segment"] += 1
                totals["inside_clause"] += clauses[i].is_clause
            else:
                cut_by_category[span["category"]] += 1
                if len(cut_examples) < args.worst:
                    cut_examples.append(
                        {
                            "file": path.name,
                            "category": span["category"],
                            "span": [span["start"], span["end"]],
                            "text": span["text"][:160],
                        }
                    )
    elapsed = time.perf_counter() - started
    report = {
        "contracts": len(files),
        "spans_over_40_chars": totals["spans"],
        "inside_one_segment": round(totals["inside_segment"] / totals["spans"], 4),
        "inside_one_clause": round(totals["inside_clause"] / totals["spans"], 4),
        "clauses": totals["clauses"],
        "clauses_over_6000_chars": len(long_clauses),
        "clauses_over_6000_chars_with_structure": sum(c["structured"] for c in long_clauses),
        "long_clauses": sorted(long_clauses, key=lambda c: -c["chars"])[:20],
        "cut_by_category": dict(cut_by_category.most_common()),
        "seconds": round(elapsed, 2),
    }
    if cut_examples:
        report["cut_examples"] = cut_examples
    print(json.dumps(report, indent=2))
    return 0


def _has_structure(text: str) -> bool:
    """Whether a long clause holds lines that look like clause openings we failed to split on."""
    from rfp_assist.analysis.markers import parse_marker

    lines = [line.strip() for line in text.splitlines()[1:] if line.strip()]
    return sum(parse_marker(line) is not None for line in lines) >= 3


if __name__ == "__main__":
    raise SystemExit(main())

"""Segmentation against the corpora's hand-written gold clause lists.

    python bench/segment_gold.py

For every document in corpora/gold/: the share of gold clauses that come out as a clause with
the same printed number (or, unnumbered, the same heading) whose text starts as gold says, and
the gold title / TOC / signature regions found as regions. JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.loaders import load  # noqa: E402
from rfp_assist.model import Clause  # noqa: E402
from rfp_assist.pipeline import Analysis, analyse  # noqa: E402

GOLD = ROOT / "corpora" / "gold"


def norm(text: str) -> str:
    """Whitespace collapsed, typographic quotes made plain, for comparing openings."""
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def gold_documents() -> list[dict[str, object]]:
    """The per-document gold files (those naming a document)."""
    docs = []
    for path in sorted(GOLD.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "document" in data and "clauses" in data:
            docs.append(data)
    return docs


def _opening(text: str, number: str | None) -> str:
    """A clause's text without its printed number, so openings compare across styles."""
    text = norm(text)
    if number and text.startswith(number):
        text = text[len(number) :].lstrip(" .:-–—")
    return text


def align(gold: dict[str, object], analysis: Analysis) -> list[Clause | None]:
    """For each gold clause, our clause with the same printed number and opening (or None)."""
    out: list[Clause | None] = []
    for item in gold["clauses"]:  # type: ignore[attr-defined]
        printed = item.get("printed_number") or item["number"]
        printed = printed.rstrip(".") if printed else None
        start = norm(item["starts_with"])
        out.append(
            next(
                (
                    c
                    for c in analysis.clauses
                    if (c.number == printed or (printed is None and c.number is None))
                    and (
                        _opening(c.text, c.number).startswith(_opening(start, printed))
                        or norm(c.text).startswith(start)
                    )
                ),
                None,
            )
        )
    return out


def match(gold: dict[str, object], analysis: Analysis) -> dict[str, object]:
    """Which gold clauses and regions the analysis found."""
    aligned = align(gold, analysis)
    found = sum(c is not None for c in aligned)
    missing = [
        f"{item.get('printed_number') or item['number']} {norm(item['starts_with'])[:40]}"
        for item, c in zip(gold["clauses"], aligned, strict=True)  # type: ignore[call-overload]
        if c is None
    ]
    regions = [(r.kind, norm(r.text)) for r in analysis.regions]
    gold_regions = gold.get("regions", [])
    regions_found = sum(
        any(
            kind == g["kind"] and text.startswith(norm(g["starts_with"])[:30])
            for kind, text in regions
        )
        for g in gold_regions  # type: ignore[attr-defined]
    )
    return {
        "gold_clauses": len(aligned),
        "found": found,
        "extra_clauses": len(analysis.clauses) - found,
        "regions": f"{regions_found}/{len(gold_regions)}",  # type: ignore[arg-type]
        "missing": missing[:10],
    }


def main() -> int:
    """Compare and print JSON."""
    report = {}
    total = found = 0
    for gold in gold_documents():
        analysis = analyse(load(ROOT / "corpora" / str(gold["document"])))
        row = match(gold, analysis)
        row["kind"] = f"{analysis.kind} (gold {gold['kind']})"
        row["party"] = f"{analysis.party} (gold {gold['party']})"
        report[str(gold["document"])] = row
        total += int(row["gold_clauses"])  # type: ignore[call-overload]
        found += int(row["found"])  # type: ignore[call-overload]
    print(json.dumps({"clauses_found": f"{found}/{total}", "documents": report}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

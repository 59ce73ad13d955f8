"""`compare` and RFP coverage on corpora/ against the gold labels, cell by cell.

For each proposal and each taxonomy topic, the gold cell is derived from the hand labels in
corpora/gold/<doc>.json the way the playbook pools a document: status `found` when some gold
clause carries the topic, terms merged in document order (first value of a key wins). The
tool's cell comes from `rfp_assist.analysis.compare` on the documents as ingested. Coverage is
checked against corpora/gold/rfp_coverage.json (status, and the answering clause).

    .venv/bin/python bench/eval_compare.py [--workspace DIR]

Without --workspace the corpora are ingested into a temporary workspace first. Prints every
mismatch, then the totals; exits 0 either way (it measures, it does not gate). Last, the time
of the coverage (every proposal against every requirement) as a ratio of the time of the
matrix on the same records, in the same run (median of 5), on the corpora and on 8 proposals
of 30-page size made by repeating the corpora proposals' clauses.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.analysis.compare import Matrix  # noqa: E402
from rfp_assist.analysis.coverage import Coverage  # noqa: E402
from rfp_assist.report.matrix_source import build_comparison, load_record  # noqa: E402
from rfp_assist.retrieval.store import DocumentRecord, Workspace  # noqa: E402

CORPORA = ROOT / "corpora"
GOLD = CORPORA / "gold"


def same(a: Any, b: Any) -> bool:
    """Equal as typed terms: numbers within 1e-6, lists of strings as sets, dicts by key."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-6
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        if all(isinstance(x, str) for x in a + b):
            return sorted(a) == sorted(b)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def gold_cells(gold: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any], list[str]]]:
    """topic -> (status, merged terms, gold clause numbers) from a gold document file."""
    cells: dict[str, tuple[str, dict[str, Any], list[str]]] = {}
    for clause in gold["clauses"]:
        for topic in clause["topics"]:
            _, terms, numbers = cells.setdefault(topic, ("found", {}, []))
            numbers.append(clause["number"] or clause["heading"])
            for key, value in clause["terms"].get(topic, {}).items():
                terms.setdefault(key, value)
    return cells


def ingest_corpora(folder: Path) -> None:
    """Ingest the proposals and the RFP into `folder`."""
    from rfp_assist.retrieval.ingest import ingest_paths

    with Workspace(folder) as ws:
        for result in ingest_paths(ws, [CORPORA / "proposals", CORPORA / "rfp"]):
            if result.status == "failed":
                print(f"error: {result.error}", file=sys.stderr)


def records_by_gold(ws: Workspace) -> dict[str, DocumentRecord]:
    """Stored records keyed by the gold's relative document path (proposals and the RFP)."""
    out = {}
    for doc in ws.documents():
        rel = Path(doc["path"]).resolve().relative_to(CORPORA.resolve()).as_posix()
        out[rel] = load_record(ws, doc["id"])
    return out


def eval_matrix(matrix: Matrix, by_path: dict[str, str]) -> tuple[int, int, int, int]:
    """Print mismatching cells; return (status ok, cells, terms ok, cells with gold terms)."""
    status_ok = cells = terms_ok = term_cells = 0
    for rel, doc_id in by_path.items():
        gold = gold_cells(json.loads((GOLD / f"{Path(rel).stem}.json").read_text()))
        for row in matrix.rows:
            cell = matrix.cell(doc_id, row.topic)
            g_status, g_terms, g_where = gold.get(row.topic, ("missing", {}, []))
            cells += 1
            got_where = [e.number or e.heading for e in cell.evidence]
            if cell.status == g_status:
                status_ok += 1
            else:
                print(
                    f"STATUS {Path(rel).stem:<32} {row.topic:<24} gold {g_status} {g_where}"
                    f" | got {cell.status} {got_where}"
                )
            got = cell.terms_dict()
            if g_terms or got:
                term_cells += 1
                if same(json.loads(json.dumps(got)), g_terms):
                    terms_ok += 1
                else:
                    for key in sorted(set(g_terms) | set(got)):
                        if not same(got.get(key), g_terms.get(key)):
                            src = next((t.clause for t in cell.terms if t.key == key), None)
                            print(
                                f"TERM   {Path(rel).stem:<32} {row.topic}.{key}: gold"
                                f" {json.dumps(g_terms.get(key))} | got"
                                f" {json.dumps(got.get(key))} (from {src})"
                            )
    return status_ok, cells, terms_ok, term_cells


def bare(number: str | None) -> str | None:
    """A clause number without a printed label word ("Section 2.2" -> "2.2", as gold writes it)."""
    if number is None:
        return None
    return re.sub(r"^(?:section|article|clause)\s+", "", number, flags=re.I)


def eval_coverage(cov: Coverage, by_path: dict[str, str]) -> tuple[int, int, int]:
    """Print mismatching answers; return (status ok, passage ok, answers)."""
    gold = json.loads((GOLD / "rfp_coverage.json").read_text())["coverage"]
    status_ok = passage_ok = total = 0
    for rel, doc_id in by_path.items():
        for req, g in gold[rel].items():
            total += 1
            a = cov.answer(doc_id, req)
            best = a.evidence[0] if a.evidence else None
            got_where = (best.number, best.heading) if best else (None, None)
            g_where = g["clause"] or g.get("heading")
            if best is None:
                where_ok = g["status"] == "not_addressed"
            elif g["clause"]:
                where_ok = g["clause"] == bare(best.number)
            else:
                where_ok = g.get("heading") == best.heading
            status_ok += a.status == g["status"]
            passage_ok += bool(where_ok)
            if a.status != g["status"] or not where_ok:
                print(
                    f"COVER  {Path(rel).stem:<32} {req:<4} gold {g['status']} {g_where} | got"
                    f" {a.status} {got_where[0] or got_where[1]}: {a.reasons[0]}"
                )
    return status_ok, passage_ok, total


def repeated(record: DocumentRecord, times: int) -> DocumentRecord:
    """`record` with its clauses (and vectors) repeated `times` times, clause ids kept unique."""
    from dataclasses import replace

    import numpy as np

    clauses = []
    for k in range(times):
        for item in record.clauses:
            c = item.clause
            parent = f"{c.parent}#{k}" if c.parent else None
            clauses.append(replace(item, clause=replace(c, id=f"{c.id}#{k}", parent=parent)))
    return replace(record, clauses=tuple(clauses), vectors=np.tile(record.vectors, (times, 1)))


def timing(proposals: list[DocumentRecord], rfp: DocumentRecord, playbook: Any) -> str:
    """Median time of the coverage and of the matrix (the baseline) on the same records.

    Twice: on the corpora proposals, and on 8 proposals each made of one corpora proposal's
    clauses repeated 6 times (216-354 clauses, the size of a 30-page proposal).
    """
    from rfp_assist.analysis.compare import compare
    from rfp_assist.analysis.coverage import coverage

    def median(run: Any) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    lines = []
    big = [repeated(proposals[i % len(proposals)], 6) for i in range(8)]
    for name, records in (("corpora", proposals), ("8 x 6-fold", big)):
        matrix = median(lambda records=records: compare(records, playbook))
        cov = median(lambda records=records: coverage(rfp, records))
        lines.append(
            f"time ({name}): coverage {cov * 1000:.1f} ms, matrix {matrix * 1000:.1f} ms"
            f" (coverage / matrix = {cov / matrix:.1f}x)"
        )
    return "\n".join(lines)


def main() -> None:
    """Ingest if needed, compare, and print mismatches and totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="an already ingested workspace")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.workspace or Path(tmp)
        if args.workspace is None or not (folder / "workspace.sqlite").exists():
            ingest_corpora(folder)
        with Workspace(folder) as ws:
            records = records_by_gold(ws)
        from rfp_assist.analysis.playbook import load_playbook

        proposals = {rel: r for rel, r in records.items() if rel.startswith("proposals/")}
        rfp = records.get("rfp/rfp_aav_manufacturing.docx")
        playbook = load_playbook(CORPORA / "playbook.yaml")
        result = build_comparison(list(proposals.values()), playbook, rfp=rfp)
        by_path = {rel: r.document.id for rel, r in proposals.items()}
        s_ok, cells, t_ok, t_cells = eval_matrix(result.matrix, by_path)
        print(
            f"matrix cells: status {s_ok}/{cells}; typed terms {t_ok}/{t_cells} cells with"
            f" terms; all match: {s_ok == cells and t_ok == t_cells}"
        )
        if result.coverage is not None:
            c_ok, p_ok, total = eval_coverage(result.coverage, by_path)
            print(f"coverage: status {c_ok}/{total}; answering passage {p_ok}/{total}")
        if rfp is not None:
            print(timing(list(proposals.values()), rfp, playbook))
        print(f"scorecard from: {result.scorecard.source}")
        for score in result.scorecard.scores:
            name = next(c.name for c in result.matrix.columns if c.id == score.document)
            print(f"  {name:<40} {score.total:6.2f} / {score.max_total:g}")


if __name__ == "__main__":
    main()

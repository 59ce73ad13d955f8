"""Clause-level topic detection on CUAD, against lawyers' labels, with a BM25 baseline.

    python bench/eval_cuad.py [--contracts DIR] [--spans FILE] [--cache FILE]

Runs the real pipeline (load, segment, flag, embed, classify, extract terms: the Reader) on
every contract (.txt). A clause is a
gold positive for a topic when a labelled span of a mapped category lies mostly inside it.
Strictly mapped topics get precision, recall, F1 (at the classifier's own threshold), AUPR
(average precision of the scores) and precision at 80% recall; recall-only topics get recall.
The baseline ranks clauses with BM25 against the CUAD category descriptions; its F1 is at its
best threshold (an oracle choice, flattering the baseline). JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cuad_data import (
    CUAD,
    MAPPED,
    RECALL_ONLY,
    ROOT,
    STRICT,
    category_descriptions,
    gold_clauses,
    read_spans,
)

from rfp_assist.analysis.classify import features, probabilities
from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.understand import Reader


def average_precision(scores: np.ndarray, truth: np.ndarray) -> float:
    """Area under the precision-recall curve as average precision over the ranked list."""
    if truth.sum() == 0:
        return float("nan")
    order = np.argsort(-scores, kind="stable")
    hits = truth[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def precision_at_recall(scores: np.ndarray, truth: np.ndarray, recall: float = 0.8) -> float:
    """Precision at the first rank where recall reaches `recall`."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(truth[order])
    reached = np.nonzero(hits >= recall * truth.sum())[0]
    return float(hits[reached[0]] / (reached[0] + 1)) if len(reached) else 0.0


def prf(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of boolean predictions."""
    tp = float((pred & truth).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / truth.sum() if truth.sum() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_f1(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """P, R, F1 at the threshold that maximises F1 (for the baseline)."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(truth[order])
    ranks = np.arange(1, len(order) + 1)
    p, r = hits / ranks, hits / max(truth.sum(), 1)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0)
    k = int(np.argmax(f))
    return float(p[k]), float(r[k]), float(f[k])


def bm25_scores(texts: list[str], query: str) -> np.ndarray:
    """BM25 (Okapi) scores of `texts` for `query` over this corpus."""
    from rank_bm25 import BM25Okapi

    tokenize = re.compile(r"[a-z0-9]+").findall
    bm25 = BM25Okapi([tokenize(t.lower()) for t in texts])
    return np.asarray(bm25.get_scores(tokenize(query.lower())), dtype=np.float64)


def r4(value: float) -> float | None:
    """Round for the report; NaN (no positives) becomes null."""
    return None if value != value else round(value, 4)


def main() -> int:
    """Evaluate and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=Path, default=CUAD / "contracts")
    parser.add_argument("--spans", type=Path, default=CUAD / "spans.jsonl")
    parser.add_argument("--descriptions", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=ROOT / ".rfp_assist" / "embeddings.sqlite")
    args = parser.parse_args()
    descriptions = category_descriptions(
        args.descriptions or args.spans.parent / "category_descriptions.csv"
    )

    started = time.perf_counter()
    spans = read_spans(args.spans)
    reader = Reader(cache_path=args.cache)
    model = reader.topic_model
    clauses, gold_rows, assigned, vectors = [], [], [], []
    for path in sorted(args.contracts.glob("*.txt")):
        reading = reader.read(analyse(load(path)))
        doc_clauses = [r.clause for r in reading.clauses]
        gold = gold_clauses(doc_clauses, spans.get(path.name, []))
        clauses.extend(doc_clauses)
        assigned.extend([s.topic for s in r.topics] for r in reading.clauses)
        vectors.append(reading.vectors)
        gold_rows.extend(
            {t for t, idx in gold.items() if i in idx} for i in range(len(doc_clauses))
        )
    # Scores for the precision-recall curves: the classifier's probabilities; the topics
    # assigned are the Reader's (threshold, or a stated typed term just under it).
    probs = probabilities(model, features(model, clauses, np.vstack(vectors)))
    seconds = time.perf_counter() - started

    texts = [c.text for c in clauses]
    ids = list(model.ids)
    ours: dict[str, dict[str, float | None]] = {}
    bm25: dict[str, dict[str, float | None]] = {}
    for topic, categories in MAPPED.items():
        truth = np.array([topic in g for g in gold_rows])
        scores = probs[:, ids.index(topic)]
        pred = np.array([topic in a for a in assigned])
        p, r, f = prf(pred, truth)
        base = bm25_scores(texts, " ".join(descriptions.get(c, c) for c in categories))
        bp, br, bf = best_f1(base, truth)
        if topic in RECALL_ONLY:
            ours[topic] = {"recall": r4(r), "positives": int(truth.sum())}
            bm25[topic] = {"recall_at_best_f1": r4(br)}
            continue
        ours[topic] = {
            "precision": r4(p),
            "recall": r4(r),
            "f1": r4(f),
            "aupr": r4(average_precision(scores, truth)),
            "p_at_80r": r4(precision_at_recall(scores, truth)),
            "positives": int(truth.sum()),
        }
        bm25[topic] = {
            "precision": r4(bp),
            "recall": r4(br),
            "f1": r4(bf),
            "aupr": r4(average_precision(base, truth)),
            "p_at_80r": r4(precision_at_recall(base, truth)),
        }

    def macro(table: dict[str, dict[str, float | None]], key: str) -> float | None:
        values = [v[key] for t, v in table.items() if t in STRICT and v.get(key) is not None]
        return r4(float(np.mean(values))) if values else None

    report = {
        "contracts": len(list(args.contracts.glob("*.txt"))),
        "clauses": len(clauses),
        "thresholds": {t: round(float(th), 4) for t, th in zip(ids, model.thresholds, strict=True)},
        "ours": {
            "macro": {k: macro(ours, k) for k in ("precision", "recall", "f1", "aupr", "p_at_80r")},
            "topics": ours,
        },
        "bm25": {
            "macro": {k: macro(bm25, k) for k in ("precision", "recall", "f1", "aupr", "p_at_80r")},
            "topics": bm25,
        },
        "seconds": round(seconds, 1),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

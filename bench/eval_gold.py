"""Clause understanding on the corpora's gold labels: topics and typed terms.

    python bench/eval_gold.py [--cache FILE] [--playbook FILE]

Runs the real pipeline (load, segment, embed, classify, extract terms) on every document with
a gold file in corpora/gold/, aligns gold clauses with ours (same printed number and opening),
and reports per-topic precision / recall / F1 with macro averages, and typed-term exact-match
accuracy per key (a gold term counts as matched only when our clause carries the same key
with an equal value). JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from segment_gold import ROOT, align, gold_documents

from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.understand import Reader


def same(gold: object, ours: object) -> bool:
    """Equal values, numbers compared with a small tolerance and lists order-insensitively."""
    if isinstance(gold, bool) or isinstance(ours, bool):
        return gold is ours
    if isinstance(gold, int | float) and isinstance(ours, int | float):
        return abs(float(gold) - float(ours)) <= 1e-6 * max(1.0, abs(float(gold)))
    if isinstance(gold, dict) and isinstance(ours, dict):
        return gold.keys() == ours.keys() and all(same(gold[k], ours[k]) for k in gold)
    if isinstance(gold, list) and isinstance(ours, list):
        if all(isinstance(x, str) for x in gold + ours):
            return sorted(gold) == sorted(ours)
        return len(gold) == len(ours) and all(same(a, b) for a, b in zip(gold, ours, strict=True))
    return gold == ours


def evaluate(reader: Reader, *, misses: bool = False) -> dict[str, object]:
    """Topic precision / recall / F1 and typed-term exact match of `reader` on the corpora."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    term_total: Counter[str] = Counter()
    term_hit: Counter[str] = Counter()
    missed: list[str] = []
    unaligned = 0
    for gold in gold_documents():
        analysis = analyse(load(ROOT / "corpora" / str(gold["document"])))
        reading = reader.read(analysis)
        by_id = {r.clause.id: r for r in reading.clauses}
        for item, clause in zip(gold["clauses"], align(gold, analysis), strict=True):  # type: ignore[call-overload]
            where = f"{gold['document']} {item.get('printed_number') or item['number']}"
            gold_topics = set(item["topics"])
            if clause is None:
                unaligned += 1
                for topic in gold_topics:
                    fn[topic] += 1
                for topic, terms in item["terms"].items():
                    for key in terms:
                        term_total[f"{topic}.{key}"] += 1
                continue
            reading_ = by_id[clause.id]
            ours = {s.topic for s in reading_.topics}
            for topic in gold_topics | ours:
                if topic in gold_topics and topic in ours:
                    tp[topic] += 1
                elif topic in ours:
                    fp[topic] += 1
                    missed.append(f"FP {topic}: {where}")
                else:
                    fn[topic] += 1
                    missed.append(f"FN {topic}: {where}")
            found = reading_.terms_by_topic()
            for topic, terms in item["terms"].items():
                for key, value in terms.items():
                    name = f"{topic}.{key}"
                    term_total[name] += 1
                    got = found.get(topic, {}).get(key)
                    if got is not None and same(value, got):
                        term_hit[name] += 1
                    else:
                        missed.append(f"TERM {name}: {where}: gold {value!r}, ours {got!r}")

    topics = {}
    for topic in sorted(set(tp) | set(fn) | set(fp)):
        p = tp[topic] / (tp[topic] + fp[topic]) if tp[topic] + fp[topic] else 0.0
        r = tp[topic] / (tp[topic] + fn[topic]) if tp[topic] + fn[topic] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        topics[topic] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "gold": tp[topic] + fn[topic],
        }
    scored = [v for v in topics.values() if v["gold"]]
    report: dict[str, object] = {
        "topics_macro": {
            k: round(sum(v[k] for v in scored) / len(scored), 4)
            for k in ("precision", "recall", "f1")
        },
        "terms_exact_match": round(sum(term_hit.values()) / max(sum(term_total.values()), 1), 4),
        "terms_total": sum(term_total.values()),
        "terms_per_key": {k: f"{term_hit[k]}/{n}" for k, n in sorted(term_total.items())},
        "unaligned_gold_clauses": unaligned,
        "topics": topics,
    }
    if misses:
        report["misses"] = missed
    return report


def main() -> int:
    """Evaluate and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".rfp_assist" / "embeddings.sqlite")
    parser.add_argument("--playbook", type=Path, default=ROOT / "corpora" / "playbook.yaml")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    report = evaluate(
        Reader(cache_path=args.cache, playbook_path=args.playbook), misses=args.misses
    )
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

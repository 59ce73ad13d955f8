"""Fit the topic classifier's combination weights on CUAD (dev split) and write them as data.

    python bench/fit_topics.py [--contracts DIR] [--spans FILE] [--out FILE]

Per strictly mapped topic, an L2-regularised logistic regression over the classifier's generic
features plus one indicator per cue of that topic (so "governed by the laws of" can weigh more
than "arbitration"); every other topic, the recall-only ones included (CUAD labels only part of
what they cover), uses one shared model over the generic features alone, fitted on all strictly
mapped topics together; one global threshold is chosen for macro-F1 over the strict topics.
`--folds 2` reports the held-out macro-F1 of the same procedure (fit on one half of
the contracts, score the other).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cuad_data import CUAD, MAPPED, ROOT, STRICT, Contract, gold_clauses, read_spans

from rfp_assist.analysis.classify import FEATURES, LEXICAL, Features, build_model, features
from rfp_assist.analysis.lexical import lexicon_entry, ngrams
from rfp_assist.analysis.segment import segment
from rfp_assist.loaders import load
from rfp_assist.retrieval.embed import Embedder, EmbeddingCache, embed

NEUTRAL = {"shared": {"weights": dict.fromkeys(FEATURES, 0.0), "bias": 0.0}}


def load_contracts(contracts: Path, spans_path: Path) -> list[Contract]:
    """Every contract segmented, with its gold clauses per mapped topic."""
    spans = read_spans(spans_path)
    out = []
    for path in sorted(contracts.glob("*.txt")):
        clauses = [c for c in segment(load(path)) if c.is_clause]
        out.append(Contract(path.name, clauses, gold_clauses(clauses, spans.get(path.name, []))))
    return out


def design(
    contracts: list[Contract], cache_path: Path
) -> tuple[Features, list[str], list[int], list[list[str]]]:
    """Features for all clauses, topic ids, each clause's contract, and each topic's cues.

    The lexical feature is left at zero here: `fit` fills it out of fold.
    """
    embedder = Embedder()
    cache = EmbeddingCache(cache_path)
    model = build_model(lambda texts: embed(texts, embedder, cache), weights=NEUTRAL, lexicons={})
    clauses = [c for contract in contracts for c in contract.clauses]
    owner = [i for i, contract in enumerate(contracts) for _ in contract.clauses]
    vectors = embed([c.text for c in clauses], embedder, cache)
    cues = [[c.pattern for c in t.cues] for t in model.topics]
    return features(model, clauses, vectors), list(model.ids), owner, cues


def subset(feats: Features, rows: np.ndarray) -> Features:
    """The features of some clauses only."""
    return Features(feats.generic[rows], tuple(c[rows] for c in feats.cues))


def labels(contracts: list[Contract], ids: list[str]) -> np.ndarray:
    """Gold matrix (n_clauses, n_topics); -1 where the topic has no CUAD label."""
    rows = []
    for contract in contracts:
        for i in range(len(contract.clauses)):
            rows.append(
                [(1 if i in contract.gold.get(t, ()) else 0) if t in MAPPED else -1 for t in ids]
            )
    return np.array(rows)


KEEP_NGRAMS = 3000


def _logistic(x: np.ndarray, y: np.ndarray, names: list[str]) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    reg = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    return dict(zip(names, map(float, reg.coef_[0]), strict=True)), float(reg.intercept_[0])


def _bag(grams: list[set[str]], vocab: dict[str, int]):  # type: ignore[no-untyped-def]
    """Binary bag of n-grams with unit-length rows, as a sparse matrix."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for i, gs in enumerate(grams):
        idx = [vocab[g] for g in gs if g in vocab]
        norm = 1 / np.sqrt(len(gs)) if gs else 0.0
        rows.extend([i] * len(idx))
        cols.extend(idx)
        vals.extend([norm] * len(idx))
    return csr_matrix((vals, (rows, cols)), shape=(len(grams), len(vocab)))


def fit_lexicon(grams: list[set[str]], y: np.ndarray) -> dict[str, object]:
    """A sparse logistic model over n-grams seen in at least three clauses, kept as data."""
    from collections import Counter

    from sklearn.linear_model import LogisticRegression

    df = Counter(g for gs in grams for g in gs)
    vocab = {g: i for i, g in enumerate(sorted(g for g, n in df.items() if n >= 3))}
    reg = LogisticRegression(C=1.0, solver="liblinear", max_iter=5000).fit(_bag(grams, vocab), y)
    names = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    ranked = sorted(zip(names, reg.coef_[0], strict=True), key=lambda gw: -abs(gw[1]))
    keep = abs(ranked[min(KEEP_NGRAMS, len(ranked)) - 1][1]) if ranked else 0.0
    return lexicon_entry(((g, float(w)) for g, w in ranked), float(reg.intercept_[0]), keep=keep)


def lexical_scores(entry: dict[str, object], grams: list[set[str]]) -> np.ndarray:
    """A stored lexicon's logits for clauses."""
    from rfp_assist.analysis.lexical import load_lexicons

    lexicon = load_lexicons({"t": entry})["t"]
    return np.array([lexicon.score(gs) for gs in grams])


def out_of_fold(
    grams: list[set[str]], y: np.ndarray, groups: np.ndarray, folds: int = 3
) -> np.ndarray:
    """Lexical logits for each clause from a lexicon fitted without its contract."""
    scores = np.zeros(len(grams))
    for fold in range(folds):
        test = groups % folds == fold
        train = [g for g, t in zip(grams, test, strict=True) if not t]
        entry = fit_lexicon(train, y[~test])
        scores[test] = lexical_scores(entry, [g for g, t in zip(grams, test, strict=True) if t])
    return scores


def fit(
    feats: Features,
    gold: np.ndarray,
    ids: list[str],
    cues: list[list[str]],
    grams: list[set[str]],
    groups: np.ndarray,
) -> tuple[dict[str, object], dict[str, object]]:
    """Per strict topic its own model (generic + cues + lexicon); a shared generic one for the rest.

    Returns the weights and the lexicons. The lexical feature the per-topic models are fitted
    on is out of fold, so they learn how much to trust it on clauses it never saw.
    """
    strict = [j for j, t in enumerate(ids) if t in STRICT and gold[:, j].sum() >= 8]
    topics: dict[str, object] = {}
    lexicons: dict[str, object] = {}
    for j in strict:
        generic = feats.generic[:, j, :].copy()
        generic[:, LEXICAL] = out_of_fold(grams, gold[:, j], groups)
        x = np.hstack([generic, feats.cues[j]])
        weights, bias = _logistic(x, gold[:, j], list(FEATURES) + [f"cue:{c}" for c in cues[j]])
        topics[ids[j]] = {
            "weights": {f: weights[f] for f in FEATURES},
            "cues": {c: weights[f"cue:{c}"] for c in cues[j]},
            "bias": bias,
        }
        lexicons[ids[j]] = fit_lexicon(grams, gold[:, j])
    # The shared model serves topics without a lexicon: fit it without the lexical feature.
    x = np.vstack([feats.generic[:, j, :] for j in strict])
    x[:, LEXICAL] = 0.0
    y = np.concatenate([gold[:, j] for j in strict])
    weights, bias = _logistic(x, y, list(FEATURES))
    result: dict[str, object] = {
        "features": list(FEATURES),
        "shared": {"weights": weights, "bias": bias},
        "topics": topics,
    }
    with_lex = with_lexical(feats, ids, lexicons, grams)
    result["threshold"] = best_threshold(with_lex, gold, ids, cues, result)
    return result, lexicons


def with_lexical(
    feats: Features, ids: list[str], lexicons: dict[str, object], grams: list[set[str]]
) -> Features:
    """The features with the lexical column filled from fitted lexicons."""
    generic = feats.generic.copy()
    for j, topic in enumerate(ids):
        if topic in lexicons:
            generic[:, j, LEXICAL] = lexical_scores(lexicons[topic], grams)  # type: ignore[arg-type]
    return Features(generic, feats.cues)


def predict(
    feats: Features, ids: list[str], cues: list[list[str]], params: dict[str, object]
) -> np.ndarray:
    """Probabilities under fitted parameters."""
    rows = [params["topics"].get(t, params["shared"]) for t in ids]  # type: ignore[attr-defined]
    w = np.array([[row["weights"][f] for f in FEATURES] for row in rows])
    bias = np.array([row["bias"] for row in rows])
    logits = np.einsum("ntf,tf->nt", feats.generic, w) + bias
    for j, row in enumerate(rows):
        cue_w = np.array([row.get("cues", {}).get(c, 0.0) for c in cues[j]])
        if cue_w.size:
            logits[:, j] += feats.cues[j] @ cue_w
    return 1 / (1 + np.exp(-logits))


def macro_f1(probs: np.ndarray, gold: np.ndarray, ids: list[str], threshold: float) -> float:
    """Macro-F1 over the strictly mapped topics at one threshold."""
    scores = []
    for j, topic in enumerate(ids):
        if topic not in STRICT:
            continue
        pred, truth = probs[:, j] >= threshold, gold[:, j] == 1
        tp = float((pred & truth).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max(truth.sum(), 1)
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(scores))


def best_threshold(
    feats: Features,
    gold: np.ndarray,
    ids: list[str],
    cues: list[list[str]],
    params: dict[str, object],
) -> float:
    """The global threshold with the best macro-F1 on the strictly mapped topics."""
    probs = predict(feats, ids, cues, params)
    grid = np.round(np.arange(0.05, 0.8, 0.01), 2)
    return float(max(grid, key=lambda t: macro_f1(probs, gold, ids, float(t))))


def main() -> int:
    """Fit, report, and write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=Path, default=CUAD / "contracts")
    parser.add_argument("--spans", type=Path, default=CUAD / "spans.jsonl")
    parser.add_argument("--cache", type=Path, default=ROOT / ".rfp_assist" / "embeddings.sqlite")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "rfp_assist" / "data" / "topic_weights.json"
    )
    parser.add_argument("--folds", type=int, default=2)
    args = parser.parse_args()

    contracts = load_contracts(args.contracts, args.spans)
    feats, ids, owner, cues = design(contracts, args.cache)
    gold = labels(contracts, ids)
    grams = [ngrams(c.text) for contract in contracts for c in contract.clauses]
    groups = np.array(owner)
    report: dict[str, object] = {}
    if args.folds > 1:
        held_out = []
        for fold in range(args.folds):
            test = groups % args.folds == fold
            train_grams = [g for g, t in zip(grams, test, strict=True) if not t]
            test_grams = [g for g, t in zip(grams, test, strict=True) if t]
            params, lexicons = fit(
                subset(feats, ~test),
                gold[~test],
                ids,
                cues,
                train_grams,
                groups[~test] // args.folds,
            )
            scored = with_lexical(subset(feats, test), ids, lexicons, test_grams)
            probs = predict(scored, ids, cues, params)
            held_out.append(macro_f1(probs, gold[test], ids, float(params["threshold"])))  # type: ignore[arg-type]
        report["held_out_macro_f1"] = [round(v, 4) for v in held_out]
    params, lexicons = fit(feats, gold, ids, cues, grams, groups)
    params["fitted_on"] = (
        f"CUAD dev split, {len(contracts)} contracts, {feats.generic.shape[0]} clauses"
    )
    probs = predict(with_lexical(feats, ids, lexicons, grams), ids, cues, params)
    report["in_sample_macro_f1"] = round(macro_f1(probs, gold, ids, float(params["threshold"])), 4)  # type: ignore[arg-type]
    args.out.write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
    lexicon_path = args.out.with_name("topic_lexicon.json")
    lexicon_path.write_text(json.dumps(lexicons, ensure_ascii=False) + "\n", encoding="utf-8")
    report["params"] = params
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Clause retrieval on ACORD (BEIR format): ours against BM25 and the LangChain tutorial pipeline.

    python bench/eval_acord.py --qrels ../shared/eval/acord/qrels/train.tsv [--corpus DIR]

Metrics: NDCG@5 and NDCG@10 with exponential gains (2^grade − 1) and recall@10 of clauses
graded ≥ 3, each ranked two ways: within each query's judged pool (the dataset authors'
protocol) and over the whole corpus (the real use: unjudged clauses count as irrelevant).

- `ours`: the hybrid ranking of `rfp_assist.retrieval.search` (the code `rfp-assist search`
  runs: dense + FTS5 bm25 fused by rank, dense feedback, the head re-ranked by query-term
  coverage, each word weighted by its share of the head) over a temporary workspace holding
  the corpus, embedded with the packaged model through the embedding cache (`--cache`).
- `bm25`: Okapi BM25 (rank-bm25, lower-cased word tokens) alone.
- `langchain`: the tutorial pipeline, `HuggingFaceEmbeddings` with the same packaged model
  and LangChain's `FAISS.from_texts`, queried with `similarity_search_with_score` (a
  metadata filter with `fetch_k` = corpus size for pool ranking).

JSON on stdout: `{"ours": {"pool": {...}, "corpus": {...}}, "bm25": {...}, "langchain": {...}}`
plus `dense` and `lexical` (our two halves alone) and the run's settings. `--tune` grid-searches
the fusion settings on the given qrels (use train only) and reports the best on stderr.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import math
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.model import Clause, Document, Page  # noqa: E402
from rfp_assist.retrieval.embed import Embedder, EmbeddingCache, embed, model_path  # noqa: E402
from rfp_assist.retrieval.search import (  # noqa: E402
    DEFAULT_SETTINGS,
    HybridSettings,
    dense_ranking,
    hybrid_ranking,
    lexical_ranking,
)
from rfp_assist.retrieval.store import ClauseRecord, DocumentRecord, Workspace  # noqa: E402

ACORD = ROOT.parent / "shared" / "eval" / "acord"
Ranker = Callable[[str, list[str] | None], list[str]]  # (query id, pool or None) → corpus ids


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        for query, doc, grade in reader:
            qrels.setdefault(query, {})[doc] = int(grade)
    return qrels


def ndcg(ranked: Sequence[str], judged: dict[str, int], k: int) -> float:
    gains = [2 ** judged.get(d, 0) - 1 for d in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in judged.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: Sequence[str], judged: dict[str, int], k: int, grade: int = 3) -> float | None:
    relevant = {d for d, g in judged.items() if g >= grade}
    if not relevant:
        return None
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def evaluate(rank: Ranker, qrels: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for mode in ("pool", "corpus"):
        n5, n10, r10 = [], [], []
        for query, judged in qrels.items():
            ranked = rank(query, list(judged) if mode == "pool" else None)
            n5.append(ndcg(ranked, judged, 5))
            n10.append(ndcg(ranked, judged, 10))
            r = recall(ranked, judged, 10)
            if r is not None:
                r10.append(r)
        out[mode] = {
            "ndcg@5": round(float(np.mean(n5)), 4),
            "ndcg@10": round(float(np.mean(n10)), 4),
            "recall@10": round(float(np.mean(r10)), 4) if r10 else 0.0,
        }
    return out


def build_workspace(
    folder: Path, corpus: list[dict[str, object]], vectors: np.ndarray
) -> tuple[Workspace, dict[str, int], dict[int, str]]:
    """One document per ACORD clause (so pool ranking is a clause filter), all in SQLite."""
    workspace = Workspace(folder)
    for row, vector in zip(corpus, vectors, strict=True):
        cid, text = str(row["_id"]), str(row["text"])
        doc_id = hashlib.sha256(f"{cid}\n{text}".encode()).hexdigest()
        doc = Document(doc_id, f"acord/{cid}", "text", text, (Page(1, 0, len(text)),), ())
        clause = Clause(cid, doc_id, None, None, 0, len(text), text, 1, 1)
        workspace.add(DocumentRecord(doc, "other", None, (ClauseRecord(clause, text),),
                                     vector[None, :]))  # fmt: skip
    with workspace.snapshot() as db:
        keys = {str(cid): int(pk) for pk, cid in db.execute("SELECT pk, id FROM clauses")}
    workspace.index()
    return workspace, keys, {pk: cid for cid, pk in keys.items()}


def ours_rankers(
    workspace: Workspace,
    keys: dict[str, int],
    ids: dict[int, str],
    queries: dict[str, str],
    query_vectors: dict[str, np.ndarray],
    settings: HybridSettings,
) -> dict[str, Ranker]:
    def allowed(pool: list[str] | None) -> np.ndarray | None:
        return None if pool is None else np.array([keys[d] for d in pool if d in keys])

    def hybrid(query: str, pool: list[str] | None) -> list[str]:
        ranked = hybrid_ranking(workspace, queries[query], query_vectors[query], 10,
                                allowed(pool), settings)  # fmt: skip
        return [ids[k] for k, _ in ranked]

    def dense(query: str, pool: list[str] | None) -> list[str]:
        return [ids[k] for k in dense_ranking(workspace, query_vectors[query], 10, allowed(pool))]

    def lexical(query: str, pool: list[str] | None) -> list[str]:
        ranked = lexical_ranking(workspace, queries[query], 10, allowed(pool), settings)
        return [ids[k] for k in ranked]

    return {"ours": hybrid, "dense": dense, "lexical": lexical}


def bm25_ranker(corpus: list[dict[str, object]], queries: dict[str, str]) -> Ranker:
    from rank_bm25 import BM25Okapi

    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    doc_ids = [str(row["_id"]) for row in corpus]
    position = {d: i for i, d in enumerate(doc_ids)}
    bm25 = BM25Okapi([tokens(str(row["text"])) for row in corpus])
    scores = {q: bm25.get_scores(tokens(text)) for q, text in queries.items()}

    def rank(query: str, pool: list[str] | None) -> list[str]:
        candidates = list(range(len(doc_ids))) if pool is None else [position[d] for d in pool]
        best = sorted(candidates, key=lambda i: (-scores[query][i], i))[:10]
        return [doc_ids[i] for i in best]

    return rank


def langchain_ranker(corpus: list[dict[str, object]], queries: dict[str, str]) -> Ranker:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.vectorstores import FAISS
        from langchain_huggingface import HuggingFaceEmbeddings

    embeddings = HuggingFaceEmbeddings(model_name=model_path())
    texts = [str(row["text"]) for row in corpus]
    store = FAISS.from_texts(texts, embeddings, metadatas=[{"id": row["_id"]} for row in corpus])
    vectors = {q: embeddings.embed_query(text) for q, text in queries.items()}

    def rank(query: str, pool: list[str] | None) -> list[str]:
        if pool is None:
            found = store.similarity_search_with_score_by_vector(vectors[query], k=10)
        else:
            allowed = set(pool)
            found = store.similarity_search_with_score_by_vector(
                vectors[query], k=10, filter=lambda md: md["id"] in allowed, fetch_k=len(texts)
            )
        return [str(doc.metadata["id"]) for doc, _ in found]

    return rank


def tune(
    workspace: Workspace,
    keys: dict[str, int],
    ids: dict[int, str],
    queries: dict[str, str],
    query_vectors: dict[str, np.ndarray],
    qrels: dict[str, dict[str, int]],
) -> HybridSettings:
    """Stage-wise grid search of the fusion settings on the given qrels (train only).

    Objective: pool NDCG@10 plus half the whole-corpus NDCG@10 (both rankings matter).
    """
    memo: dict[HybridSettings, float] = {}

    def score(settings: HybridSettings) -> float:
        if settings not in memo:
            rank = ours_rankers(workspace, keys, ids, queries, query_vectors, settings)["ours"]
            result = evaluate(rank, qrels)
            memo[settings] = result["pool"]["ndcg@10"] + 0.5 * result["corpus"]["ndcg@10"]
            print(f"{memo[settings]:.4f} {result} {settings}", file=sys.stderr)
        return memo[settings]

    stages: list[dict[str, Sequence[object]]] = [
        {"rrf_k": (10, 20, 40, 60, 100), "dense_weight": (0.7, 1.0, 1.3, 1.6, 2.0, 3.0)},
        {"depth": (30, 50, 100, 200)},
        {"prf_docs": (3, 5, 10, 20), "prf_weight": (0.25, 0.5, 1.0, 2.0)},
        {"rrf_k": (10, 20, 40, 60, 100), "dense_weight": (0.7, 1.0, 1.3, 1.6, 2.0, 3.0)},
        {
            "coverage_depth": (0, 30, 50, 100),
            "coverage_floor": (0.0, 0.25, 0.5),
            "coverage_weighting": ("head", "uniform"),
        },
        {"prf_probe_depth": (10, 30, 100)},
    ]
    best = DEFAULT_SETTINGS
    for stage in stages:
        names = list(stage)
        for values in itertools.product(*stage.values()):
            candidate = replace(best, **dict(zip(names, values, strict=True)))  # type: ignore[arg-type]
            if score(candidate) > score(best):
                best = candidate
    print(f"best: {score(best):.4f} {best}", file=sys.stderr)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--qrels", required=True, type=Path)
    parser.add_argument("--corpus", type=Path, default=ACORD, help="folder with corpus.jsonl")
    parser.add_argument(
        "--cache", type=Path, help="embedding cache (default: $RFP_ASSIST_HOME's, or .rfp_assist's)"
    )
    parser.add_argument("--skip-langchain", action="store_true", help="for quick iterations")
    parser.add_argument("--tune", action="store_true", help="grid-search fusion settings")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    corpus = read_jsonl(args.corpus / "corpus.jsonl")
    qrels = read_qrels(args.qrels)
    all_queries = {str(q["_id"]): str(q["text"]) for q in read_jsonl(args.corpus / "queries.jsonl")}
    queries = {q: all_queries[q] for q in qrels}
    cache_path = args.cache or Path(os.environ.get("RFP_ASSIST_HOME") or ".rfp_assist")
    if cache_path.is_dir() or not cache_path.suffix:
        cache_path = cache_path / "embeddings.sqlite"
    embedder, cache = Embedder(), EmbeddingCache(cache_path)
    started = time.perf_counter()
    vectors = embed([str(row["text"]) for row in corpus], embedder, cache)
    query_vectors = dict(zip(queries, embed(list(queries.values()), embedder, cache), strict=True))
    timings = {"embed_s": round(time.perf_counter() - started, 1)}
    with tempfile.TemporaryDirectory(prefix="acord-") as folder:
        started = time.perf_counter()
        workspace, keys, ids = build_workspace(Path(folder), corpus, vectors)
        timings["workspace_s"] = round(time.perf_counter() - started, 1)
        settings = DEFAULT_SETTINGS
        if args.tune:
            settings = tune(workspace, keys, ids, queries, query_vectors, qrels)
        rankers = ours_rankers(workspace, keys, ids, queries, query_vectors, settings)
        results: dict[str, object] = {name: evaluate(rank, qrels) for name, rank in rankers.items()}
        workspace.close()
    results["bm25"] = evaluate(bm25_ranker(corpus, queries), qrels)
    if not args.skip_langchain:
        started = time.perf_counter()
        results["langchain"] = evaluate(langchain_ranker(corpus, queries), qrels)
        timings["langchain_s"] = round(time.perf_counter() - started, 1)
    order = ["ours", "bm25", "langchain", "dense", "lexical"]
    payload = {name: results[name] for name in order if name in results}
    payload["run"] = {"qrels": str(args.qrels), "queries": len(qrels), "documents": len(corpus),
                      "settings": asdict(settings), **timings}  # fmt: skip
    json.dump(payload, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

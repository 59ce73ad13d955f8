"""Search latency over a large synthetic workspace, through the real `search()`.

    python bench/search_scale.py [--clauses 100000] [--queries 200] [--workspace DIR]

Clauses are made by recombining real sentences: each synthetic clause starts from an ACORD
clause (its sentences, shuffled) and borrows one or two sentences from CUAD contracts. Its
vector is the real embedding of that ACORD clause (through the embedding cache) plus Gaussian
noise, renormalised: as many distinct vectors as clauses, clustered like real ones, without
embedding 100,000 texts. Clauses are stored 100 per document through `Workspace.add`, so
SQLite, FTS5 and FAISS hold what an ingest would write.

Queries (ACORD's query texts and phrases cut from CUAD sentences) go through
`Searcher.search`, which embeds each query with the packaged model through the traced query
encoder (`query_embed(traced=True)`: linear weights in float16; first time for each: no cache
hit), filters nothing, fuses dense and lexical rankings, re-ranks the head and fetches the
hits. The eager sentence-transformers query path is timed beside it on the same queries as
the baseline (`embed_query_cpu_ratio_to_eager`), and so is the same traced encoder with
float32 weights (`embed_query_cpu_ratio_to_fp32_traced`). Reports
p50/p95 of the whole call (wall time, and CPU time of this process: on a shared machine the
wall time also counts waiting for a core; the load average at the end says how busy it was),
of its parts, and of a filtered search, and the dense index's recall@10 and @50 against an
exhaustive search over the same vectors (the index is an HNSW graph at this size), as JSON on
stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.model import Clause, Document, Page  # noqa: E402
from rfp_assist.retrieval import faiss_index  # noqa: E402
from rfp_assist.retrieval import search as search_module  # noqa: E402
from rfp_assist.retrieval.embed import Embedder, EmbeddingCache, embed  # noqa: E402
from rfp_assist.retrieval.query_encoder import QueryEncoder  # noqa: E402
from rfp_assist.retrieval.search import Searcher, query_embed  # noqa: E402
from rfp_assist.retrieval.store import ClauseRecord, DocumentRecord, Workspace  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
PER_DOCUMENT = 100
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if 30 <= len(s) <= 600]


def synthesise(
    n: int, rng: random.Random, base_texts: list[str], base_vectors: np.ndarray
) -> tuple[list[str], np.ndarray]:
    cuad = []
    for path in sorted((SHARED / "cuad" / "contracts").glob("*.txt"))[:80]:
        cuad.extend(sentences(path.read_text(encoding="utf-8", errors="replace")))
    base_sentences = [sentences(t) or [t] for t in base_texts]
    noise = np.random.default_rng(rng.randrange(2**32))
    texts, vectors = [], np.empty((n, base_vectors.shape[1]), dtype=np.float32)
    for j in range(n):
        i = rng.randrange(len(base_texts))
        own = list(base_sentences[i])
        rng.shuffle(own)
        texts.append(" ".join(own[:4] + rng.sample(cuad, rng.randint(1, 2))))
        v = base_vectors[i] + np.asarray(noise.normal(0, 0.02, base_vectors.shape[1]), np.float32)
        vectors[j] = v / np.linalg.norm(v)
    return texts, vectors


def build(folder: Path, texts: list[str], vectors: np.ndarray, rng: random.Random) -> None:
    parties = [f"Vendor {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
    with Workspace(folder) as ws:
        for d in range(0, len(texts), PER_DOCUMENT):
            chunk = texts[d : d + PER_DOCUMENT]
            body, spans = "", []
            for text in chunk:
                spans.append((len(body), len(body) + len(text)))
                body += text + "\n\n"
            doc_id = hashlib.sha256(f"synthetic-{d}".encode()).hexdigest()
            doc = Document(doc_id, f"synthetic/{d // PER_DOCUMENT}.txt", "text", body,
                           (Page(1, 0, len(body)),), ())  # fmt: skip
            clauses = tuple(
                ClauseRecord(
                    Clause(f"{doc_id[:12]}-{s}", doc_id, str(k + 1), None, s, e, body[s:e], 1, 1),
                    body[s:e],
                )
                for k, (s, e) in enumerate(spans)
            )
            kind = rng.choice(("proposal", "msa", "rfp"))
            ws.add(DocumentRecord(doc, kind, rng.choice(parties), clauses,  # type: ignore[arg-type]
                                  vectors[d : d + PER_DOCUMENT]))  # fmt: skip
        ws.index()


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2),
            "p95_ms": round(float(np.percentile(ms, 95)), 2),
            "mean_ms": round(float(ms.mean()), 2)}  # fmt: skip


def dense_recall(
    index: object, queries: np.ndarray, k: tuple[int, ...], probe: int
) -> dict[str, float]:
    """The index's top-k, searched `probe` deep as a search does, against an exhaustive search.

    `recall@k`: share of the exact top-k returned. The synthetic clauses come in clusters of
    near-copies (one ACORD vector plus noise), so a miss is often a near-tie swapped for its
    neighbour: `score_ratio@k` (mean similarity of what is returned over that of the exact
    top-k) and `recall_within_0.01@k` (returned clauses at most 0.01 below the exact k-th
    similarity) say how much a miss costs.
    """
    import faiss

    keys = faiss_index.keys_of(index)
    exact = faiss.IndexFlatIP(queries.shape[1])
    exact.add(faiss_index.vectors_of(index, keys))
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    out = {}
    for depth in k:
        truth_scores, truth = exact.search(queries, depth)
        found_scores, found = faiss_index.search(index, queries, max(depth, probe))
        found_scores, found = found_scores[:, :depth], found[:, :depth]
        pairs = zip(truth, found, strict=True)
        hits = [len(set(keys[t].tolist()) & set(f.tolist())) for t, f in pairs]
        out[f"recall@{depth}"] = round(sum(hits) / (depth * len(queries)), 4)
        out[f"score_ratio@{depth}"] = round(float(found_scores.sum() / truth_scores.sum()), 4)
        near = found_scores >= truth_scores[:, -1:] - 0.01
        out[f"recall_within_0.01@{depth}"] = round(float(near.mean()), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clauses", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workspace", type=Path, help="build here (reused if it exists)")
    parser.add_argument("--cache", type=Path, default=ROOT / ".rfp_assist" / "embeddings.sqlite")
    args = parser.parse_args()
    rng = random.Random(7)
    acord = SHARED / "acord"
    corpus_file = (acord / "corpus.jsonl").read_text(encoding="utf-8")
    corpus = [json.loads(line)["text"] for line in corpus_file.splitlines() if line]
    queries_file = (acord / "queries.jsonl").read_text(encoding="utf-8")
    query_texts = [json.loads(line)["text"] for line in queries_file.splitlines() if line]
    embedder, cache = Embedder(), EmbeddingCache(args.cache)
    report: dict[str, object] = {"clauses": args.clauses}
    folder = args.workspace or Path(tempfile.mkdtemp(prefix="search-scale-"))
    if not (folder / "workspace.sqlite").exists():
        started = time.perf_counter()
        base_vectors = embed(corpus, embedder, cache)
        texts, vectors = synthesise(args.clauses, rng, corpus, base_vectors)
        report["synthesise_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        build(folder, texts, vectors, rng)
        report["build_s"] = round(time.perf_counter() - started, 1)
    cuad_phrases = []
    for path in sorted((SHARED / "cuad" / "contracts").glob("*.txt"))[100:]:
        for sentence in sentences(path.read_text(encoding="utf-8", errors="replace"))[:3]:
            words = sentence.split()
            start = rng.randrange(max(len(words) - 8, 1))
            cuad_phrases.append(" ".join(words[start : start + rng.randint(3, 8)]))
    queries = (query_texts + rng.sample(cuad_phrases, len(cuad_phrases)))[: args.queries]
    with Workspace(folder) as ws:
        started = time.perf_counter()
        index = ws.index()
        report["open_index_s"] = round(time.perf_counter() - started, 2)
        report["index"] = {"kind": "hnsw" if ws.vector_count() > 20_000 else "flat",
                           "vectors": int(index.ntotal), "status": ws.index_status}  # fmt: skip
        encode = query_embed(traced=True)
        encode(["warm up the model"])  # load (and trace) the model outside the timings
        embedder.encode_query("warm up the model")
        fp32 = QueryEncoder(half_weights=False)
        fp32.encode(["warm up the model"])
        searcher = Searcher(ws, encode)
        totals, cpu, embeds, lexical, dense, filtered = [], [], [], [], [], []
        embeds_cpu, eager, eager_cpu = [], [], []  # the eager sentence-transformers path: baseline
        fp32_cpu = []  # the same traced encoder with float32 weights
        for query in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            hits = searcher.search(query, k=10)
            totals.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            assert hits, query
            started, started_cpu = time.perf_counter(), time.process_time()
            vector = encode([query])[0]
            embeds.append(time.perf_counter() - started)
            embeds_cpu.append(time.process_time() - started_cpu)
            started, started_cpu = time.perf_counter(), time.process_time()
            embedder.encode_query(query)
            eager.append(time.perf_counter() - started)
            eager_cpu.append(time.process_time() - started_cpu)
            started_cpu = time.process_time()
            fp32.encode([query])
            fp32_cpu.append(time.process_time() - started_cpu)
            started = time.perf_counter()
            search_module.lexical_ranking(ws, query, searcher.settings.depth)
            lexical.append(time.perf_counter() - started)
            started = time.perf_counter()
            search_module.dense_ranking(ws, vector, searcher.settings.depth)
            dense.append(time.perf_counter() - started)
            started = time.perf_counter()
            searcher.search(query, k=10, party="Vendor C")
            filtered.append(time.perf_counter() - started)
        report["search"] = percentiles(totals)
        report["search_cpu"] = percentiles(cpu)
        report["load_average"] = [round(x, 2) for x in os.getloadavg()]
        report["parts"] = {"embed_query": percentiles(embeds),
                           "embed_query_cpu": percentiles(embeds_cpu),
                           "embed_query_eager": percentiles(eager),
                           "embed_query_eager_cpu": percentiles(eager_cpu),
                           "embed_query_fp32_traced_cpu": percentiles(fp32_cpu),
                           "lexical": percentiles(lexical),
                           "dense": percentiles(dense)}  # fmt: skip
        report["embed_query_cpu_ratio_to_eager"] = round(
            float(np.median(embeds_cpu)) / float(np.median(eager_cpu)), 3
        )
        report["embed_query_cpu_ratio_to_fp32_traced"] = round(
            float(np.median(embeds_cpu)) / float(np.median(fp32_cpu)), 3
        )
        report["search_filtered_by_party"] = percentiles(filtered)
        report["queries"] = len(queries)
        report["dense_recall_vs_exact"] = dense_recall(
            index, encode(queries), k=(10, 50), probe=searcher.settings.depth
        )
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

"""Hybrid search over a workspace: dense (FAISS) and lexical (FTS5 bm25), fused by rank.

Dense retrieval embeds the query (with the same packaged model as the clauses) and searches the
FAISS index; lexical retrieval runs a sanitised FTS5 query (every word quoted, joined by OR, so
user text can never be FTS5 syntax). The two rankings are fused by weighted reciprocal rank
fusion, `score(c) = Σ_r w_r / (k + rank_r(c))`, after one round of pseudo-relevance feedback on
the dense side (the query vector moved towards the fused top clauses). The reported score is
the fused score divided by its maximum, `Σ_r w_r / (k + 1)`: 1.0 means ranked first by every
retriever, and scores are comparable across queries of one workspace only as ranks are.

Settings were tuned on ACORD's train qrels (`bench/eval_acord.py`), never on valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from rfp_assist.retrieval import faiss_index, rerank
from rfp_assist.retrieval.store import Workspace

EmbedFn = Callable[[Sequence[str]], np.ndarray]
#: How the re-rank weighs query words: by their share of the fused head, or all alike.
CoverageWeighting = Literal["head", "uniform"]

#: Words that carry no weight in a clause query; dropped from the lexical query (the dense
#: side still reads them) unless nothing else is left.
STOPWORDS = frozenset(
    """a about above after all also an and any are as at be been being between both but by
    can could did do does each either for from had has have how if in into is it its may
    might must no nor not of on or other our shall should so such than that the their them
    then there these they this those to under upon was we were what when where which while
    who whom will with within without would you your clause clauses provision provisions
    section sections agreement""".split()  # noqa: SIM905 - a word list reads better as text
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class HybridSettings:
    """How the rankings are made and fused.

    `rrf_k`, the weights, `depth` and the feedback (`prf_docs` clauses, `prf_weight`) were
    tuned on ACORD train (objective: pool NDCG@10 + ½ corpus NDCG@10; `prf_weight` 2.0 scored
    0.681 against 0.678 for 1.0; retuned below). Tried there and dropped: embedding long clauses in
    overlapping passages (max or mean over passages, alone or added to the clause vector:
    ±0.007 on train, up to −0.03 on valid), a convex sum of normalised scores instead of
    ranks (0.571 at best on train, before feedback) and lexical feedback (the fused top
    clauses' tf-idf terms added to the FTS5 query: −0.02 to −0.05 on train). ACORD clauses
    have no headings, so `heading_weight` (a heading hit counts twice a body hit in bm25) is
    a choice, not a measurement.

    The fused head (`coverage_depth` clauses) is then re-ranked by score × (floor + (1 − floor)
    × query-term coverage) (`rerank`). Counting every query word alike (`coverage_weighting`
    "uniform"), on train (pool / corpus NDCG@10): 0.608 / 0.149 without, 0.631 / 0.161 with
    floor 0, 0.642 / 0.159 with floor 0.25, 0.636 / 0.155 with 0.5; but on valid corpus 0.109
    → 0.083: a query named by a label its clauses do not use ("Non-compete …") lost clauses
    that never say it. Each word weighted by its share of the head, each head clause counted
    1/rank ("head", chosen: the best on train of the variants below), floor 0: train 0.645 /
    0.166, valid 0.551 / 0.097. Variants on train (valid): every head clause counted alike
    0.642 / 0.166 (0.531 / 0.102), by 1/log2(rank + 1) 0.638 / 0.166, by its fused score
    0.642 / 0.165; alike over the top 10 only 0.643 / 0.157 (0.547 / 0.107); shares times
    IDF 0.643 / 0.169 (0.536 / 0.098); a missing word credited by the dense similarity of its
    own embedding to the clause 0.620-0.643 / 0.154-0.157 (these three with the earlier regex
    word matcher); floor 0.1 and 0.25 lower in each.
    With feedback, the first dense ranking only chooses the clauses that move the query:
    `prf_probe_depth` 30 (train 0.645 / 0.166) reads fewer graph nodes than 100 (0.645 /
    0.165) at 100,000 clauses.

    With the head-weighted re-rank in place, fusion and feedback were tuned again on train
    (same objective): `rrf_k` 60 → 30, `dense_weight` 1.3 → 1.6, `prf_weight` 2.0 → 3.0 took
    train from 0.645 / 0.166 to 0.659 / 0.169 (valid 0.551 / 0.097 → 0.551 / 0.101). On that
    plateau: `prf_weight` 4.0 0.662 / 0.165, 6.0 0.657 / 0.161; `rrf_k` 20 0.656 / 0.153, 40
    0.655 / 0.169; `dense_weight` 1.3 0.652 / 0.166, 2.0 0.650 / 0.164; `prf_docs` 3 0.650 /
    0.164, 10 0.613 / 0.175; without the re-rank 0.612 / 0.147 (valid 0.505 / 0.112).

    Also tried on train and dropped: quoted and
    hyphenated query words as FTS5 phrases (+0.006 train, −0.012 valid), clause/provision
    words removed from the dense query (+0.001 train, −0.022 dense on valid), a second
    feedback round.
    """

    rrf_k: float = 30.0
    dense_weight: float = 1.6
    lexical_weight: float = 1.0
    depth: int = 100
    prf_docs: int = 5
    prf_weight: float = 3.0
    prf_probe_depth: int = 30
    heading_weight: float = 2.0
    text_weight: float = 1.0
    coverage_depth: int = 50
    coverage_floor: float = 0.0
    coverage_weighting: CoverageWeighting = "head"


DEFAULT_SETTINGS = HybridSettings()


@dataclass(frozen=True)
class SearchHit:
    """One ranked clause with where it comes from."""

    clause: str
    document: str
    path: str
    party: str | None
    number: str | None
    heading: str | None
    page: int
    start: int
    end: int
    text: str
    score: float
    kind: str

    def citation(self) -> dict[str, Any]:
        """The hit as a citation of `search --format json` (interface.md)."""
        return {
            "document": self.document,
            "path": self.path,
            "party": self.party,
            "clause": self.number,
            "clause_id": self.clause,
            "heading": self.heading,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
        }


def query_words(text: str) -> list[str]:
    """The distinct words of a query, lower-cased, without stopwords (unless that is all)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys([w for w in words if w not in STOPWORDS] or words))


def lexical_query(text: str) -> str | None:
    """An FTS5 MATCH expression for user text: its words, each quoted, joined by OR.

    Quoting makes every FTS5 operator (`"`, `*`, `NEAR(`, `OR`, `-`, `:`, `^`) a plain word or
    nothing; None when the text has no words at all.
    """
    terms = [f'"{w}"' for w in query_words(text)]
    return " OR ".join(terms) if terms else None


def allowed_keys(
    workspace: Workspace,
    *,
    topic: str | None = None,
    document: str | None = None,
    party: str | None = None,
    kind: str | None = None,
) -> np.ndarray | None:
    """The clause keys the filters let through (None when there is no filter)."""
    where: list[str] = []
    args: list[Any] = []
    if document:
        where.append("(d.id = ? OR d.id LIKE ? OR d.path = ? OR d.name = ?)")
        args += [document, f"{document}%" if len(document) >= 8 else document, document, document]
    if party:
        where.append("d.party LIKE ?")
        args.append(f"%{party}%")
    if kind:
        where.append("d.kind = ?")
        args.append(kind)
    clause_where: list[str] = []
    if where:
        # Driven from documents: the clause side is then an index lookup per document.
        documents = "SELECT d.id FROM documents d WHERE " + " AND ".join(where)
        clause_where.append(f"c.document IN ({documents})")
    if topic:
        clause_where.append("c.pk IN (SELECT pk FROM clause_topics WHERE topic = ?)")
        args.append(topic)
    if not clause_where:
        return None
    sql = "SELECT c.pk FROM clauses c WHERE " + " AND ".join(clause_where)
    with workspace.snapshot() as db:
        rows = db.execute(sql, args).fetchall()
    return np.array([r[0] for r in rows], dtype=np.int64)


#: Most postings (clause occurrences, summed over the query's terms) one lexical query reads.
#: bm25 is computed for every clause that matches any term, so a query of common words over
#: 100,000 clauses cost 40-190 ms; keeping the rarest terms within this budget bounds it (6 ms
#: p50 at 100k) and drops only common terms, whose low IDF moves bm25 little (ACORD's 3,931
#: clauses give the same NDCG with and without it).
POSTINGS_BUDGET = 5_000


def _within_budget(
    db: Any, words: list[str], known: dict[str, int] | None, stems: dict[int, str] | None = None
) -> list[str]:
    """`words` without the most common ones, so their postings fit POSTINGS_BUDGET.

    `known` caches document frequencies by stemmed term (reading one walks its postings); the
    caller keeps it for one workspace generation. `stems` are the words' FTS5 stems by
    position (`rerank.stem_words`), computed here when not given.
    """
    if len(words) < 2:
        return words
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.clause_vocab"
        " USING fts5vocab(main, clause_fts, 'row')"
    )
    # The index holds stemmed terms: let FTS5 itself stem the words (one row per word).
    if stems is None:
        stems = rerank.stem_words(db, words)
    df = {} if known is None else known
    terms = sorted(set(stems.values()) - set(df))
    if terms:
        marks = ",".join("?" * len(terms))
        sql = f"SELECT term, doc FROM temp.clause_vocab WHERE term IN ({marks})"
        df.update(dict.fromkeys(terms, 0))
        df.update(db.execute(sql, terms).fetchall())
    counted = sorted(range(len(words)), key=lambda i: df.get(stems.get(i, ""), 0))
    kept: set[int] = set()
    total = 0
    for i in counted:
        postings = df.get(stems.get(i, ""), 0)
        if kept and total + postings > POSTINGS_BUDGET:
            break
        kept.add(i)
        total += postings
    return [w for i, w in enumerate(words) if i in kept]


def lexical_ranking(
    workspace: Workspace,
    query: str,
    depth: int,
    allowed: np.ndarray | None = None,
    settings: HybridSettings = DEFAULT_SETTINGS,
    document_frequencies: dict[str, int] | None = None,
) -> list[int]:
    """Clause keys by FTS5 bm25, best first, at most `depth`."""
    with workspace.snapshot() as db:
        return _lexical(db, query_words(query), None, depth, allowed, settings,
                        document_frequencies)  # fmt: skip


def _lexical(
    db: Any,
    words: list[str],
    stems: dict[int, str] | None,
    depth: int,
    allowed: np.ndarray | None,
    settings: HybridSettings,
    document_frequencies: dict[str, int] | None,
) -> list[int]:
    """`lexical_ranking` inside the caller's read transaction, for words already split."""
    if depth <= 0 or (allowed is not None and not len(allowed)):
        return []
    rank = f"bm25(clause_fts, {settings.heading_weight:g}, {settings.text_weight:g})"
    sql = "SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?"
    match = lexical_query(" ".join(_within_budget(db, words, document_frequencies, stems)))
    if match is None:
        return []
    args: list[Any] = [match]
    if allowed is not None:
        sql += " AND +rowid IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(allowed.tolist()))
    sql += f" ORDER BY {rank}, rowid LIMIT ?"  # equal scores (copies) in a fixed order
    args.append(depth)
    return [int(r[0]) for r in db.execute(sql, args)]


def dense_ranking(
    workspace: Workspace, vector: np.ndarray, depth: int, allowed: np.ndarray | None = None
) -> list[int]:
    """Clause keys by cosine similarity to `vector`, best first, at most `depth`."""
    return _dense(workspace.index(), vector, depth, allowed)


def fuse(rankings: Sequence[tuple[float, Sequence[int]]], rrf_k: float) -> dict[int, float]:
    """Weighted reciprocal rank fusion: key → Σ weight / (rrf_k + rank), rank from 1."""
    scores: dict[int, float] = {}
    for weight, ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (rrf_k + rank)
    return scores


def hybrid_ranking(
    workspace: Workspace,
    query: str,
    query_vector: np.ndarray,
    k: int,
    allowed: np.ndarray | None = None,
    settings: HybridSettings = DEFAULT_SETTINGS,
    document_frequencies: dict[str, int] | None = None,
) -> list[tuple[int, float]]:
    """(key, normalised score) of the best `k` clauses for `query`, best first."""
    depth = max(settings.depth, k)
    words = query_words(query)
    with workspace.snapshot() as db:
        # The query's words are stemmed once (by FTS5 itself), for bm25 and for the re-rank.
        stems = rerank.stem_words(db, words) if words else {}
        lexical = _lexical(db, words, stems, depth, allowed, settings, document_frequencies)
    index = workspace.index()
    # With feedback, the first dense ranking only picks the clauses that move the query.
    probe = min(depth, settings.prf_probe_depth) if settings.prf_docs else depth
    dense = _dense(index, query_vector, probe, allowed)
    lists = [(settings.dense_weight, dense), (settings.lexical_weight, lexical)]
    fused = fuse(lists, settings.rrf_k)
    if settings.prf_docs and fused:
        top = sorted(fused, key=lambda key: -fused[key])[: settings.prf_docs]
        top_vectors = faiss_index.vectors_of(index, np.array(top, dtype=np.int64))
        feedback = top_vectors.mean(axis=0) if len(top_vectors) else np.zeros_like(query_vector)
        moved = query_vector + settings.prf_weight * feedback
        moved = moved / max(float(np.linalg.norm(moved)), 1e-12)
        moved_dense = _dense(index, moved.astype(np.float32), depth, allowed)
        lists = [(settings.dense_weight, moved_dense), (settings.lexical_weight, lexical)]
        fused = fuse(lists, settings.rrf_k)
    best = sum(weight for weight, _ in lists) / (settings.rrf_k + 1)
    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    if settings.coverage_depth:
        head = ranked[: max(settings.coverage_depth, k)]
        ranked = rerank_head(workspace, query, head, settings.coverage_floor, stems=stems,
                             weighting=settings.coverage_weighting)  # fmt: skip
    return [(key, min(score / best, 1.0)) for key, score in ranked[:k]]


def _dense(index: Any, vector: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[int]:
    _, keys = faiss_index.search(index, vector[None, :], depth, allowed)
    return [int(k) for k in keys[0]]


def rerank_head(
    workspace: Workspace,
    query: str,
    head: Sequence[tuple[int, float]],
    floor: float = 0.0,
    *,
    stems: dict[int, str] | None = None,
    weighting: CoverageWeighting = "head",
) -> list[tuple[int, float]]:
    """The head of a fused ranking re-ordered by score × query-term coverage (`rerank`).

    `weighting` "head" weighs each query word by the share of the head containing it,
    "uniform" counts every word alike; `stems` are the words' FTS5 stems if already known.
    """
    words = query_words(query)
    with workspace.snapshot() as db:
        if stems is None:
            stems = rerank.stem_words(db, words)
        # A Porter stem can end in a letter the word does not have ("warranty" → "warranti"):
        # compare clause words with what stem and query word share.
        prefixes = [rerank.shared_prefix(stems.get(i, w), w) for i, w in enumerate(words)]
        found = rerank.stems_found(db, prefixes, [key for key, _ in head])
    if weighting == "head":
        weights = rerank.head_weights(found, prefixes)
    else:
        weights = dict.fromkeys({p.lower() for p in prefixes}, 1.0)
    covered = rerank.weighted_coverage(found, weights)
    return rerank.rerank_by_coverage(head, covered, floor)


_HIT_SQL = (
    "SELECT c.pk, c.id, c.document, d.path, d.party, c.number, c.heading, c.page, c.start,"
    ' c."end", c.text, d.kind FROM clauses c JOIN documents d ON d.id = c.document'
    " WHERE c.pk IN (SELECT value FROM json_each(?))"
)


def hits(workspace: Workspace, ranked: Sequence[tuple[int, float]]) -> list[SearchHit]:
    """The clauses behind ranked keys, in rank order (keys no longer stored are dropped)."""
    with workspace.snapshot() as db:
        rows = {r[0]: r for r in db.execute(_HIT_SQL, (json.dumps([k for k, _ in ranked]),))}
    out = []
    for key, score in ranked:
        r = rows.get(key)
        if r is not None:
            out.append(SearchHit(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                                 round(score, 4), r[11]))  # fmt: skip
    return out


class Searcher:
    """Searches one workspace with one embedding function (load the model once, reuse)."""

    def __init__(
        self, workspace: Workspace, embed: EmbedFn, settings: HybridSettings = DEFAULT_SETTINGS
    ) -> None:
        self.workspace = workspace
        self.embed = embed
        self.settings = settings
        self._frequencies: dict[str, int] = {}  # document frequency by term, this generation
        self._generation = -1

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        topic: str | None = None,
        document: str | None = None,
        party: str | None = None,
        kind: str | None = None,
    ) -> list[SearchHit]:
        """The `k` best clauses for `query` among those the filters allow."""
        allowed = allowed_keys(self.workspace, topic=topic, document=document, party=party,
                               kind=kind)  # fmt: skip
        # Sequential on purpose: running the lexical query in a thread while torch embeds the
        # query oversubscribes 2 cores and made searches slower (43 ms against 25 ms p50 at
        # 100k clauses).
        vector = self.embed([query])[0]
        generation = self.workspace.generation()
        if generation != self._generation:
            self._frequencies, self._generation = {}, generation
        ranked = hybrid_ranking(
            self.workspace, query, vector, k, allowed, self.settings, self._frequencies
        )
        return hits(self.workspace, ranked)

    def close(self) -> None:
        """Release what the searcher holds (nothing yet; the workspace is the caller's)."""


def default_embed(workspace: Workspace) -> EmbedFn:
    """Embeds with the packaged model (loaded on first use) through the workspace's cache."""
    from rfp_assist.retrieval.embed import Embedder, EmbeddingCache, embed

    embedder, cache = Embedder(), EmbeddingCache(workspace.cache_path)
    return lambda texts: embed(texts, embedder, cache)


def query_embed(*, traced: bool = False) -> EmbedFn:
    """Embeds queries with the packaged model (loaded on first use), without a cache.

    A query is embedded once per search: storing it would cost a database write per search.
    `traced` for a process that serves many searches: tracing costs about 2.5 s of CPU once
    and then saves about a quarter of every query's embedding time (`bench/search_scale.py`);
    a one-shot command does better without it.
    """
    if traced:
        from rfp_assist.retrieval.query_encoder import QueryEncoder

        return QueryEncoder().encode
    from rfp_assist.retrieval.embed import Embedder

    return Embedder().encode


def search(
    workspace: Workspace,
    query: str,
    k: int = 10,
    topic: str | None = None,
    document: str | None = None,
    party: str | None = None,
    kind: str | None = None,
    *,
    embed: EmbedFn | None = None,
) -> list[SearchHit]:
    """The `k` best clauses of `workspace` for `query` (see `Searcher` to reuse the model)."""
    searcher = Searcher(workspace, embed or query_embed())
    try:
        return searcher.search(query, k, topic=topic, document=document, party=party, kind=kind)
    finally:
        searcher.close()

"""`ask` against plain search on cross-vendor questions over corpora/, with the gold labels.

For each question (one taxonomy topic each), a proposal counts as answered when one of its
clauses that corpora/gold/<proposal>.json labels with that topic is among the top K citations
(same document, same opening words). Plain search is `Searcher.search(question, K)`; ask is
`rfp_assist.llm.retrieve.retrieve` (topic / kind / vendor focus, one passage per document first),
both on the same workspace in the same run, so the time ratio compares like with like.

    .venv/bin/python bench/eval_ask.py [--workspace DIR] [--k 5] [--repeat 3]

Without --workspace the corpora are ingested into a temporary workspace first. Only the first
question was looked at while building the focus; the others were written afterwards.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.llm.retrieve import retrieve  # noqa: E402
from rfp_assist.retrieval.ingest import ingest_paths  # noqa: E402
from rfp_assist.retrieval.search import Searcher, SearchHit, default_embed  # noqa: E402
from rfp_assist.retrieval.store import Workspace  # noqa: E402

CORPORA = ROOT / "corpora"
QUESTIONS = (
    ("batch_failure", "Which CDMO pays for a failed batch?"),
    ("late_delivery", "What does each vendor offer if a batch is delivered late?"),
    ("liability_cap", "How is each vendor's liability capped?"),
    ("payment_terms", "What payment terms does each CDMO propose?"),
    ("cancellation", "What are the cancellation fees in each proposal?"),
    ("ip_ownership", "Who owns process improvements under each proposal?"),
    ("tech_transfer", "How long does technology transfer take with each CDMO?"),
    ("facilities", "How many GMP suites does each vendor have?"),
    ("insurance", "What insurance cover does each vendor carry?"),
    ("audit_rights", "What audit rights does each CDMO grant?"),
    ("capacity_reservation", "What slot reservation fees do the vendors charge?"),
    ("minimum_commitment", "Which vendors require a minimum batch commitment?"),
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def gold_openings(topic: str) -> dict[str, list[str]]:
    """Per proposal file name: the openings of its clauses labelled `topic`."""
    out: dict[str, list[str]] = {}
    for path in sorted((CORPORA / "gold").glob("*_proposal.json")):
        gold = json.loads(path.read_text())
        openings = [_norm(c["starts_with"]) for c in gold["clauses"] if topic in c["topics"]]
        if openings:
            out[gold["document"].rsplit("/", 1)[-1]] = openings
    return out


def answered(hits: list[SearchHit], gold: dict[str, list[str]]) -> set[str]:
    """The proposals with a gold clause among `hits`."""
    found = set()
    for hit in hits:
        name = hit.path.replace("\\", "/").rsplit("/", 1)[-1]
        head = _norm(hit.text)
        if any(o in head[: len(o) + 12] for o in gold.get(name, ())):
            found.add(name)
    return found


def timed(fn: Any, repeat: int) -> tuple[Any, float]:
    """The result of `fn()` and its median time in ms over `repeat` runs."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = args.workspace
    if folder is None:
        folder = Path(tempfile.mkdtemp()) / "ws"
        files = [
            p for sub in ("proposals", "msa", "rfp") for p in sorted((CORPORA / sub).iterdir())
        ]
        with Workspace(folder) as ws:
            ingest_paths(ws, files)
    workspace = Workspace(folder)
    searcher = Searcher(workspace, default_embed(workspace))
    searcher.search("warm up", 5)
    totals = {"search": 0, "ask": 0, "possible": 0}
    times: dict[str, list[float]] = {"search": [], "ask": []}
    print(f"{'topic':<22} {'proposals':>9} {'search':>6} {'ask':>4}  question")
    for topic, question in QUESTIONS:
        gold = gold_openings(topic)
        plain, t_plain = timed(lambda q=question: searcher.search(q, args.k), args.repeat)
        (_, asked), t_ask = timed(lambda q=question: retrieve(searcher, q, args.k), args.repeat)
        got_plain, got_ask = answered(plain, gold), answered(asked, gold)
        totals["search"] += len(got_plain)
        totals["ask"] += len(got_ask)
        totals["possible"] += len(gold)
        times["search"].append(t_plain)
        times["ask"].append(t_ask)
        print(f"{topic:<22} {len(gold):>9} {len(got_plain):>6} {len(got_ask):>4}  {question}")
        for name in sorted(set(gold) - got_ask):
            print(f"{'':<22} ask missed {name}")
    workspace.close()
    p50_search, p50_ask = statistics.median(times["search"]), statistics.median(times["ask"])
    possible = totals["possible"]
    print(f"\nproposals answered in the top {args.k}: search {totals['search']}/{possible},"
          f" ask {totals['ask']}/{possible}")  # fmt: skip
    print(f"median time per question: search {p50_search:.0f} ms, ask {p50_ask:.0f} ms"
          f" ({p50_ask / p50_search:.1f}x search)")  # fmt: skip


if __name__ == "__main__":
    main()

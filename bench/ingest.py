"""End-to-end ingest: ours (`rfp-assist ingest`) against the LangChain tutorial pipeline.

    python bench/ingest.py [--repeat 3] [--files A.pdf B.docx ...]

Files: every PDF and DOCX of `corpora/` and the 18 CUAD PDFs (`../shared/eval/cuad/pdf`).
Each run is a fresh child process, timed from the parent (interpreter start, imports and model
load included, for both pipelines alike):

- `ours_cold`: `rfp-assist ingest FILES --format json` into a new, empty workspace with an
  empty embedding cache: load (isolated worker per file), segment, classify, extract terms,
  embed, store in SQLite and write the FAISS index durably.
- `langchain`: the tutorial pipeline, PyPDFLoader, RecursiveCharacterTextSplitter(1000, 200),
  HuggingFaceEmbeddings (the same packaged model) and FAISS.from_documents, in memory only.
  DOCX files, which PyPDFLoader cannot read, are read as python-docx paragraphs (what
  Docx2txtLoader would do; docx2txt is not installed).
- `ours_warm`: the same command again on a cold run's workspace (every file `unchanged`).
- `ours_warm_cache` (informative): a new workspace that starts with a cold run's embedding
  cache: everything is parsed and analysed again, nothing is embedded again.

The machine is shared, so the two cold pipelines run alternately, `--repeat` rounds of ours
and LangChain in the order A B B A A B ...: background load, and a trend in it, falls on both
alike. Each figure is the median of its runs; `cold_ratio` is median wall time ours /
LangChain, `cold_cpu_ratio` the same for CPU time (user + system of the child and of the
children it reaped: our parse workers), which load disturbs less; `round_ratios` and
`round_cpu_ratios` are each round's own ratios (a round = one run of each, back to back) and
`round_ratio_median`, `round_cpu_ratio_median` their medians, the figures least moved by a
burst of someone else's load. Peak RSS is `ru_maxrss` of the
child (`os.wait4`; Linux folds in its largest reaped child, for ours a parse worker). Pages are
those our loaders count, the same figure for both pipelines' pages/s. JSON on stdout; the bar
is `cold_ratio` <= 1.0 and `warm_speedup` >= 20 (median ours cold / median ours warm).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CUAD_PDF = ROOT.parent / "shared" / "eval" / "cuad" / "pdf"
CLI = Path(sys.executable).with_name("rfp-assist")


def default_files() -> list[Path]:
    corpora = [p for p in sorted((ROOT / "corpora").rglob("*")) if p.suffix in (".pdf", ".docx")]
    return corpora + sorted(CUAD_PDF.glob("*.pdf"))


def timed(command: list[str]) -> dict[str, Any]:
    """Run `command`; its wall time, stdout (JSON) and peak RSS (its own or its children's)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        # wait4 gives this child's own rusage; Linux counts the largest of its reaped
        # children (our parse workers) in the same ru_maxrss.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode not in (0, 1):
            sys.exit(f"{command[:3]} failed ({child.returncode}): {err.read().decode()[-2000:]}")
        return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                "stdout": out.read().decode(), "maxrss_kb": usage.ru_maxrss}  # fmt: skip


def langchain_child(files: list[str]) -> None:
    """The LangChain tutorial pipeline over `files`; prints chunk and page counts as JSON."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.document_loaders import PyPDFLoader
        from langchain_community.vectorstores import FAISS
        from langchain_core.documents import Document
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

    sys.path.insert(0, str(ROOT))
    from rfp_assist.retrieval.embed import model_path

    docs: list[Any] = []
    for name in files:
        if name.endswith(".pdf"):
            docs.extend(PyPDFLoader(name).load())
        else:
            import docx

            text = "\n\n".join(p.text for p in docx.Document(name).paragraphs)
            docs.append(Document(page_content=text, metadata={"source": name}))
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = splitter.split_documents(docs)
    store = FAISS.from_documents(chunks, HuggingFaceEmbeddings(model_name=model_path()))
    json.dump({"chunks": len(chunks), "vectors": store.index.ntotal}, sys.stdout)


def ours(files: list[str], workspace: Path) -> dict[str, Any]:
    """`rfp-assist ingest` in a child; wall time, statuses and clause count."""
    run = timed([str(CLI), "ingest", *files, "--workspace", str(workspace), "--format", "json"])
    results = json.loads(run["stdout"])["files"]
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    errors = [r["error"] for r in results if r["status"] == "failed"]
    return {"seconds": run["seconds"], "cpu": run["cpu"], "statuses": statuses, "errors": errors,
            "clauses": sum(r["clauses"] for r in results),
            "maxrss_kb": run["maxrss_kb"]}  # fmt: skip


def langchain(files: list[str]) -> dict[str, Any]:
    """The LangChain pipeline in a child; wall time, chunks and peak RSS."""
    run = timed([sys.executable, __file__, "--langchain-child", *files])
    payload = json.loads(run["stdout"])
    return {"seconds": run["seconds"], "cpu": run["cpu"], "chunks": payload["chunks"],
            "maxrss_kb": run["maxrss_kb"]}  # fmt: skip


def pages_in(workspace: Path) -> int:
    with sqlite3.connect(workspace / "workspace.sqlite") as db:
        return int(db.execute("SELECT coalesce(sum(pages), 0) FROM documents").fetchone()[0])


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def summary(runs: list[dict[str, Any]], pages: int) -> dict[str, Any]:
    """Medians of wall time, CPU time and peak RSS over `runs`, with the median run's counts."""
    seconds = statistics.median(r["seconds"] for r in runs)
    out = {k: v for k, v in median_run(runs).items() if k not in ("seconds", "cpu", "maxrss_kb")}
    out.update(runs=len(runs), seconds=round(seconds, 2),
               cpu_seconds=round(statistics.median(r["cpu"] for r in runs), 2),
               pages_per_s=round(pages / seconds, 2),
               peak_rss_mb=round(statistics.median(r["maxrss_kb"] for r in runs) / 1024, 1),
               runs_s=[round(r["seconds"], 2) for r in runs],
               runs_cpu_s=[round(r["cpu"], 2) for r in runs])  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="+", type=Path, help="default: corpora/ + CUAD PDFs")
    parser.add_argument("--repeat", type=int, default=3, help="alternating cold rounds")
    parser.add_argument("--langchain-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.langchain_child:
        langchain_child(args.langchain_child)
        return
    files = [str(p.resolve()) for p in (args.files or default_files())]
    scratch = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        cold: list[dict[str, Any]] = []
        theirs: list[dict[str, Any]] = []
        for i in range(args.repeat):
            folder = scratch / f"cold-{i}"
            if i % 2:  # A B B A A B ...: a trend in the background load falls on both alike
                theirs.append(langchain(files))
            cold.append({**ours(files, folder), "workspace": folder})
            if not i % 2:
                theirs.append(langchain(files))
        workspace = median_run(cold)["workspace"]
        for r in cold:
            r.pop("workspace")
        warm = [ours(files, workspace) for _ in range(max(args.repeat, 3))]
        cached = scratch / "warm-cache"
        cached.mkdir()
        shutil.copy(workspace / "embeddings.sqlite", cached / "embeddings.sqlite")
        warm_cache = [ours(files, cached)]  # informative: one run
        pages = pages_in(workspace)
        ours_cold, lc = summary(cold, pages), summary(theirs, pages)
        pairs = list(zip(cold, theirs, strict=True))
        wall_ratios = [a["seconds"] / b["seconds"] for a, b in pairs]
        cpu_ratios = [a["cpu"] / b["cpu"] for a, b in pairs]
        ours_warm = summary(warm, pages)
        report = {
            "files": len(files),
            "pages": pages,
            "ours_cold": ours_cold,
            "langchain": lc,
            "ours_warm": ours_warm,
            "ours_warm_cache": summary(warm_cache, pages),
            "cold_ratio": round(ours_cold["seconds"] / lc["seconds"], 3),
            "cold_cpu_ratio": round(ours_cold["cpu_seconds"] / lc["cpu_seconds"], 3),
            "round_ratios": [round(r, 3) for r in wall_ratios],
            "round_cpu_ratios": [round(r, 3) for r in cpu_ratios],
            "round_ratio_median": round(statistics.median(wall_ratios), 3),
            "round_cpu_ratio_median": round(statistics.median(cpu_ratios), 3),
            "warm_speedup": round(ours_cold["seconds"] / ours_warm["seconds"], 1),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

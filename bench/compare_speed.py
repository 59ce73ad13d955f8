"""`rfp-assist compare` on 8 already-ingested proposals of 30+ pages each: wall-clock time.

    .venv/bin/python bench/compare_speed.py [--workspace DIR] [--repeat 5] [--full-baseline]

Builds 8 proposal PDFs of at least 30 pages from the corpora proposals' own clause text (each
proposal's clauses repeated with shifted section numbers, one party per file), ingests them
into a workspace (reused when --workspace already holds them), then times, as separate
processes (Python start-up and imports included), median of --repeat runs:

- `rfp-assist compare --workspace W --format json` (every proposal in the workspace);
- `rfp-assist compare FILE x8 --workspace W --format json` (hash each file, use the stored copy);

against a baseline measured in the same run: loading the same 8 PDFs (text, layout, clause
segmentation only; no understanding), the least any compare that re-reads files must do. With
--full-baseline, also a compare that reads the files afresh (load + understand, no workspace).
The CPU time (user + system) of the compare processes is reported too, with the load average:
on a shared machine the wall-clock time also measures everyone else's work.
JSON on stdout; the bar is compare from the workspace under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.loaders import load  # noqa: E402
from rfp_assist.pipeline import analyse  # noqa: E402

CLI = [sys.executable, "-m", "rfp_assist.cli"]
#: CPU seconds (user + system) of each timed run, by command ("compare"): what the process
#: itself costs, whatever else the machine is doing.
CPU_RUNS: dict[str, list[float]] = {}
PROPOSALS = sorted((ROOT / "corpora" / "proposals").iterdir())
_LEADING_NUMBER = re.compile(r"^((?:Section|ARTICLE|Article)\s+)?(\d+)(?=[.\s])")


def _shift(text: str, by: int) -> str:
    """The clause text with its leading section number moved up by `by` ("2.1" -> "12.1")."""
    return _LEADING_NUMBER.sub(lambda m: f"{m[1] or ''}{int(m[2]) + by}", text, count=1)


def build_pdf(source: Path, index: int, out: Path, min_pages: int = 30) -> int:
    """Write a proposal PDF of at least `min_pages` pages from `source`; return its page count."""
    from xml.sax.saxutils import escape

    import pypdfium2
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    analysis = analyse(load(source))
    party = analysis.party or source.stem
    styles = getSampleStyleSheet()
    repeats = 4
    while True:
        story = [
            Paragraph(escape(f"{party} Proposal P-{index:02d} for Northwind"), styles["Title"])
        ]
        for k in range(repeats):
            for clause in analysis.clauses:
                for para in _shift(clause.text, 10 * k).split("\n"):
                    if para.strip():
                        story.append(Paragraph(escape(para), styles["BodyText"]))
                story.append(Spacer(1, 4))
        SimpleDocTemplate(str(out), pagesize=LETTER, title=f"{party} {index}").build(story)
        pages = len(pypdfium2.PdfDocument(str(out)))
        if pages >= min_pages:
            return pages
        repeats += 1 + (min_pages - pages) * repeats // max(pages, 1)


def _median_run(command: list[str], repeat: int) -> tuple[float, list[float]]:
    """Median wall-clock seconds of `repeat` runs (and the runs); CPU time goes to CPU_RUNS."""
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        CPU_RUNS.setdefault(command[3], []).append(cpu)
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(command[:4])}…: exit {done.returncode}: {done.stderr.decode()[-500:]}"
            )
    return statistics.median(times), [round(t, 3) for t in times]


def main() -> None:
    """Build, ingest, time and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="workspace to (re)use")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--full-baseline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.workspace or Path(tmp) / "ws"
        files_dir = folder.parent / f"{folder.name}_pdfs"
        files_dir.mkdir(parents=True, exist_ok=True)
        files, pages = [], []
        for i in range(8):
            out = files_dir / f"proposal_{i:02d}.pdf"
            if not out.exists():
                build_pdf(PROPOSALS[i % len(PROPOSALS)], i, out)
            files.append(out)
            import pypdfium2

            pages.append(len(pypdfium2.PdfDocument(str(out))))
        start = time.perf_counter()
        ingest = subprocess.run(
            [*CLI, "ingest", *map(str, files), "--workspace", str(folder)],
            capture_output=True,
            check=False,
        )
        ingest_s = time.perf_counter() - start
        if ingest.returncode != 0:
            raise SystemExit(f"ingest failed: {ingest.stderr.decode()[-500:]}")
        ws_cmd = [*CLI, "compare", "--workspace", str(folder), "--format", "json"]
        files_cmd = [
            *CLI,
            "compare",
            *map(str, files),
            "--workspace",
            str(folder),
            "--format",
            "json",
        ]
        _median_run(ws_cmd, 1)  # warm the OS file cache once, like any second run
        ws_s, ws_runs = _median_run(ws_cmd, args.repeat)
        files_s, files_runs = _median_run(files_cmd, args.repeat)
        base_runs = []
        for _ in range(max(1, args.repeat // 2)):
            start = time.perf_counter()
            for f in files:
                analyse(load(f))
            base_runs.append(time.perf_counter() - start)
        base_s = statistics.median(base_runs)
        cpu = CPU_RUNS.get("compare", [])
        clauses = json.loads(subprocess.run(ws_cmd, capture_output=True, check=True).stdout)
        result = {
            "documents": len(files),
            "pages": pages,
            "cells": sum(len(t["cells"]) for t in clauses["topics"]),
            "ingest_s (info, includes reading)": round(ingest_s, 1),
            "compare_workspace_s": round(ws_s, 3),
            "compare_workspace_runs": ws_runs,
            "compare_files_in_workspace_s": round(files_s, 3),
            "compare_files_runs": files_runs,
            "baseline_parse_only_s": round(base_s, 3),
            "ratio_baseline_over_compare_workspace": round(base_s / ws_s, 2),
            "compare_cpu_s_median (all compare runs, user+sys)": round(statistics.median(cpu), 3),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "bar_under_2s": ws_s < 2.0,
        }
        if args.full_baseline:
            full_cmd = [
                *CLI,
                "compare",
                *map(str, files),
                "--workspace",
                str(Path(tmp) / "none"),
                "--format",
                "json",
            ]
            full_s, _ = _median_run(full_cmd, 1)
            result["baseline_full_reread_s"] = round(full_s, 2)
            result["ratio_full_reread_over_compare_workspace"] = round(full_s / ws_s, 1)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

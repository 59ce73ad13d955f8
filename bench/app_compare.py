"""The compare page for 8 ingested proposals (30+ pages each): time until it is on screen.

    .venv/bin/python bench/app_compare.py [--workspace DIR] [--repeat 5]

Builds the 8 proposal PDFs of bench/compare_speed.py (the corpora proposals' clause text
repeated to 30+ pages) and ingests them (reused when --workspace already holds them). Then
starts the app (`rfp-assist app`) and, in Debian's chromium driven by Playwright, times
until the matrix grid and the download button are visible, three ways (see `page_seconds`):
a fresh browser profile opening /compare, a new tab of a browser that has the app open (a
new Streamlit session), and a click on Compare in the open app. Each is a new or rerun
script; the comparison itself is cached per workspace state after the server's first one.

Baseline in the same run: the library's own comparison from the workspace
(`load_record` x 8 + `build_comparison`), timed in this process. JSON on stdout; the bar is
the page on screen in under 3 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compare_speed import PROPOSALS, build_pdf  # noqa: E402

from rfp_assist.analysis.playbook import load_playbook  # noqa: E402
from rfp_assist.report.matrix_source import build_comparison, load_record  # noqa: E402
from rfp_assist.retrieval.store import Workspace  # noqa: E402
from rfp_assist.ui.serve import AppServer  # noqa: E402
from rfp_assist.understand import DEFAULT_PLAYBOOK  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def prepare(folder: Path) -> list[Path]:
    """The 8 proposal PDFs, built and ingested into `folder` if not done already."""
    files_dir = folder.parent / f"{folder.name}_pdfs"
    files_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(8):
        out = files_dir / f"proposal_{i:02d}.pdf"
        if not out.exists():
            build_pdf(PROPOSALS[i % len(PROPOSALS)], i, out)
        files.append(out)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rfp_assist.cli",
            "ingest",
            *map(str, files),
            "--workspace",
            str(folder),
        ],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr.decode()[-500:]}")
    return files


def library_seconds(folder: Path, repeat: int) -> float:
    """Median time of the comparison itself, from the workspace, without any UI."""
    playbook = load_playbook(DEFAULT_PLAYBOOK)
    times = []
    with Workspace(folder) as ws:
        ids = [d["id"] for d in ws.documents() if d["kind"] == "proposal"]
        for _ in range(repeat):
            start = time.perf_counter()
            build_comparison([load_record(ws, i) for i in ids], playbook)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _on_screen(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("heading", name="Compare proposals").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.get_by_role("button", name="Download XLSX").wait_for()


def page_seconds(url: str, repeat: int) -> dict[str, list[float]]:
    """Seconds from asking for the compare page to the matrix on screen, three ways.

    `new_browser`: a fresh browser profile opens /compare (nothing cached: the page's
    JavaScript is downloaded and compiled too); `new_tab`: a new tab of a browser that has
    the app open (a new Streamlit session, assets cached); `navigate`: the user clicks
    Compare in the sidebar of the open app. The first `new_browser` run is the server's
    first compare (comparison computed, page code imported).
    """
    from playwright.sync_api import sync_playwright

    runs: dict[str, list[float]] = {"new_browser": [], "new_tab": [], "navigate": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(repeat + 1):
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            page = context.new_page()
            page.set_default_timeout(120_000)
            start = time.perf_counter()
            page.goto(f"{url}/compare")
            _on_screen(page)
            runs["new_browser"].append(time.perf_counter() - start)
            tab = context.new_page()
            tab.set_default_timeout(120_000)
            start = time.perf_counter()
            tab.goto(f"{url}/compare")
            _on_screen(tab)
            runs["new_tab"].append(time.perf_counter() - start)
            tab.goto(url)
            tab.get_by_role("heading", name="Upload & workspace").wait_for()
            start = time.perf_counter()
            tab.get_by_role("link", name="Compare").click()
            _on_screen(tab)
            runs["navigate"].append(time.perf_counter() - start)
            context.close()
        browser.close()
    return runs


def main() -> None:
    """Build, ingest, serve, time and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="workspace to (re)use")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.workspace or Path(tmp) / "ws"
        prepare(folder)
        with Workspace(folder) as ws:
            proposals = sum(d["kind"] == "proposal" for d in ws.documents())
            pages = [d["pages"] for d in ws.documents() if d["kind"] == "proposal"]
        base = library_seconds(folder, args.repeat)
        with AppServer(folder) as server:
            runs = page_seconds(server.url, args.repeat)
        cold = runs["new_browser"].pop(0)
        runs["new_tab"].pop(0)
        runs["navigate"].pop(0)
        result: dict[str, object] = {
            "proposals": proposals,
            "pages": pages,
            "baseline_library_compare_s": round(base, 3),
            "first_compare_of_the_server_s (new browser, comparison computed)": round(cold, 3),
        }
        for how, times in runs.items():
            result[f"{how}_median_s"] = round(statistics.median(times), 3)
            result[f"{how}_runs"] = [round(t, 3) for t in times]
            result[f"ratio_{how}_over_library"] = round(statistics.median(times) / base, 1)
        result["bar_under_3s (navigate and new_tab, every run)"] = (
            max(runs["navigate"] + runs["new_tab"]) < 3.0
        )
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""The compare page for 8 ingested proposals (30+ pages each): time until it is on screen.

    .venv/bin/python bench/app_compare.py [--workspace DIR] [--repeat 5] [--starts 3]

Builds the 8 proposal PDFs of bench/compare_speed.py (the corpora proposals' clause text
repeated to 30+ pages) and ingests them (reused when --workspace already holds them). Then,
in Debian's chromium driven by Playwright, times until the matrix grid and the download
button are visible:

1. fresh servers (--starts of them): `rfp-assist app` is started, and the moment its health
   check answers a fresh browser profile opens /compare: the server's very first compare,
   the wait of someone who opens Compare as soon as the server is up. The server answers
   once its warm-up has imported the page's code and computed the default comparison
   (`rfp_assist/ui/launch.py`), so its time to health is reported too, with the warm-up's
   share and the total from the start to the page on screen. The same again with the
   warm-up switched off (`RFP_ASSIST_WARM_UP=0`): what the warm-up changes;
2. on one server, three ways (see `page_seconds`): a fresh browser profile opening /compare,
   a new tab of a browser that has the app open (a new Streamlit session), and a click on
   Compare in the open app; and the floor: a fresh profile opening the Settings page (a
   title and a few widgets), what any page of this app costs on this machine now.

Baseline in the same run: the library's own comparison from the workspace
(`load_record` x 8 + `build_comparison`), timed in this process. JSON on stdout, with the
load average; the bar is the page on screen in under 3 s, every case.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compare_speed import PROPOSALS, build_pdf  # noqa: E402

from rfp_assist.analysis.playbook import load_playbook  # noqa: E402
from rfp_assist.report.matrix_source import build_comparison, load_record  # noqa: E402
from rfp_assist.retrieval.store import Workspace  # noqa: E402
from rfp_assist.ui.launch import READY, WARM_UP_ENV  # noqa: E402
from rfp_assist.ui.serve import AppServer, launch_chromium  # noqa: E402
from rfp_assist.understand import DEFAULT_PLAYBOOK  # noqa: E402

BAR_S = 3.0
VIEWPORT = {"width": 1500, "height": 1000}


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


def open_page(context: Any, url: str, on_screen: Callable[[Any], None] = _on_screen) -> float:
    """Seconds from a new tab of `context` asking for `url` to `on_screen` returning."""
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url)
    on_screen(page)
    return time.perf_counter() - start


def _settings_on_screen(page: Any) -> None:
    page.get_by_role("heading", name="Settings").wait_for()


def page_seconds(browser: Any, url: str, repeat: int) -> dict[str, list[float]]:
    """Seconds from asking for the compare page to the matrix on screen, three ways.

    `new_browser`: a fresh browser profile opens /compare (nothing cached: the page's
    JavaScript is downloaded and compiled too); `new_tab`: a new tab of a browser that has
    the app open (a new Streamlit session, assets cached); `navigate`: the user clicks
    Compare in the sidebar of the open app. And `floor_new_browser`: a fresh profile opening
    the Settings page until its title shows, what any page of the app costs (Streamlit's own
    JavaScript and session). One untimed round first.
    """
    runs: dict[str, list[float]] = {
        "new_browser": [],
        "new_tab": [],
        "navigate": [],
        "floor_new_browser": [],
    }
    for _ in range(repeat + 1):
        context = browser.new_context(viewport=VIEWPORT)
        runs["new_browser"].append(open_page(context, f"{url}/compare"))
        runs["new_tab"].append(open_page(context, f"{url}/compare"))
        tab = context.pages[-1]
        tab.goto(url)
        tab.get_by_role("heading", name="Upload & workspace").wait_for()
        start = time.perf_counter()
        tab.get_by_role("link", name="Compare").click()
        _on_screen(tab)
        runs["navigate"].append(time.perf_counter() - start)
        context.close()
        context = browser.new_context(viewport=VIEWPORT)
        runs["floor_new_browser"].append(open_page(context, f"{url}/settings", _settings_on_screen))
        context.close()
    return {how: times[1:] for how, times in runs.items()}


def fresh_start(browser: Any, folder: Path, log: Path, *, warm_up: bool) -> dict[str, float]:
    """Start a server; open /compare in a fresh profile the moment it answers its health check.

    Seconds from the start of `rfp-assist app` to its health check's first answer (with the
    warm-up, the server answers once warm: `warm_up_s`, read from its log line, is part of
    it), then the first compare's own wait after that answer.
    """
    env = {} if warm_up else {WARM_UP_ENV: "0"}
    with AppServer(folder, log=log, env=env) as server:
        context = browser.new_context(viewport=VIEWPORT)
        first = open_page(context, f"{server.url}/compare")
        context.close()
        timing = {"health_s": server.health_seconds, "first_compare_s": first}
        if warm_up:
            server.wait_for_log(READY)
            said = re.search(rf"{READY} in ([0-9.]+) s", server.log_text())
            assert said is not None
            timing["warm_up_s"] = float(said[1])
    return {k: round(v, 3) for k, v in timing.items()}


def _median(starts: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(s[key] for s in starts), 3)


def main() -> None:
    """Build, ingest, serve, time and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="workspace to (re)use")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--starts", type=int, default=3, help="fresh servers, each way")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.workspace or Path(tmp) / "ws"
        prepare(folder)
        with Workspace(folder) as ws:
            pages = [d["pages"] for d in ws.documents() if d["kind"] == "proposal"]
        base = library_seconds(folder, args.repeat)
        load_before = os.getloadavg()[0]
        log = Path(tmp) / "server.log"
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            warm = [fresh_start(browser, folder, log, warm_up=True) for _ in range(args.starts)]
            cold = [fresh_start(browser, folder, log, warm_up=False) for _ in range(args.starts)]
            with AppServer(folder) as server:
                runs = page_seconds(browser, server.url, args.repeat)
            browser.close()
    firsts = [s["first_compare_s"] for s in warm]
    result: dict[str, object] = {
        "proposals": len(pages),
        "pages": pages,
        "load_average_1min (before, after)": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "baseline_library_compare_s": round(base, 3),
        "fresh_server_health_median_s (served once warm)": _median(warm, "health_s"),
        "warm_up_median_s (inside the health time)": _median(warm, "warm_up_s"),
        "first_compare_at_health_median_s": _median(warm, "first_compare_s"),
        "fresh_server_runs": warm,
        "without_warm_up_health_median_s": _median(cold, "health_s"),
        "without_warm_up_first_compare_median_s": _median(cold, "first_compare_s"),
        "without_warm_up_runs": cold,
        "ratio_first_compare_over_library": round(statistics.median(firsts) / base, 1),
        "start_to_compare_on_screen_median_s (warm-up, none)": [
            round(statistics.median(s["health_s"] + s["first_compare_s"] for s in runs_of), 3)
            for runs_of in (warm, cold)
        ],
    }
    for how, times in runs.items():
        result[f"{how}_median_s"] = round(statistics.median(times), 3)
        result[f"{how}_runs"] = [round(t, 3) for t in times]
        result[f"ratio_{how}_over_library"] = round(statistics.median(times) / base, 1)
    floor = statistics.median(runs["floor_new_browser"])
    result["ratio_new_browser_over_floor (any page, fresh profile)"] = round(
        statistics.median(runs["new_browser"]) / floor, 2
    )
    every = firsts + [t for how, times in runs.items() if how != "floor_new_browser" for t in times]
    result[f"bar_under_{BAR_S:g}s (every run: first compare, new browser, new tab, click)"] = (
        max(every) < BAR_S
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

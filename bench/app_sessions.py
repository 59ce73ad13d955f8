"""Five concurrent browser sessions: each keeps its own selections and progress; memory after.

    .venv/bin/python bench/app_sessions.py [--sessions 5] [--ttl 60]

Starts the app on a fresh workspace and drives Debian's chromium with Playwright:

1. warm-up: one session uploads the RFP and opens the compare page, then closes (this loads
   the embedding model and the page code once, as the first user of any server does);
   once Streamlit has dropped that session (`server.disconnectedSessionTTL`, set to --ttl
   seconds here instead of the default 120; at 5 s a busy 2-core machine dropped an idle
   session's websocket for longer than that, and the session with it), the server's
   resident memory is the start;
2. five sessions at once (one browser context each) each upload a different corpora
   proposal (all five uploads in flight together), then each checks that its own progress
   line names its own file and no other, that its review page opened its own document, and
   on the compare page sets its own scorecard weight and checks, after every session has
   set one, that it still reads its own value;
3. the sessions close; after the TTL, the server's memory is read again.

JSON on stdout: per-session checks, memory at start, peak, end, and end/start (bar: the end
within 20% of the start, every session's checks true).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.ui.serve import AppServer, launch_chromium  # noqa: E402

PROPOSALS = sorted((ROOT / "corpora" / "proposals").iterdir())
RFP = ROOT / "corpora" / "rfp" / "rfp_aav_manufacturing.docx"
TIMEOUT_MS = 600_000


class PeakMemory:
    """Samples the server's resident memory every 0.2 s in a thread; keeps the peak."""

    def __init__(self, server: AppServer) -> None:
        self.server, self.peak, self._stop = server, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss_bytes())
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def settled_rss(server: AppServer, ttl: float) -> int:
    """The server's memory once disconnected sessions are gone (TTL + the cleanup tick)."""
    time.sleep(ttl + 5)
    samples = []
    for _ in range(5):
        samples.append(server.rss_bytes())
        time.sleep(0.5)
    return min(samples)


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    """A new browser session (its own context: cookies, websocket, Streamlit session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.get_by_role("heading", name="Upload & workspace").wait_for()
    return context, page


def upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Put a file in the uploader and press the button (does not wait for the ingest)."""
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_role("button", name="Add to workspace").click()


def capability(page):  # type: ignore[no-untyped-def]
    """The scorecard's Capability weight box."""
    return page.get_by_role("spinbutton", name="Capability", exact=True)


def idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app is not running a script for this session."""
    for _ in range(120):
        page.wait_for_timeout(500)
        if not page.locator('[data-testid="stStatusWidget"]').is_visible():
            return


def settled_weight(page) -> float:  # type: ignore[no-untyped-def]
    """The Capability weight once the app has finished its run (three equal reads in a row)."""
    reads: list[float] = []
    for _ in range(60):
        page.wait_for_timeout(500)
        if page.locator('[data-testid="stStatusWidget"]').is_visible():
            continue  # a run is in progress: its elements may still be the old ones
        reads.append(float(capability(page).input_value()))
        if len(reads) >= 3 and reads[-1] == reads[-2] == reads[-3]:
            break
    return reads[-1]


def set_weight(page, value: int) -> None:  # type: ignore[no-untyped-def]
    """Type a Capability weight and wait until the app has taken it (the box keeps it)."""
    for _ in range(5):
        box = capability(page)
        box.fill(str(value))
        box.press("Enter")
        if settled_weight(page) == value:
            return
    raise RuntimeError(f"the weight {value} did not stick")


def main() -> None:
    """Run the sessions and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--ttl", type=int, default=60)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    files = PROPOSALS[: args.sessions]
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(args.ttl)}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        with AppServer(Path(tmp) / "ws", env=env) as server:
            fresh = server.rss_bytes()
            context, page = open_page(browser, server.url)
            upload(page, RFP)
            page.get_by_text(f"{RFP.name}: added").first.wait_for()
            page.goto(f"{server.url}/compare")
            page.get_by_role("heading", name="Compare proposals").wait_for()
            context.close()
            start = settled_rss(server, args.ttl)
            with PeakMemory(server) as peak:
                sessions = [open_page(browser, server.url) for _ in files]
                for (_, page), path in zip(sessions, files, strict=True):
                    upload(page, path)  # all in flight before any is awaited
                checks = []
                for (_, page), path in zip(sessions, files, strict=True):
                    page.get_by_text(f"{path.name}: added").first.wait_for()
                    text = page.locator('[data-testid="stMain"]').inner_text()
                    others = [p.name for p in files if p != path and p.name in text]
                    checks.append({"file": path.name, "own_progress": not others})
                for (_, page), check in zip(sessions, checks, strict=True):
                    page.get_by_role("button", name="Open in review").click()
                    page.get_by_role("heading", name="Document review").wait_for()
                    picker = page.locator('[data-testid="stSelectbox"] input').first
                    check["review_opens_own_document"] = check["file"] in picker.input_value()
                for i, (_, page) in enumerate(sessions):
                    page.get_by_role("link", name="Compare").click()
                    page.get_by_role("heading", name="Compare proposals").wait_for()
                    page.get_by_role("tab", name="Scorecard").click()
                    set_weight(page, 11 + i)
                for i, ((_, page), check) in enumerate(zip(sessions, checks, strict=True)):
                    page.get_by_role("tab", name="Matrix").click()
                    # Like a person: look at the matrix (its run finished) before going back.
                    page.get_by_role("combobox", name="Topic", exact=True).wait_for()
                    idle(page)
                    page.get_by_role("tab", name="Scorecard").click()
                    value = settled_weight(page)
                    check["weight_seen"] = value
                    check["own_weight_kept"] = value == 11 + i
                for context, _ in sessions:
                    context.close()
            end = settled_rss(server, args.ttl)
        browser.close()
    mb = 2**20
    result = {
        "sessions": len(files),
        "checks": checks,
        "all_checks_pass": all(
            c["own_progress"] and c["review_opens_own_document"] and c["own_weight_kept"]
            for c in checks
        ),
        "rss_fresh_server_mb": round(fresh / mb, 1),
        "rss_start_mb (after warm-up session closed)": round(start / mb, 1),
        "rss_peak_mb": round(peak.peak / mb, 1),
        "rss_end_mb": round(end / mb, 1),
        "ratio_end_over_start": round(end / start, 3),
        "bar_within_20pct": abs(end / start - 1) <= 0.20,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

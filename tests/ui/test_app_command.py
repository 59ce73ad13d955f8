"""`rfp-assist app` as a user starts it: a first run on a machine where Streamlit never ran.

Streamlit asks for an e-mail address on its first non-headless run and fails when nobody can
answer (`make demo` piped, a service manager). The command must serve without asking, and
open the browser itself once the server answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rfp_assist.ui.serve import free_port, open_when_ready, wait_healthy


def test_first_run_serves_without_asking_and_opens_the_browser(tmp_path: Path) -> None:
    home = tmp_path / "home"  # no ~/.streamlit: Streamlit's first run
    home.mkdir()
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"  # stands in for the user's browser: records the URL
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', "utf-8")
    browser.chmod(0o755)
    port = free_port()
    env = {**os.environ, "HOME": str(home), "BROWSER": str(browser), "RFP_ASSIST_WARM_UP": "0"}
    command = [sys.executable, "-m", "rfp_assist.cli", "app", "--workspace",
               str(tmp_path / "ws"), "--port", str(port), "--host", "127.0.0.1"]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_healthy(url, lambda: process.poll() is None, 120) is not None, (
            process.stdout.read().decode() if process.poll() is not None and process.stdout else ""
        )
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text("utf-8").strip() == url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert b"Email" not in output


def test_no_browser_is_opened_for_a_server_that_never_answers() -> None:
    assert open_when_ready("http://127.0.0.1:9", lambda: False, timeout=5) is False

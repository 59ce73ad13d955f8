"""Serving the app: `run_app` is `rfp-assist app`; `AppServer` runs it on a free local port for
tests and benches, and `launch_chromium` is the one way they open Debian's chromium on it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any

CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a headless chromium in a container (see platform-notes.md).
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch_chromium(playwright: Any) -> Any:
    """Debian's chromium, headless, through a started Playwright (`sync_playwright()`)."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: `apt-get install -y chromium`")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
    )


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, alive: Callable[[], bool], timeout: float) -> float | None:
    """Seconds until the app at `url` answers its health check; None if it died or timed out."""
    started = time.monotonic()
    while time.monotonic() < started + timeout and alive():
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    return None


def open_when_ready(url: str, alive: Callable[[], bool], timeout: float = 300.0) -> bool:
    """Open `url` in the user's browser once the app answers there; False if it never did."""
    if wait_healthy(url, alive, timeout) is None:
        return False
    return webbrowser.open(url)


def run_app(
    workspace: str | None, *, port: int, host: str, open_browser: bool, max_bytes: int
) -> int:
    """Serve the app (Streamlit, warmed up by `launch`) until it stops; its exit code."""
    script = resources.files("rfp_assist.ui").joinpath("app.py")
    env = dict(os.environ)
    if workspace:
        env["RFP_ASSIST_HOME"] = os.path.abspath(workspace)
    limit_mb = max_bytes / 2**20
    env["RFP_ASSIST_MAX_MB"] = f"{limit_mb:g}"
    # Always headless: otherwise Streamlit's first run asks for an e-mail address on the
    # terminal (and fails without one); the browser is opened from here once the server answers.
    command = [sys.executable, "-m", "rfp_assist.ui.launch", "run", str(script),
               "--server.port", str(port), "--server.address", host,
               "--server.headless", "true",
               "--server.maxUploadSize", str(max(1, int(limit_mb + 1))),
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    if open_browser:

        def alive() -> bool:
            return process.poll() is None

        url = f"http://{host}:{port}"
        threading.Thread(target=open_when_ready, args=(url, alive), daemon=True).start()
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the server too: it stops on its own
        process.wait()
        return 0


class AppServer:
    """`rfp-assist app` on a workspace, started in its own process group and stopped with it."""

    def __init__(
        self,
        workspace: Path,
        *,
        port: int | None = None,
        log: Path | None = None,
        env: dict[str, str] | None = None,
    ):
        self.workspace = workspace
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.started = 0.0  # time.monotonic() when the process was started
        self._log_from = 0  # where this start's lines begin in the (appended) log
        self.health_seconds = 0.0  # from the start to the first answer of the health check

    def start(self, timeout: float = 120.0) -> AppServer:
        """Start the server and wait until its health endpoint answers."""
        if self.log is not None and self._log is None:
            self._log = open(self.log, "ab")  # noqa: SIM115 - closed in stop()
        out = self._log if self._log is not None else subprocess.DEVNULL
        self._log_from = self._log.tell() if self._log is not None else 0
        command = [
            sys.executable,
            "-m",
            "rfp_assist.cli",
            "app",
            "--workspace",
            str(self.workspace),
            "--port",
            str(self.port),
            "--host",
            "127.0.0.1",
            "--no-browser",
        ]
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            **self.extra_env,
        }
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        process = self.process
        waited = wait_healthy(self.url, lambda: process.poll() is None, timeout)
        if waited is not None:
            self.health_seconds = waited
            return self
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode}")
        self.stop()
        raise TimeoutError(f"the app did not answer on {self.url} within {timeout:g} s")

    def log_text(self) -> str:
        """What the server has written to its log since this start (needs `log`)."""
        if self.log is None:
            raise ValueError("the server was started without a log file")
        if self._log is not None:
            self._log.flush()
        with open(self.log, "rb") as lines:
            lines.seek(self._log_from)
            return lines.read().decode(errors="replace")

    def wait_for_log(self, text: str, timeout: float = 120.0) -> float:
        """Seconds from the start until the server's log holds `text` (needs `log`)."""
        deadline = time.monotonic() + timeout
        while text not in self.log_text():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} did not appear in {self.log} within {timeout:g} s")
            time.sleep(0.05)
        return time.monotonic() - self.started

    def rss_bytes(self) -> int:
        """Resident memory of the server's processes, summed (from /proc)."""
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                continue
        return total

    def pids(self) -> list[int]:
        """The server's process ids (the `rfp-assist app` launcher and Streamlit under it)."""
        if self.process is None:
            return []
        found = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[2]) == self.process.pid:  # field 4: parent pid
                    found.append(int(entry.name))
        return found

    def stop(self) -> None:
        """Stop the server's process group (only the processes this object started)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

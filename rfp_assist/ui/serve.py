"""Run the app as a server process on a free local port (for tests and benches; no Streamlit)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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

    def start(self, timeout: float = 120.0) -> AppServer:
        """Start the server and wait until its health endpoint answers."""
        if self.log is not None and self._log is None:
            self._log = open(self.log, "ab")  # noqa: SIM115 - closed in stop()
        out = self._log if self._log is not None else subprocess.DEVNULL
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
        self.process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"the app did not answer on {self.url} within {timeout:g} s")

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
